/** 审查待办: cases whose active stage waits for the reviewer's department (parallel stages: all at once). */
import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { departmentName } from '../journey/labels.ts';
import { CaseList, type CaseSummary } from './CaseList.tsx';

const DEPARTMENTS = ['landuse', 'planning', 'farmland', 'legal', 'mineral', 'hazard', 'office', 'bureau'];

export default function ReviewInboxPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const post = me.posts.find((p) => p.id === me.activePostId);
  // The department is the post's unit label under the bureau (…520304.landuse → landuse).
  const label = post?.scopePath.split('.').pop() ?? '';
  const [department, setDepartment] = useState(DEPARTMENTS.includes(label) ? label : 'bureau');
  const data = useLoad(() => api.get<CaseSummary[]>('/api/approvals/cases', { department, status: 'in_review', limit: 200 }), [department]);
  return (
    <CaseList testId="review-inbox" title={t('approvals.cases.review.inbox')} intro={t('approvals.cases.review.inboxIntro')} data={data}
      toolbar={<Select value={department} onChange={setDepartment} style={{ width: 160 }} aria-label={t('approvals.cases.review.department')}
        options={DEPARTMENTS.map((d) => ({ value: d, label: departmentName(t, d) }))} />} />
  );
}
