/**
 * 卫片执法: batches (监测批次) with the import wizard, the patches of the post's scope with their
 * detail in a drawer (`?id=`), and the figures (15 % line, completion, rectification). The
 * workbench to-dos open it filtered (`?status=`).
 */
import { useState } from 'react';
import { App, Button, Card, Drawer, Progress, Select, Space, Table, Tabs, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PatchDetail, STATUS_COLOR, className } from './PatchDetail.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { FiguresPanel } from './FiguresPanel.tsx';
import { patchesApi, type Batch, type PatchRow } from './patches-api.ts';

const STATUSES = ['pending', 'proposed', 'submitted', 'returned', 'accepted'] as const;

function BatchesTab({ batches, reload, onOpen }: { batches: Batch[]; reload(): Promise<void>; onOpen(batchNo: string): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [wizard, setWizard] = useState(false);
  return (
    <Card title={t('patches.batches.title')} extra={can('patches.batch.import') && <Button type="primary" onClick={() => setWizard(true)}>{t('patches.batches.new')}</Button>}>
      <Table<Batch> rowKey="batchNo" dataSource={batches} scroll={{ x: 900 }} pagination={false} columns={[
        { title: t('patches.batches.batchNo'), dataIndex: 'batchNo', render: (v: string) => <Button type="link" onClick={() => onOpen(v)}>{v}</Button> },
        { title: t('patches.batches.name'), dataIndex: 'name' },
        { title: t('patches.batches.source'), dataIndex: 'source', render: (v: string) => t(`patches.source.${v}`) },
        { title: t('patches.batches.phases'), render: (_: unknown, b) => `${b.beforeDate} → ${b.afterDate}` },
        { title: t('patches.batches.deadline'), dataIndex: 'deadline' },
        { title: t('patches.batches.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`patches.batchStatus.${v}`)}</Tag> },
        {
          title: t('patches.batches.progress'), render: (_: unknown, b) => {
            const total = b.patchCount || 1; const accepted = b.byStatus?.accepted ?? 0;
            return <Progress percent={Math.round((accepted / total) * 100)} size="small" aria-label={t('patches.batches.progress')} />;
          },
        },
        {
          title: t('patches.batches.counties'), render: (_: unknown, b) => (
            <Space wrap>{b.counties.map((c) => (
              <Space key={c.countyCode} size={4}>
                <Tag color={c.status === 'accepted' ? 'green' : c.status === 'submitted' ? 'blue' : 'default'}>{c.countyCode} {t(`patches.countyStatus.${c.status}`)}</Tag>
                {c.status === 'open' && can('patches.verdict.propose') && (
                  <Button size="small" onClick={async () => {
                    try { const r = await patchesApi.submit(b.batchNo, c.countyCode); message.success(t('patches.batches.submitted', { n: r.submitted })); await reload(); } catch (e) { showError(t, e, message); }
                  }}>{t('patches.batches.submit')}</Button>
                )}
              </Space>
            ))}</Space>
          ),
        },
      ]} />
      {wizard && <ImportWizard onClose={async () => { setWizard(false); await reload(); }} />}
    </Card>
  );
}

export default function PatchesPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? (params.get('status') || params.get('batchNo') ? 'patches' : 'batches');
  const status = params.get('status') ?? undefined;
  const batchNo = params.get('batchNo') ?? undefined;
  const openId = params.get('id');
  const set = (k: string, v: string | undefined) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n); };
  const classes = useLoad(() => patchesApi.classes(), []);
  const batches = useLoad(() => patchesApi.batches(), []);
  const patches = useLoad(() => patchesApi.patches({ ...(status ? { status } : {}), ...(batchNo ? { batchNo } : {}) }), [status, batchNo]);
  const reloadAll = async () => { await Promise.all([batches.reload(), patches.reload()]); };
  return (
    <>
      <Tabs activeKey={tab} onChange={(k) => set('tab', k)} items={[
        { key: 'batches', label: t('patches.tabs.batches'), children: <BatchesTab batches={batches.data ?? []} reload={reloadAll} onOpen={(b) => { const n = new URLSearchParams(); n.set('tab', 'patches'); n.set('batchNo', b); setParams(n); }} /> },
        {
          key: 'patches', label: t('patches.tabs.patches'), children: (
            <Card title={t('patches.list.title')} extra={
              <Space wrap>
                <Select allowClear style={{ width: 220 }} placeholder={t('patches.list.batch')} aria-label={t('patches.list.batch')} value={batchNo} onChange={(v) => set('batchNo', v)}
                  options={(batches.data ?? []).map((b) => ({ value: b.batchNo, label: `${b.batchNo} ${b.name}` }))} />
                <Select allowClear style={{ width: 160 }} placeholder={t('patches.list.status')} aria-label={t('patches.list.status')} value={status} onChange={(v) => set('status', v)}
                  options={STATUSES.map((s) => ({ value: s, label: t(`patches.status.${s}`) }))} />
              </Space>
            }>
              <Table<PatchRow> rowKey="id" loading={patches.loading} dataSource={patches.data ?? []} scroll={{ x: 900 }} columns={[
                { title: t('patches.list.tbbh'), dataIndex: 'tbbh', render: (v: string, r) => <Button type="link" onClick={() => set('id', r.id)}>{v}</Button> },
                { title: t('patches.list.batch'), dataIndex: 'batchNo' },
                { title: t('patches.list.division'), render: (_: unknown, r) => r.townshipCode ?? r.countyCode },
                { title: t('patches.list.area'), dataIndex: 'areaM2', align: 'right', render: (v: string) => Number(v).toFixed(1) },
                { title: t('patches.list.suggested'), dataIndex: 'suggestedClass', render: (v: string | null) => className(classes.data, v, i18n.language) },
                { title: t('patches.list.verdict'), dataIndex: 'verdictClass', render: (v: string | null) => className(classes.data, v, i18n.language) },
                { title: t('patches.list.field'), dataIndex: 'hasFieldRecord', render: (v: boolean) => (v ? <Tag color="green">{t('patches.list.fieldDone')}</Tag> : '—') },
                { title: t('patches.list.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`patches.status.${v}`)}</Tag> },
              ]} />
            </Card>
          ),
        },
        { key: 'figures', label: t('patches.tabs.figures'), children: batches.data ? <FiguresPanel defaultYear={Number((batches.data[0]?.afterDate ?? String(new Date().getFullYear())).slice(0, 4))} /> : null },
      ]} />
      <Drawer open={!!openId} onClose={() => set('id', undefined)} width="min(920px, 100vw)" title={t('patches.detail.title')} destroyOnHidden>
        {openId && classes.data && <PatchDetail id={openId} classes={classes.data} onChanged={reloadAll} />}
      </Drawer>
    </>
  );
}
