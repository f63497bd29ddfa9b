/** 在线申请: the applicant, logged in with a public account, fills the e-form and uploads the materials. */
import { useEffect, useState } from 'react';
import { Alert, Card, Result, Spin } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import type { Me } from '../../../app/session.tsx';
import { PublicShell } from './PublicShell.tsx';
import { ApplicationForm } from './ApplicationForm.tsx';
import { matter, publicLoginPath, publicMe, publicProfile, type PublicProfile, type Receipt } from './journey-api.ts';

export default function ApplyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  // What the account already knows (name, ID number, phone) pre-fills the applicant.
  const [profile, setProfile] = useState<PublicProfile | null | undefined>(undefined);
  const data = useLoad(() => matter(code), [code]);

  useEffect(() => {
    void publicMe().then((m) => {
      if (!m) navigate(publicLoginPath(`/services/${code}/apply`), { replace: true });
      else {
        setMe(m);
        void publicProfile().then(setProfile, () => setProfile(null));
      }
    }, () => setMe(null));
  }, [code, navigate]);

  if (me === undefined || (me && profile === undefined) || (data.loading && !data.data)) return <PublicShell><Spin style={{ display: 'block', margin: 48 }} /></PublicShell>;
  if (!data.data) return <PublicShell><Result status="404" title={t('approvals.journey.guide.notFound')} /></PublicShell>;
  const m = data.data;
  return (
    <PublicShell>
      {/* The guide is the server's page (portal /services/<code>, issue 18): a plain link, not a client route. */}
      <Card title={<span data-testid="apply-title">{t('approvals.journey.apply.title', { name: m.name })}</span>} extra={<a href={`/services/${encodeURIComponent(m.code)}`} data-testid="apply-guide">{t('approvals.journey.apply.guide')}</a>}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('approvals.journey.apply.intro', { days: m.promisedDays })} />
        <ApplicationForm matter={m} uploadUrl="/api/public/approvals/uploads" submitText={t('approvals.journey.apply.submit')}
          initialApplicant={profile
            ? { kind: profile.kind, name: profile.name, idNumber: profile.idNumber ?? undefined, phone: profile.phone ?? undefined }
            : me ? { name: me.user.displayName, phone: /^1\d{10}$/.test(me.user.username) ? me.user.username : undefined } : undefined}
          fromAccount
          onSubmit={async (v) => {
            const r = await api.post<Receipt>('/api/public/approvals/cases', v);
            navigate(`/receipt/${r.caseNo}`, { state: r });
          }} />
      </Card>
    </PublicShell>
  );
}
