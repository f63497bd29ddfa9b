/** 窗口收件: the window enters a walk-in application with the scanned materials; the time-to-accept starts now. */
import { useState } from 'react';
import { App, Card, Result, Select, Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { ApplicationForm } from '../journey/ApplicationForm.tsx';
import { matter, matters, type Receipt } from '../journey/journey-api.ts';

export default function WalkInPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useLoad(matters, []);
  const [code, setCode] = useState<string | null>(null);
  const chosen = useLoad(() => (code ? matter(code) : Promise.resolve(null)), [code]);
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  if (receipt) {
    return (
      <Card>
        <Result status="success" title={t('approvals.cases.walkIn.done')} subTitle={<span data-testid="walk-in-case-no">{receipt.caseNo}</span>}
          extra={<Space>
            <Button type="primary" onClick={() => navigate(`/app/approvals-window?no=${encodeURIComponent(receipt.caseNo)}`)}>{t('approvals.cases.walkIn.check')}</Button>
            <Button onClick={() => { setReceipt(null); setCode(null); }}>{t('approvals.cases.walkIn.another')}</Button>
          </Space>} />
      </Card>
    );
  }
  return (
    <Card title={t('approvals.cases.walkIn.title')}>
      <div data-testid="walk-in-matter">
        <Select showSearch optionFilterProp="label" aria-label={t('approvals.cases.walkIn.matter')} placeholder={t('approvals.cases.walkIn.matter')} style={{ width: 360, marginBottom: 16 }} value={code} onChange={setCode}
          loading={list.loading} options={(list.data ?? []).map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))} />
      </div>
      {chosen.data && (
        <ApplicationForm key={chosen.data.code} matter={chosen.data} uploadUrl="/api/files" submitText={t('approvals.cases.walkIn.submit')}
          onSubmit={async (v) => {
            const r = await api.post<Receipt>('/api/approvals/cases', v);
            message.success(t('approvals.cases.walkIn.done'));
            setReceipt(r);
          }} />
      )}
    </Card>
  );
}
