/**
 * 行政处罚结果公示 on the public /disclosure page beside the approvals: newest decision first;
 * a person shows as surname + `*` (the server masks), never an ID number or address; a decision
 * changed or withdrawn on review says so with the reason.
 */
import { useState } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { enforcementApi, type PenaltyDisclosure } from './enforcement-api.ts';

export function PenaltyDisclosures() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const data = useLoad(() => enforcementApi.disclosures({ q: q || undefined, page, pageSize: 20 }), [q, page]);
  const d = (k: string) => t(`enforcement.disclosure.${k}`);
  return (
    <Card title={d('title')} style={{ maxWidth: 1200, margin: '24px auto 0' }} data-testid="penalty-disclosures">
      <Typography.Paragraph type="secondary">{d('intro')}</Typography.Paragraph>
      <Input.Search allowClear style={{ width: 320, maxWidth: '100%', marginBottom: 16 }} placeholder={d('search')} maxLength={60} onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
      <Table<PenaltyDisclosure> rowKey="caseNo" size="small" loading={data.loading} dataSource={data.data?.items ?? []} scroll={{ x: 1700 }}
        locale={{ emptyText: d('empty') }}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: d('date'), dataIndex: 'decidedOn', width: 110 },
          { title: d('caseNo'), dataIndex: 'caseNo', width: 170 },
          { title: d('party'), dataIndex: 'partyName', width: 180 },
          { title: d('facts'), dataIndex: 'facts', width: 280 },
          { title: d('basis'), dataIndex: 'legalBasis', width: 200 },
          { title: d('penalty'), dataIndex: 'penalty', width: 220 },
          { title: d('authority'), dataIndex: 'authority', width: 170 },
          { title: d('documentNo'), dataIndex: 'documentNo', width: 170 },
          { title: d('status'), dataIndex: 'status', width: 150, render: (v: PenaltyDisclosure['status'], r) => (
            <>{<Tag color={v === 'published' ? 'green' : v === 'changed' ? 'orange' : 'red'}>{d(v)}</Tag>}{r.statusReason ? <div>{r.statusReason}</div> : null}</>
          ) },
        ]} />
    </Card>
  );
}
