/** The link in a warning SMS: opening it acknowledges (签收) for that person and site. */
import { useEffect, useState } from 'react';
import { Result, Spin } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';

export default function AckPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    api.post<{ warningNo: string; siteName: string; already: boolean }>(`/api/public/hazards/ack/${encodeURIComponent(token)}`)
      .then((r) => setState({ ok: true, text: t(r.already ? 'hazards.public.already' : 'hazards.public.acked', { site: r.siteName, no: r.warningNo }) }))
      .catch((e: unknown) => setState({ ok: false, text: errorText(t, e) }));
  }, [token, t]);
  return (
    <PublicShell width={720}>
      <h1 style={{ fontSize: 24 }}>{t('hazards.public.ackTitle')}</h1>
      {state ? <Result status={state.ok ? 'success' : 'warning'} title={<span data-testid="ack-result">{state.text}</span>} /> : <Spin tip={t('hazards.public.acking')}><div style={{ height: 80 }} /></Spin>}
    </PublicShell>
  );
}
