/** 审查待办: cases whose active stage waits for the reviewer's department (parallel stages: all at once). */
import { useEffect, useState } from 'react';
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
  const [department, setDepartment] = useState<string | null>(null);
  // The department is the label of the post's unit under the bureau (…520304.landuse → landuse), as the server reckons it.
  useEffect(() => {
    if (!post) return;
    void api.get<{ id: number; path: string; kind: string }[]>('/api/org-units').then((units) => {
      const unit = units.find((u) => u.id === post.orgUnitId);
      const label = unit && unit.kind !== 'bureau' ? unit.path.split('.').pop() ?? 'bureau' : 'bureau';
      setDepartment(label);
    }, () => setDepartment('bureau'));
  }, [post]);
  const data = useLoad(() => (department ? api.get<CaseSummary[]>('/api/approvals/cases', { department, status: 'in_review', limit: 200 }) : Promise.resolve([])), [department]);
  return (
    <CaseList testId="review-inbox" title={t('approvals.cases.review.inbox')} intro={t('approvals.cases.review.inboxIntro')} data={data}
      toolbar={<Select value={department} onChange={setDepartment} style={{ width: 180 }} aria-label={t('approvals.cases.review.department')}
        options={[...new Set([...DEPARTMENTS, ...(department ? [department] : [])])].map((d) => ({ value: d, label: departmentName(t, d) }))} />} />
  );
}
