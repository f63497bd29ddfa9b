/**
 * 线索台账: every report in the post's scope with filters (stage, type, area, channel, warning
 * colour, date), keyset paging (the server pages by id, which stays fast at 200k rows), and the
 * report opened in a drawer (`?id=`), so the list keeps its filters and position.
 */
import { useState } from 'react';
import { Badge, Button, Card, DatePicker, Drawer, Input, Select, Space, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../../components/useLoad.ts';
import { DivisionCascader } from '../components/DivisionCascader.tsx';
import { CHANNEL_CODES, LAND_TYPES, MINERAL_TYPES, STATUS_CODES, WARN_COLOR, tipoffsApi, type ReportSummary } from '../tipoffs-api.ts';
import { ReportDetail } from './ReportDetail.tsx';

const PAGE = 20;

interface Filters {
  status?: string; violationType?: string; channel?: string; warnLevel?: string; divisionCode?: string | null;
  range?: [Dayjs | null, Dayjs | null] | null; q?: string;
}

export default function LedgerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  // ?status= from the workbench to-dos (待办) opens the ledger filtered.
  const [filters, setFilters] = useState<Filters>(() => { const s = params.get('status'); return s ? { status: s } : {}; });
  // Keyset paging: the `before` cursor of every page shown so far; the last one is the current page.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const list = useLoad(() => tipoffsApi.list({
    status: filters.status, violationType: filters.violationType, channel: filters.channel, warnLevel: filters.warnLevel,
    divisionCode: filters.divisionCode ?? undefined, q: filters.q,
    from: filters.range?.[0]?.format('YYYY-MM-DD'), to: filters.range?.[1]?.format('YYYY-MM-DD'),
    before, limit: PAGE,
  }), [filters, before]);

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([undefined]);
  };
  const open = (id: number | null) => setParams((p) => {
    if (id) p.set('id', String(id));
    else p.delete('id');
    return p;
  });
  const typeOption = (c: string) => ({ value: c, label: t(`tipoffs.types.${c}`) });

  return (
    <Card title={t('tipoffs.ledger.title')}>
      <Space wrap style={{ marginBottom: 16 }} data-testid="ledger-filters">
        <Input.Search allowClear placeholder={t('tipoffs.ledger.search')} style={{ width: 240 }} onSearch={(v) => set({ q: v.trim() || undefined })} />
        <Select allowClear aria-label={t('tipoffs.ledger.status')} placeholder={t('tipoffs.ledger.status')} style={{ width: 180 }} value={filters.status} onChange={(v) => set({ status: v })}
          options={STATUS_CODES.map((c) => ({ value: c, label: t(`tipoffs.statuses.${c}`) }))} />
        <Select allowClear aria-label={t('tipoffs.ledger.type')} placeholder={t('tipoffs.ledger.type')} style={{ width: 200 }} value={filters.violationType} onChange={(v) => set({ violationType: v })}
          options={[
            { label: t('tipoffs.categories.land'), title: 'land', options: LAND_TYPES.map(typeOption) },
            { label: t('tipoffs.categories.mineral'), title: 'mineral', options: MINERAL_TYPES.map(typeOption) },
          ]} />
        <Select allowClear aria-label={t('tipoffs.ledger.channel')} placeholder={t('tipoffs.ledger.channel')} style={{ width: 150 }} value={filters.channel} onChange={(v) => set({ channel: v })}
          options={CHANNEL_CODES.map((c) => ({ value: c, label: t(`tipoffs.channels.${c}`) }))} />
        <Select allowClear aria-label={t('tipoffs.ledger.warnLevel')} placeholder={t('tipoffs.ledger.warnLevel')} style={{ width: 130 }} value={filters.warnLevel} onChange={(v) => set({ warnLevel: v })}
          options={(['red', 'yellow', 'green'] as const).map((c) => ({ value: c, label: <Tag color={WARN_COLOR[c]}>{t(`tipoffs.warn.${c}`)}</Tag> }))} />
        <DivisionCascader aria-label={t('tipoffs.ledger.area')} placeholder={t('tipoffs.ledger.area')} style={{ width: 240 }} value={filters.divisionCode} onChange={(code) => set({ divisionCode: code })} />
        {/* Two date fields, not a RangePicker: antd's range picker moves Tab between its two dates while they are empty (a keyboard trap). */}
        <DatePicker aria-label={t('tipoffs.ledger.receivedFrom')} placeholder={t('tipoffs.ledger.receivedFrom')} value={filters.range?.[0] ?? null}
          onChange={(d) => set({ range: [d, filters.range?.[1] ?? null] })} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        <DatePicker aria-label={t('tipoffs.ledger.receivedTo')} placeholder={t('tipoffs.ledger.receivedTo')} value={filters.range?.[1] ?? null}
          onChange={(d) => set({ range: [filters.range?.[0] ?? null, d] })} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Space>
      <Table<ReportSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1410 }}
        onRow={(r) => ({ onDoubleClick: () => open(r.id) })}
        columns={[
          { title: t('tipoffs.ledger.reportNo'), dataIndex: 'reportNo', width: 170, render: (v: string, r) => <a href={`/app/tipoffs?id=${r.id}`} onClick={(e) => { e.preventDefault(); open(r.id); }}>{v}</a> },
          { title: t('tipoffs.ledger.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('tipoffs.ledger.type'), dataIndex: 'violationType', width: 130, render: (v: string) => t(`tipoffs.types.${v}`) },
          { title: t('tipoffs.ledger.channel'), dataIndex: 'channel', width: 110, render: (v: string) => t(`tipoffs.channels.${v}`) },
          { title: t('tipoffs.ledger.place'), key: 'place', width: 220, render: (_, r) => `${r.divisionName} ${r.address}` },
          { title: t('tipoffs.ledger.party'), dataIndex: 'party', width: 140, ellipsis: true },
          { title: t('tipoffs.ledger.status'), dataIndex: 'status', width: 170, render: (v: string, r) => <>{<Tag color="blue">{t(`tipoffs.statuses.${v}`)}</Tag>}{r.placePending && <Tag color="orange">{t('tipoffs.detail.placePending')}</Tag>}</> },
          {
            title: t('tipoffs.ledger.stageDue'), key: 'due', width: 160,
            render: (_, r) => (r.stage ? <Tag color={WARN_COLOR[r.warnLevel]} data-testid="warn">{t(`tipoffs.stages.${r.stage}`)} {r.stageDueDate ? dayjs(r.stageDueDate).format('MM-DD') : ''}{r.stageDueDate && r.stageDueDateProvisional ? t('common.provisional') : ''}</Tag> : '—'),
          },
          { title: t('tipoffs.ledger.duplicates'), dataIndex: 'duplicateCandidates', width: 90, render: (n: number) => (n > 0 ? <Badge count={n} /> : '') },
          { title: t('common.actions'), key: 'a', fixed: 'right', width: 80, render: (_, r) => <Button type="link" size="small" onClick={() => open(r.id)}>{t('tipoffs.ledger.open')}</Button> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>{t('tipoffs.ledger.first')}</Button>
        <Button disabled={!list.data?.nextBefore} data-testid="ledger-next"
          onClick={() => setCursors((c) => [...c, list.data!.nextBefore!])}>{t('tipoffs.ledger.next')}</Button>
        <span style={{ color: '#595959' }}>{t('tipoffs.ledger.pageSize', { n: PAGE })}</span>
      </Space>
      <Drawer open={!!openId} width={Math.min(980, window.innerWidth - 40)} onClose={() => open(null)} destroyOnHidden
        aria-label={t('tipoffs.detail.title', { reportNo: '' }).trim()}>
        {openId && <ReportDetail id={openId} onChanged={() => void list.reload()} />}
      </Drawer>
    </Card>
  );
}
