/**
 * 汇总查询: the live roll-up of a form and period by the hierarchy valid at the period's end —
 * the totals in the printed layout, and one cell across the areas.
 */
import { useState } from 'react';
import { Card, Empty, Radio, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { FormGrid } from './FormGrid.tsx';
import { Selectors, type Pick } from './Selectors.tsx';
import { statisticsApi } from './statistics-api.ts';

export default function RollupPage() {
  const { t } = useTranslation();
  const [pick, setPick] = useState<Pick>({ form: '', period: '', by: 'county' });
  const [accepted, setAccepted] = useState('0');
  const [cell, setCell] = useState<string>();
  const r = useLoad(() => (pick.form && pick.period ? statisticsApi.rollup({ ...pick, accepted }) : Promise.resolve(undefined)), [pick.form, pick.period, pick.by, accepted]);
  const def = r.data?.definition;
  const cells = def ? def.rows.flatMap((row) => def.columns.map((c) => ({ value: `${row.code}.${c.code}`, label: `${row.code}.${c.code} ${row.name} · ${c.name}` }))) : [];
  const shown = cell ?? cells[0]?.value;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('statistics.rollup.title')}>
        <Space wrap>
          <Selectors value={pick} onChange={setPick} />
          <Radio.Group optionType="button" value={accepted} onChange={(e) => setAccepted(e.target.value as string)}
            options={[{ value: '0', label: t('statistics.rollup.submitted') }, { value: '1', label: t('statistics.rollup.acceptedOnly') }]} />
        </Space>
      </Card>
      {r.data && def ? (
        <>
          <Card title={t('statistics.rollup.total', { units: r.data.total.units })}>
            <FormGrid caption={t('statistics.rollup.caption', { period: r.data.period })} def={def} values={r.data.total.values} computed={[]} />
          </Card>
          <Card title={t('statistics.rollup.byArea')} extra={<Select aria-label={t('statistics.grid.cell')} style={{ minWidth: 280 }} value={shown} onChange={setCell} options={cells} showSearch />}>
            <Table size="small" rowKey="code" pagination={false} dataSource={r.data.groups} columns={[
              { title: t('statistics.rollup.area'), dataIndex: 'name' },
              { title: t('statistics.rollup.units'), dataIndex: 'units' },
              { title: shown, key: 'v', align: 'right', render: (_: unknown, g) => (shown ? g.values[shown] ?? '' : '') },
            ]} />
          </Card>
        </>
      ) : r.data ? <Empty description={t('statistics.rollup.none')} /> : null}
    </Space>
  );
}
