/**
 * One patch (图斑详情): the facts, the imagery before/after over its outline, the pre-check
 * (内业预判), the field record (外业核查), and the step the active post may take — the county's
 * verdict (判定), the review (退回 / 通过), a change of a locked verdict with its reason, the
 * enforcement hand-over and the rectification (整改).
 */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { ImageryCompare } from './ImageryCompare.tsx';
import { patchesApi, type PatchClass, type PatchView } from './patches-api.ts';

export const STATUS_COLOR: Record<string, string> = { pending: 'default', proposed: 'blue', submitted: 'processing', returned: 'orange', accepted: 'green' };

/** An instant as China time (UTC+8), YYYY-MM-DD HH:mm. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function className(classes: PatchClass[] | undefined, code: string | null, lang: string): string {
  if (!code) return '—';
  const c = classes?.find((x) => x.code === code);
  return c ? (lang.startsWith('en') ? c.nameEn : c.name) : code;
}

function VerdictForm({ patch, classes, onDone, change }: { patch: PatchView; classes: PatchClass[]; onDone(): void; change: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const code = Form.useWatch('classCode', form) as string | undefined;
  const kind = classes.find((c) => c.code === code)?.verdict;
  const leaves = classes.filter((c) => c.active && !classes.some((x) => x.parentCode === c.code));
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const body = { classCode: v.classCode as string, approvalNo: (v.approvalNo as string) ?? null, croplandM2: (v.croplandM2 as number) ?? null, basicFarmlandM2: (v.basicFarmlandM2 as number) ?? null, reason: (v.reason as string) ?? null };
      if (change) await patchesApi.change(patch.id, { ...body, changeReason: v.changeReason as string });
      else await patchesApi.verdict(patch.id, body);
      message.success(t('patches.detail.saved'));
      onDone();
    } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{
      classCode: patch.verdictClass ?? patch.suggestedClass ?? undefined, approvalNo: patch.verdictApprovalNo ?? patch.precheck.approvals[0]?.code ?? undefined,
      croplandM2: patch.verdictCroplandM2 !== null ? Number(patch.verdictCroplandM2) : patch.precheck.croplandM2,
      basicFarmlandM2: patch.verdictBasicFarmlandM2 !== null ? Number(patch.verdictBasicFarmlandM2) : patch.precheck.basicFarmlandM2, reason: patch.verdictReason ?? undefined,
    }}>
      <Form.Item name="classCode" label={t('patches.detail.class')} rules={[{ required: true }]}>
        <Select options={leaves.map((c) => ({ value: c.code, label: className(classes, c.code, i18n.language) }))} />
      </Form.Item>
      {kind === 'legal' && <Form.Item name="approvalNo" label={t('patches.detail.approvalNo')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>}
      {kind === 'illegal' && (
        <Space wrap>
          <Form.Item name="croplandM2" label={t('patches.detail.croplandM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="basicFarmlandM2" label={t('patches.detail.basicFarmlandM2')} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 180 }} /></Form.Item>
        </Space>
      )}
      <Form.Item name="reason" label={t('patches.detail.reason')} rules={[{ required: kind === 'other' }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      {change && <Form.Item name="changeReason" label={t('patches.detail.changeReason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>}
      <Button type="primary" htmlType="submit" loading={busy}>{change ? t('patches.detail.change') : t('patches.detail.propose')}</Button>
    </Form>
  );
}

export function PatchDetail({ id, classes, onChanged }: { id: string; classes: PatchClass[]; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const { data: p, reload } = useLoad(() => patchesApi.patch(id), [id]);
  const [comment, setComment] = useState('');
  const [tipoffNo, setTipoffNo] = useState('');
  const [rect, setRect] = useState<{ state?: string; approvalNo?: string }>({});
  if (!p) return null;
  const done = async () => { await reload(); onChanged(); };
  const act = async (fn: () => Promise<unknown>) => { try { await fn(); message.success(t('patches.detail.saved')); await done(); } catch (e) { showError(t, e, message); } };
  const illegal = classes.find((c) => c.code === p.verdictClass)?.verdict === 'illegal';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('patches.list.tbbh')}>{p.tbbh}</Descriptions.Item>
        <Descriptions.Item label={t('patches.list.status')}><Tag color={STATUS_COLOR[p.status]}>{t(`patches.status.${p.status}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('patches.batches.name')}>{p.batchName}（{p.batchNo}）</Descriptions.Item>
        <Descriptions.Item label={t('patches.batches.deadline')}>{p.deadline}</Descriptions.Item>
        <Descriptions.Item label={t('patches.list.changeType')}>{p.changeType || '—'}（{p.beforePhase || '—'} → {p.afterPhase || '—'}）</Descriptions.Item>
        <Descriptions.Item label={t('patches.list.area')}>{Number(p.areaM2).toFixed(2)} m²{p.statedAreaM2 ? `（${t('patches.detail.stated')} ${p.statedAreaM2}）` : ''}</Descriptions.Item>
        <Descriptions.Item label={t('patches.list.division')}>{p.townshipCode ?? p.countyCode}</Descriptions.Item>
        <Descriptions.Item label={t('patches.list.suggested')}>{className(classes, p.suggestedClass, i18n.language)}</Descriptions.Item>
      </Descriptions>
      <ImageryCompare before={p.imageryBeforeUrl} after={p.imageryAfterUrl} geometry={p.geom} synthetic={p.syntheticImagery} beforeDate={p.beforeDate} afterDate={p.afterDate} />
      <Divider titlePlacement="start">{t('patches.detail.precheck')}</Divider>
      <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
        <Descriptions.Item label={t('patches.detail.croplandM2')}>{p.precheck.croplandM2}</Descriptions.Item>
        <Descriptions.Item label={t('patches.detail.basicFarmlandM2')}>{p.precheck.basicFarmlandM2}</Descriptions.Item>
        <Descriptions.Item label={t('patches.detail.planZones')}>{p.precheck.planZones.map((z) => z.zone).join('、') || '—'}</Descriptions.Item>
      </Descriptions>
      <Table size="small" rowKey={(r) => `${r.layer}-${r.code}`} pagination={false} dataSource={p.precheck.approvals} locale={{ emptyText: t('patches.detail.noApprovals') }} columns={[
        { title: t('patches.detail.layer'), dataIndex: 'layer', render: (v: string) => t(`patches.layers.${v}`) },
        { title: t('patches.detail.approvalNo'), dataIndex: 'code' },
        { title: t('patches.detail.share'), dataIndex: 'share', render: (v: number) => `${(v * 100).toFixed(1)}%` },
      ]} />
      <Divider titlePlacement="start">{t('patches.detail.field')}</Divider>
      {p.fieldRecord ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('patches.detail.inspector')}>{p.fieldRecord.inspector.displayName}，{chinaTime(p.fieldRecord.recordedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('patches.detail.findings')}>{Object.entries(p.fieldRecord.values).filter(([, v]) => v !== null).map(([k, v]) => `${t(`patches.fieldForm.${k}`)}: ${String(v)}`).join('；')}</Descriptions.Item>
          <Descriptions.Item label={t('patches.detail.photos')}>
            <Space orientation="vertical" size={4}>{p.fieldRecord.photos.map((ph, i) => (
              <span key={ph.sha256} title={ph.sha256} data-testid="field-photo">
                {t('patches.detail.photo', { n: i + 1 })} {chinaTime(ph.takenAt)} · SHA-256 {ph.sha256.slice(0, 8)}…
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {ph.exif
                    ? t('patches.detail.exif', {
                      time: ph.exif.takenAt ? chinaTime(ph.exif.takenAt) : '—',
                      position: ph.exif.lon !== null && ph.exif.lat !== null ? `${ph.exif.lon.toFixed(6)}, ${ph.exif.lat.toFixed(6)}` : '—',
                      m: ph.exifDistanceM != null ? Math.round(ph.exifDistanceM) : '—',
                    })
                    : t('patches.detail.noExif')}
                </Typography.Text>
                {ph.far && <Tag color="red" style={{ marginLeft: 4 }}>{t('patches.detail.far', { m: Math.round(Math.max(ph.distanceM ?? 0, ph.exifDistanceM ?? 0)) })}</Tag>}
                {ph.early && <Tag color="orange" style={{ marginLeft: 4 }}>{t('patches.detail.early', { date: p.afterDate })}</Tag>}
              </span>
            ))}</Space>
          </Descriptions.Item>
        </Descriptions>
      ) : <Typography.Text type="secondary">{t('patches.detail.noField')}</Typography.Text>}
      <Divider titlePlacement="start">{t('patches.detail.verdict')}</Divider>
      {p.verdictClass && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('patches.detail.class')}>{className(classes, p.verdictClass, i18n.language)}</Descriptions.Item>
          {p.verdictApprovalNo && <Descriptions.Item label={t('patches.detail.approvalNo')}>{p.verdictApprovalNo}</Descriptions.Item>}
          {p.verdictCroplandM2 !== null && <Descriptions.Item label={t('patches.detail.croplandM2')}>{p.verdictCroplandM2}（{t('patches.detail.basicFarmlandM2')} {p.verdictBasicFarmlandM2}）</Descriptions.Item>}
          {p.verdictReason && <Descriptions.Item label={t('patches.detail.reason')}>{p.verdictReason}</Descriptions.Item>}
          {p.reviewComment && <Descriptions.Item label={t('patches.detail.reviewComment')}>{p.reviewComment}</Descriptions.Item>}
        </Descriptions>
      )}
      {p.status === 'accepted' && illegal && (p.awaitingEnforcement
        ? <Alert type="warning" showIcon title={t('patches.detail.awaitingEnforcement')} action={can('patches.verdict.review') ? <Button size="small" onClick={() => act(() => patchesApi.handOver(p.id))}>{t('patches.detail.handOver')}</Button> : undefined} />
        : <Alert type="success" showIcon title={t('patches.detail.caseNo', { caseNo: p.enforcementCaseNo })} />)}
      {['pending', 'proposed', 'returned'].includes(p.status) && can('patches.verdict.propose') && <VerdictForm patch={p} classes={classes} onDone={done} change={false} />}
      {p.status === 'submitted' && can('patches.verdict.review') && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('patches.detail.commentHint')} aria-label={t('patches.detail.reviewComment')} />
          <Space>
            <Button type="primary" onClick={() => act(() => patchesApi.review(p.id, 'accept', comment || null))}>{t('patches.detail.accept')}</Button>
            <Button danger onClick={() => act(() => patchesApi.review(p.id, 'return', comment || null))}>{t('patches.detail.return')}</Button>
          </Space>
        </Space>
      )}
      {p.status === 'accepted' && can('patches.verdict.change') && (
        <details><summary>{t('patches.detail.changeTitle')}</summary><VerdictForm patch={p} classes={classes} onDone={done} change /></details>
      )}
      <Divider titlePlacement="start">{t('patches.detail.tipoffs')}</Divider>
      <Space wrap>
        {p.tipoffs.length === 0 ? <Typography.Text type="secondary">{t('patches.detail.noTipoffs')}</Typography.Text> : p.tipoffs.map((x) => <Tag key={x.tipoffId}>{x.tipoffNo}</Tag>)}
        {can('patches.verdict.propose') && (
          <Space.Compact>
            <Input value={tipoffNo} onChange={(e) => setTipoffNo(e.target.value)} placeholder={t('patches.detail.tipoffNo')} aria-label={t('patches.detail.tipoffNo')} style={{ width: 200 }} />
            <Button disabled={tipoffNo.trim().length < 4} onClick={() => act(async () => { await patchesApi.linkTipoff(p.id, tipoffNo.trim()); setTipoffNo(''); })}>{t('patches.detail.link')}</Button>
          </Space.Compact>
        )}
      </Space>
      {p.rectification !== 'none' && (
        <>
          <Divider titlePlacement="start">{t('patches.detail.rectification')}</Divider>
          <Tag color={p.rectification === 'pending' ? 'orange' : 'green'}>{t(`patches.rectification.${p.rectification}`)}</Tag>
          {p.rectificationApprovalNo && <span>{p.rectificationApprovalNo}</span>}
          {p.rectification === 'pending' && can('patches.rectification.manage') && (
            <Space wrap>
              <Select style={{ width: 200 }} placeholder={t('patches.detail.rectifyAs')} aria-label={t('patches.detail.rectifyAs')} value={rect.state} onChange={(v) => setRect({ ...rect, state: v })}
                options={['demolished', 'confiscated', 'legalised'].map((s) => ({ value: s, label: t(`patches.rectification.${s}`) }))} />
              {rect.state === 'legalised' && <Input placeholder={t('patches.detail.approvalNo')} aria-label={t('patches.detail.approvalNo')} value={rect.approvalNo} onChange={(e) => setRect({ ...rect, approvalNo: e.target.value })} />}
              <Button disabled={!rect.state} onClick={() => act(() => patchesApi.rectify(p.id, rect.state!, rect.approvalNo ?? null))}>{t('patches.detail.rectify')}</Button>
            </Space>
          )}
        </>
      )}
    </Space>
  );
}
