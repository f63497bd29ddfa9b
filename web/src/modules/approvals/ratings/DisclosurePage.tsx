/**
 * 审批结果公示 (public, no login): decisions newest first, searchable by text, matter code and
 * decision date, paged. Individual applicants appear as surname + `*` (the server redacts).
 */
import { useState } from 'react';
import { Card, DatePicker, Input, Layout, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PublicHeader } from '../../../app/layout/PublicHeader.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { ratingsApi, type Disclosure } from './ratings-api.ts';
import { PenaltyDisclosures } from '../../enforcement/PenaltyDisclosures.tsx';

const PAGE_SIZE = 20;

export default function DisclosurePage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [matterCode, setMatterCode] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const data = useLoad(() => ratingsApi.disclosures({ q: q || undefined, matterCode: matterCode || undefined, from, to, page, pageSize: PAGE_SIZE }), [q, matterCode, from, to, page]);

  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <Card title={t('approvals.disclosure.title')} style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Typography.Paragraph type="secondary">{t('approvals.disclosure.intro')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search allowClear style={{ width: 320, maxWidth: '100%' }} placeholder={t('approvals.disclosure.search')} maxLength={60} data-testid="disclosure-search"
              onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
            <Input.Search allowClear style={{ width: 220 }} placeholder={t('approvals.disclosure.matterCode')} maxLength={60}
              onSearch={(v) => { setMatterCode(v.trim()); setPage(1); }} />
            <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v); setPage(1); }}
              placeholder={[t('approvals.disclosure.dateRange'), t('approvals.disclosure.dateRange')]} />
          </Space>
          <Table<Disclosure> rowKey="caseNo" size="small" loading={data.loading} dataSource={data.data?.items ?? []} scroll={{ x: 1240 }}
            locale={{ emptyText: t('approvals.disclosure.empty') }}
            pagination={{
              current: page, pageSize: PAGE_SIZE, total: data.data?.total ?? 0, showSizeChanger: false, onChange: setPage,
              showTotal: (n) => t('common.total', { count: n }),
            }}
            columns={[
              { title: t('approvals.disclosure.decidedAt'), dataIndex: 'decidedAt', width: 120, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
              { title: t('approvals.disclosure.caseNo'), dataIndex: 'caseNo', width: 190 },
              { title: t('approvals.disclosure.matter'), dataIndex: 'matterName', width: 200 },
              { title: t('approvals.disclosure.applicant'), dataIndex: 'applicantName', width: 200 },
              {
                title: t('approvals.disclosure.decision'), dataIndex: 'decision', width: 110,
                render: (v: Disclosure['decision'], r: Disclosure) => <Tag color={v === 'granted' ? 'green' : 'red'}>{t(`approvals.journey.decisionsBy.${r.decisionWording}.${v}`)}</Tag>,
              },
              { title: t('approvals.disclosure.org'), dataIndex: 'orgName', width: 200 },
              { title: t('approvals.disclosure.documentNo'), dataIndex: 'documentNo', width: 220 },
            ]} />
        </Card>
        <PenaltyDisclosures />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
    </Layout>
  );
}
