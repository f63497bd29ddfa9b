/** 办件查询: every case in the post's scope, filtered by status, light or matter. */
import { useState } from 'react';
import { Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { CaseList, type CaseSummary } from './CaseList.tsx';

const STATUSES = ['submitted', 'supplement_requested', 'resubmitted', 'refused', 'in_review', 'pending_decision', 'decided', 'completed', 'withdrawn'];

export default function CasesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [warnLevel, setWarnLevel] = useState<string | undefined>(undefined);
  const [matterCode, setMatterCode] = useState('');
  const data = useLoad(() => api.get<CaseSummary[]>('/api/approvals/cases', { status, warnLevel, matterCode, limit: 500 }), [status, warnLevel, matterCode]);
  return (
    <CaseList testId="all-cases" title={t('approvals.cases.all.title')} data={data}
      toolbar={(
        <Space wrap>
          <Select allowClear aria-label={t('approvals.cases.list.status')} placeholder={t('approvals.cases.list.status')} style={{ width: 150 }} value={status} onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: t(`approvals.journey.status.${s}`) }))} />
          <Select allowClear aria-label={t('approvals.cases.all.light')} placeholder={t('approvals.cases.all.light')} style={{ width: 120 }} value={warnLevel} onChange={setWarnLevel}
            options={['green', 'yellow', 'red'].map((s) => ({ value: s, label: t(`approvals.cases.lights.${s}`) }))} />
          <Input.Search allowClear placeholder={t('approvals.cases.all.matterCode')} style={{ width: 200 }} onSearch={(v) => setMatterCode(v.trim())} />
        </Space>
      )} />
  );
}
