/** 办事指南: every active matter, searchable; each opens its guide. */
import { useMemo, useState } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../../components/useLoad.ts';
import { PublicShell } from './PublicShell.tsx';
import { matters, type MatterSummary } from './journey-api.ts';

export default function ServicesPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const data = useLoad(matters, []);
  const rows = useMemo(() => (data.data ?? []).filter((m) => !q || m.name.includes(q) || m.code.includes(q) || m.department.includes(q)), [data.data, q]);
  return (
    <PublicShell>
      <Card title={<span data-testid="services-title">{t('approvals.journey.services.title')}</span>}>
        <Typography.Paragraph type="secondary">{t('approvals.journey.services.intro')}</Typography.Paragraph>
        <Input.Search allowClear placeholder={t('approvals.journey.services.search')} style={{ maxWidth: 320, marginBottom: 16 }} onSearch={(v) => setQ(v.trim())} />
        <Table<MatterSummary> rowKey="code" size="middle" loading={data.loading} dataSource={rows} pagination={false} scroll={{ x: 800 }}
          columns={[
            { title: t('approvals.journey.guide.name'), dataIndex: 'name', render: (v: string, m) => <a href={`/services/${encodeURIComponent(m.code)}`}>{v}</a> }, // the server's guide page (portal), not a client route
            { title: t('approvals.journey.guide.type'), dataIndex: 'type', width: 110, render: (v: string) => <Tag>{v}</Tag> },
            { title: t('approvals.journey.guide.department'), dataIndex: 'department', width: 170 },
            { title: t('approvals.journey.guide.promisedDays'), dataIndex: 'promisedDays', width: 130, render: (v: number) => t('approvals.journey.guide.workdays', { count: v }) },
            { title: t('approvals.journey.guide.statutoryDays'), dataIndex: 'statutoryDays', width: 130, render: (v: number) => t('approvals.journey.guide.workdays', { count: v }) },
            { title: t('approvals.journey.guide.counterVisits'), dataIndex: 'counterVisits', width: 110, render: (v: number) => t('approvals.journey.guide.visits', { count: v }) },
          ]} />
      </Card>
    </PublicShell>
  );
}
