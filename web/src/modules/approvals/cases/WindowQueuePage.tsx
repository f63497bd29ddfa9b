/** 窗口受理: submitted and resubmitted cases, longest waiting first, with the time each has waited. */
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { CaseList, waitingText, type CaseSummary } from './CaseList.tsx';

export default function WindowQueuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const data = useLoad(() => api.get<CaseSummary[]>('/api/approvals/window/queue', { limit: 200 }), []);
  return (
    <CaseList testId="window-queue" title={t('approvals.cases.window.title')} intro={t('approvals.cases.window.intro')} data={data}
      toolbar={<Button type="primary" onClick={() => navigate('/app/approvals-walk-in')}>{t('approvals.cases.window.walkIn')}</Button>}
      extraColumns={[{ title: t('approvals.cases.window.waiting'), dataIndex: 'waitingMinutes', width: 120, render: (v: number | null) => <span data-testid="waiting">{waitingText(t, v)}</span> }]} />
  );
}
