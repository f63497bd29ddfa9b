/**
 * 执法案件台账: the cases in the post's scope (status and warning filters from the workbench
 * to-dos), a case opened in a drawer (`?id=`) with its sources, records, documents, stage clocks,
 * history and the stage actions.
 */
import { useState } from 'react';
import { Badge, Button, Card, Descriptions, Drawer, Grid, Image, Input, List, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { enforcementApi, STATUS_CODES, WARN_COLOR, type CaseDetail, type CaseSummary, type FieldRecordView } from './enforcement-api.ts';
import { CaseActions } from './CaseActions.tsx';

/** The field app's record of a source (a patch's 外业核查): values, position, photos with their stamps, the signature. */
function FieldRecord({ r }: { r: FieldRecordView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const f = (k: string, o?: Record<string, unknown>) => t(`enforcement.fieldRecords.${k}`, o);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="field-record">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} title={`${r.form[lang]} · ${r.sourceRef}`}>
        <Descriptions.Item label={f('recordedAt')}>{dayjs(r.recordedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        <Descriptions.Item label={f('distance')}>{r.distanceM === null ? '—' : r.distanceM === 0 ? f('inside') : f('metres', { n: Math.round(r.distanceM) })}</Descriptions.Item>
        {r.position && <Descriptions.Item label={f('position')}>{r.position.lon.toFixed(6)}, {r.position.lat.toFixed(6)}</Descriptions.Item>}
        {r.values.map((v) => (
          <Descriptions.Item key={v.name} label={v.label[lang]}>{v.value === null ? '—' : typeof v.value === 'string' ? v.value : v.value[lang]}</Descriptions.Item>
        ))}
      </Descriptions>
      <Space wrap align="start">
        {r.photos.map((p, i) => (
          <Space key={p.sha256 + i} direction="vertical" size={0}>
            {p.url ? <Image width={120} src={p.url} alt={f('photo', { n: i + 1 })} /> : <Typography.Text type="secondary">{f('photo', { n: i + 1 })}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(p.takenAt).format('MM-DD HH:mm')}{p.headingDeg !== null ? ` · ${f('heading', { deg: Math.round(p.headingDeg) })}` : ''}</Typography.Text>
            {p.far && <Tag color="orange">{f('far')}</Tag>}
          </Space>
        ))}
        {r.signatureUrl && (
          <Space direction="vertical" size={0}>
            <Image width={160} src={r.signatureUrl} alt={f('signature')} preview={false} style={{ background: '#fff', border: '1px solid #d9d9d9' }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f('signature')}</Typography.Text>
          </Space>
        )}
      </Space>
    </Space>
  );
}

function CaseView({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const c = useLoad(() => enforcementApi.get(id), [id]);
  const [fresh, setFresh] = useState<CaseDetail | null>(null);
  // On a phone (the inspector in the field) the labels go above the values.
  const layout = Grid.useBreakpoint().md === false ? 'vertical' : 'horizontal';
  const d = fresh && fresh.id === id ? fresh : c.data;
  if (!d) return null;
  // Another post may have acted meanwhile (the inspector in the field, the leader at the desk).
  const refresh = () => { setFresh(null); void c.reload(); };
  const yes = (b: boolean | null) => (b ? t('enforcement.detail.yes') : t('enforcement.detail.no'));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large" data-testid="case-detail">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={layout} title={<Space wrap><span>{d.caseNo}</span><Tag data-testid="case-status">{t(`enforcement.statuses.${d.status}`)}</Tag>
        {d.stage && <Badge color={WARN_COLOR[d.warnLevel]} text={`${t(`enforcement.stages.${d.stage}`)} ${d.stageDueDate ?? ''}`} />}
        {d.clockPausedOn && <Tag color="blue">{t('enforcement.detail.paused')}</Tag>}</Space>}
        extra={<Button size="small" icon={<ReloadOutlined />} loading={c.loading} onClick={refresh} data-testid="case-refresh">{t('enforcement.detail.refresh')}</Button>}>
        <Descriptions.Item label={t('enforcement.list.caseTitle')} span={2}>{d.title}</Descriptions.Item>
        <Descriptions.Item label={t('enforcement.detail.summary')} span={2}>{d.summary}</Descriptions.Item>
        <Descriptions.Item label={t('enforcement.list.party')}>{d.partyName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('enforcement.fields.violationKind')}>{d.violationKind ? t(`enforcement.kinds.${d.violationKind}`) : '—'}</Descriptions.Item>
        {d.proposal && <Descriptions.Item label={t('enforcement.detail.proposal')} span={2}>{d.proposal.calculation.explanation}；{t('enforcement.fields.fine')} {d.proposal.fine.toFixed(2)}
          {d.proposal.departureReason ? `（${d.proposal.departureReason}）` : ''}</Descriptions.Item>}
        {d.reviewRequired !== null && <Descriptions.Item label={t('enforcement.detail.reviewRequired')}>{yes(d.reviewRequired)}</Descriptions.Item>}
        {d.hearingEligible !== null && <Descriptions.Item label={t('enforcement.detail.hearingEligible')}>{yes(d.hearingEligible)}</Descriptions.Item>}
        {d.decisionDueDate && <Descriptions.Item label={t('enforcement.detail.decisionDue')}>{d.decisionDueDate}</Descriptions.Item>}
        {d.defenceDueDate && <Descriptions.Item label={t('enforcement.detail.defenceDue')}>{d.defenceDueDate}</Descriptions.Item>}
        {d.hearingRequestDue && <Descriptions.Item label={t('enforcement.detail.hearingDue')}>{d.hearingRequestDue}</Descriptions.Item>}
        {d.fineAmount !== null && <Descriptions.Item label={t('enforcement.list.fine')}>{d.fineAmount.toFixed(2)}</Descriptions.Item>}
        {d.decidedOn && <Descriptions.Item label={t('enforcement.detail.finePaid')}>{d.finePaid.toFixed(2)}</Descriptions.Item>}
        {d.decidedOn && <Descriptions.Item label={t('enforcement.detail.demolished')}>{d.demolishedM2}</Descriptions.Item>}
        {d.decidedOn && <Descriptions.Item label={t('enforcement.detail.returned')}>{d.landReturnedM2}</Descriptions.Item>}
        {d.disclosure && <Descriptions.Item label={t('enforcement.detail.disclosure')}>{t(`enforcement.disclosure.${d.disclosure.status}`)}{d.disclosure.statusReason ? `：${d.disclosure.statusReason}` : ''}</Descriptions.Item>}
      </Descriptions>
      <CaseActions c={d} onDone={(n) => { setFresh(n); onChanged(); }} />
      <Card size="small" title={t('enforcement.detail.sources')}>
        <List size="small" dataSource={d.sources} renderItem={(s) => <List.Item><Tag>{t(`enforcement.sources.${s.kind}`)}</Tag>{s.ref}：{s.summary}</List.Item>} />
      </Card>
      {d.fieldRecords.length > 0 && (
        <Card size="small" title={t('enforcement.fieldRecords.title')}>
          <Space direction="vertical" style={{ width: '100%' }} size="large">{d.fieldRecords.map((r) => <FieldRecord key={r.recordId} r={r} />)}</Space>
        </Card>
      )}
      <Card size="small" title={t('enforcement.detail.records')}>
        <List size="small" dataSource={d.records} renderItem={(r) => <List.Item><Tag>{t(`enforcement.records.${r.kind}`)}</Tag>{r.recordedOn} {r.title}{r.files.length ? ` · ${r.files.length}` : ''}</List.Item>} />
      </Card>
      <Card size="small" title={t('enforcement.detail.documents')}>
        <List size="small" dataSource={d.documents} renderItem={(x) => (
          <List.Item><Typography.Link href={`/api/documents/${x.id}/pdf`} target="_blank">{x.title} {x.docNo}</Typography.Link></List.Item>
        )} />
      </Card>
      <Card size="small" title={t('enforcement.detail.stagesTitle')}>
        <Table size="small" rowKey={(r) => `${r.stage}-${r.startedOn}`} pagination={false} dataSource={d.stages} columns={[
          { title: t('enforcement.list.stage'), dataIndex: 'stage', render: (v: string) => t(`enforcement.stages.${v}`) },
          { title: '⏱', dataIndex: 'limitDays' }, { title: t('enforcement.list.due'), dataIndex: 'dueDate' },
          { title: '✓', dataIndex: 'endedOn' },
        ]} />
      </Card>
      <Card size="small" title={t('enforcement.detail.events')}>
        <Timeline items={d.events.map((e) => ({ children: `${dayjs(e.at).format('YYYY-MM-DD HH:mm')} ${e.actorName ?? ''} ${e.kind}` }))} />
      </Card>
    </Space>
  );
}

export default function CasesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const [status, setStatus] = useState<string | undefined>(params.get('status') ?? undefined);
  const [warn, setWarn] = useState<string | undefined>(params.get('warn') ?? undefined);
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useLoad(() => enforcementApi.list({ status, warn, q, page }), [status, warn, q, page]);
  const open = (id: number | null) => setParams((p) => { if (id) p.set('id', String(id)); else p.delete('id'); return p; });
  return (
    <Card title={t('enforcement.list.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('enforcement.list.search')} style={{ width: 260 }} onSearch={(v) => { setQ(v.trim() || undefined); setPage(1); }} />
        <Select allowClear aria-label={t('enforcement.list.status')} placeholder={t('enforcement.list.status')} style={{ width: 200 }} value={status}
          onChange={(v) => { setStatus(v); setPage(1); }} options={STATUS_CODES.map((c) => ({ value: c, label: t(`enforcement.statuses.${c}`) }))} />
        <Select allowClear aria-label={t('enforcement.list.warn')} placeholder={t('enforcement.list.warn')} style={{ width: 140 }} value={warn}
          onChange={(v) => { setWarn(v); setPage(1); }} options={['yellow', 'red'].map((c) => ({ value: c, label: <Badge color={WARN_COLOR[c]} text={c} /> }))} />
      </Space>
      <Table<CaseSummary> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 900 }}
        locale={{ emptyText: t('enforcement.list.empty') }} onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('enforcement.list.caseNo'), dataIndex: 'caseNo', width: 180, render: (v: string, r) => <Typography.Link onClick={() => open(r.id)}>{v}</Typography.Link> },
          { title: t('enforcement.list.caseTitle'), dataIndex: 'title' },
          { title: t('enforcement.list.party'), dataIndex: 'partyName', width: 200 },
          { title: t('enforcement.list.status'), dataIndex: 'status', width: 150, render: (v: string) => <Tag>{t(`enforcement.statuses.${v}`)}</Tag> },
          { title: t('enforcement.list.stage'), dataIndex: 'stage', width: 150, render: (v: string | null, r) => (v ? <Badge color={WARN_COLOR[r.warnLevel]} text={`${t(`enforcement.stages.${v}`)} ${r.stageDueDate ?? ''}`} /> : '—') },
          { title: t('enforcement.list.fine'), dataIndex: 'fineAmount', width: 120, align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
        ]} />
      <Drawer open={openId !== null} onClose={() => open(null)} width="min(960px, 100vw)" title={t('enforcement.detail.title')} destroyOnHidden>
        {openId !== null && <CaseView id={openId} onChanged={() => void list.reload()} />}
      </Drawer>
    </Card>
  );
}
