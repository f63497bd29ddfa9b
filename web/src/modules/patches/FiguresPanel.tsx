/**
 * The figures (卫片执法统计): per county, illegally occupied cropland ÷ cropland occupied by the
 * year's approved construction land against the 15 % line of 《违反土地管理规定行为处分办法》
 * (counties at or above it listed for 约谈), batch completion by the deadline and the
 * rectification rate; Excel export of the same.
 */
import { useState } from 'react';
import { Alert, Button, Card, InputNumber, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { patchesApi, type BatchCompletion, type CountyFigure } from './patches-api.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

export function FiguresPanel({ defaultYear }: { defaultYear: number }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(defaultYear);
  const { data, loading } = useLoad(() => patchesApi.figures(year), [year]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('patches.figures.title')} extra={
        <Space>
          <span>{t('patches.figures.year')}</span>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={t('patches.figures.year')} />
          <Button icon={<DownloadOutlined />} href={`/api/patches/figures/export.xlsx?year=${year}`}>{t('patches.figures.export')}</Button>
        </Space>
      }>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('patches.figures.lineHint')} />
        {data && data.interview.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('patches.figures.interview', { names: data.interview.map((c) => c.countyName).join('、') })} />
        )}
        <Table<CountyFigure> rowKey="countyCode" loading={loading} dataSource={data?.counties ?? []} pagination={false} scroll={{ x: 900 }} data-testid="county-figures" columns={[
          { title: t('patches.figures.county'), dataIndex: 'countyName' },
          { title: t('patches.figures.illegal'), dataIndex: 'illegalCroplandM2', align: 'right', render: (v: number) => v.toFixed(2) },
          { title: t('patches.figures.newConstruction'), dataIndex: 'newConstructionCroplandM2', align: 'right', render: (v: number) => v.toFixed(2) },
          { title: t('patches.figures.ratio'), dataIndex: 'ratio', align: 'right', render: (v: number | null, r) => <Tag color={r.atOrAboveLine ? 'red' : 'green'}>{pct(v)}</Tag> },
          { title: t('patches.figures.line'), dataIndex: 'atOrAboveLine', render: (v: boolean) => (v ? t('patches.figures.atOrAbove') : t('patches.figures.below')) },
          { title: t('patches.figures.rectification'), render: (_: unknown, r) => `${r.rectified}/${r.illegalPatches}（${pct(r.rectificationRate)}）` },
        ]} />
      </Card>
      <Card title={t('patches.figures.completion')}>
        <Table<BatchCompletion> rowKey={(r) => `${r.batchNo}-${r.countyCode}`} dataSource={data?.batches ?? []} pagination={false} scroll={{ x: 800 }} columns={[
          { title: t('patches.batches.batchNo'), dataIndex: 'batchNo' },
          { title: t('patches.figures.county'), dataIndex: 'countyName' },
          { title: t('patches.batches.deadline'), dataIndex: 'deadline' },
          { title: t('patches.figures.verdicts'), render: (_: unknown, r) => `${r.withVerdict}/${r.patches}` },
          { title: t('patches.figures.accepted'), dataIndex: 'accepted', align: 'right' },
          { title: t('patches.figures.onTime'), dataIndex: 'onTime', render: (v: boolean | null) => (v === null ? t('patches.figures.notSubmitted') : v ? <Tag color="green">{t('patches.figures.yes')}</Tag> : <Tag color="red">{t('patches.figures.late')}</Tag>) },
        ]} />
      </Card>
    </Space>
  );
}
