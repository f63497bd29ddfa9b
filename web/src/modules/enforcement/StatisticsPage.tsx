/** 执法案件统计: figures per county bureau in the post's scope, with the Excel export. */
import { useState } from 'react';
import { Button, Card, DatePicker, Space, Table } from 'antd';
import { Link } from 'react-router';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { enforcementApi, type CountyFigures, type PatchRectification } from './enforcement-api.ts';

export default function StatisticsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const data = useLoad(() => enforcementApi.statistics({ from, to }), [from, to]);
  const qs = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const s = (k: string) => t(`enforcement.stats.${k}`);
  return (
    <Card title={s('title')} extra={<Button icon={<DownloadOutlined />} href={`/api/enforcement/statistics.xlsx${qs ? `?${qs}` : ''}`}>{s('export')}</Button>}>
      <Space style={{ marginBottom: 16 }}><DatePicker.RangePicker value={range} onChange={setRange} /></Space>
      <Table<CountyFigures> rowKey="bureau" size="small" loading={data.loading} dataSource={data.data?.items ?? []} pagination={false} scroll={{ x: 1100 }} columns={[
        { title: s('bureau'), dataIndex: 'bureau', width: 220 }, { title: s('opened'), dataIndex: 'opened' }, { title: s('filed'), dataIndex: 'filed' },
        { title: s('closed'), dataIndex: 'closed' }, { title: s('open'), dataIndex: 'open' }, { title: s('overdue'), dataIndex: 'overdue' },
        { title: s('overdueByStage'), dataIndex: 'overdueByStage', render: (v: Record<string, number>) => Object.entries(v).map(([k, n]) => `${t(`enforcement.stages.${k}`)} ${n}`).join('，') || '—' },
        { title: s('finesDecided'), dataIndex: 'finesDecided', align: 'right', render: (v: number) => v.toFixed(2) },
        { title: s('finesCollected'), dataIndex: 'finesCollected', align: 'right', render: (v: number) => v.toFixed(2) },
        { title: s('areaReturned'), dataIndex: 'areaReturnedM2', align: 'right' }, { title: s('demolished'), dataIndex: 'demolishedM2', align: 'right' },
      ]} />
      {data.data?.patchRectification && (
        <Card type="inner" size="small" style={{ marginTop: 16 }} title={s('rectTitle')} extra={<Link to="/app/patches?tab=figures">{s('to15')}</Link>}>
          <Table<PatchRectification> rowKey="countyCode" size="small" dataSource={data.data.patchRectification} pagination={false} scroll={{ x: 900 }}
            data-testid="patch-rectification" columns={[
              { title: s('county'), dataIndex: 'countyName', width: 160 }, { title: s('illegalPatches'), dataIndex: 'illegalPatches' },
              { title: s('pending'), dataIndex: 'pending' }, { title: s('demolishedPatches'), dataIndex: 'demolished' }, { title: s('confiscated'), dataIndex: 'confiscated' },
              { title: s('legalised'), dataIndex: 'legalised' },
              { title: s('rate'), dataIndex: 'rectificationRate', align: 'right', render: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`) },
              { title: s('awaiting'), dataIndex: 'awaitingEnforcement' },
            ]} />
        </Card>
      )}
    </Card>
  );
}
