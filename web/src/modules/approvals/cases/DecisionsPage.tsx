/** 审批决定: cases waiting for the leader's decision (grant / deny with reasons) and decided ones to deliver. */
import { useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { CaseList, type CaseSummary } from './CaseList.tsx';

export default function DecisionsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending_decision' | 'in_review' | 'decided'>('pending_decision');
  const data = useLoad(() => api.get<CaseSummary[]>('/api/approvals/cases', { status, limit: 200 }), [status]);
  return (
    <CaseList testId="decisions" title={t('approvals.cases.decide.inbox')} intro={t('approvals.cases.decide.inboxIntro')} data={data}
      toolbar={<Segmented value={status} onChange={(v) => setStatus(v as typeof status)} options={[
        { value: 'pending_decision', label: t('approvals.journey.status.pending_decision') },
        { value: 'in_review', label: t('approvals.journey.status.in_review') },
        { value: 'decided', label: t('approvals.journey.status.decided') },
      ]} />} />
  );
}
