/**
 * What the active post may do with the case now: the window's formal check (accept, one-time
 * supplement notice, refuse) with the time-to-accept against the 20/40-minute standard; a
 * reviewer's opinion; clock stops and extension requests; the leader's decision and extension
 * approval; delivery. The server decides in the end — its refusal is shown as it comes.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import type { CaseView, MatterView } from '../journey/journey-api.ts';
import { SupplementChecklist, type SupplementDraft } from './SupplementChecklist.tsx';
import { useMyDepartment } from './my-department.ts';

const PAUSE_KINDS = ['hearing', 'expert_review', 'public_notice', 'on_site_inspection', 'other'] as const;

function useElapsed(from: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!from) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [from]);
  return from ? Math.max(0, Math.floor((now - new Date(from).getTime()) / 1000)) : 0;
}

export function CaseActions({ c, matter, onChanged, reload }: { c: CaseView; matter: MatterView | null; onChanged(v: CaseView): void; reload(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const myDepartment = useMyDepartment();
  const [busy, setBusy] = useState<string | null>(null);
  const [modal, setModal] = useState<null | 'refuse' | 'pause' | 'extension' | 'supplement'>(null);
  const [draft, setDraft] = useState<SupplementDraft>({});
  const [form] = Form.useForm();
  const base = `/api/approvals/cases/${encodeURIComponent(c.caseNo)}`;

  // Parallel reviewers act on the same case independently: an opinion carries no version (the
  // server locks the case and allows one opinion per department); the other actions do.
  const act = async (key: string, path: string, body: Record<string, unknown>, done?: string) => {
    setBusy(key);
    try {
      const v = await api.post<CaseView | { id: number }>(`${base}/${path}`, body);
      if (v && 'caseNo' in v) onChanged(v);
      else reload();
      message.success(done ?? t('approvals.cases.actions.done'));
      setModal(null);
      form.resetFields();
      return true;
    } catch (e) {
      showError(t, e, message, modal ? form : undefined);
      // Someone else acted first: show the case as it is now.
      if (e instanceof ApiError && (e.code === 'approvals.case_state_changed' || e.code === 'approvals.case_wrong_state' || e.code === 'approvals.case_not_acceptable')) reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const acceptPhase = c.status === 'submitted' || c.status === 'resubmitted';
  const reviewPhase = c.status === 'in_review' || c.status === 'pending_decision';
  const lastResubmit = [...c.events].reverse().find((e) => e.kind === 'resubmitted');
  const checkEvent = [...c.events].reverse().find((e) => e.kind === 'check_started' && (!lastResubmit || e.at >= lastResubmit.at));
  const checkFrom = acceptPhase ? (c.channel === 'walk_in' && !lastResubmit ? c.submittedAt : checkEvent?.at ?? null) : null;
  const elapsed = useElapsed(checkFrom);
  const standardMin = matter?.complex ? 40 : 20;
  const supplementItems = () => Object.entries(draft).filter(([, d]) => d.ticked).map(([key, d]) => ({ key, reason: d.reason.trim() }));
  const pendingExtensions = c.extensions.filter((e) => e.status === 'pending');
  const canClock = can('approvals.case.review') || can('approvals.case.decide');

  const panels: ReactNode[] = [];

  if (acceptPhase && can('approvals.case.accept')) {
    panels.push(
      <Card key="check" size="small" title={t('approvals.cases.check.title')} data-testid="check-panel">
        {!checkFrom ? (
          <Space orientation="vertical">
            <Typography.Text>{t('approvals.cases.check.startHint', { minutes: standardMin })}</Typography.Text>
            <Button type="primary" loading={busy === 'start'} onClick={() => void act('start', 'start-check', {}, t('approvals.cases.check.started'))}>{t('approvals.cases.check.start')}</Button>
          </Space>
        ) : (
          <>
            <Alert style={{ marginBottom: 12 }} type={elapsed > standardMin * 60 ? 'error' : 'info'} showIcon data-testid="check-timer"
              title={t('approvals.cases.check.timer', { m: Math.floor(elapsed / 60), s: String(elapsed % 60).padStart(2, '0'), minutes: standardMin })}
              description={matter?.complex ? t('approvals.cases.check.complex') : t('approvals.cases.check.simple')} />
            <SupplementChecklist c={c} matter={matter} value={draft} onChange={setDraft} />
            <Space wrap style={{ marginTop: 12 }}>
              <Button type="primary" loading={busy === 'accept'} onClick={() => void act('accept', 'accept', { version: c.version }, t('approvals.cases.check.accepted'))}>{t('approvals.cases.check.accept')}</Button>
              <Button loading={busy === 'supplement'} disabled={supplementItems().length === 0}
                onClick={() => {
                  const items = supplementItems();
                  if (items.some((i) => i.reason.length < 2)) { message.error(t('approvals.cases.check.reasonRequired')); return; }
                  void act('supplement', 'supplement-request', { items, version: c.version }, t('approvals.cases.check.supplementSent')).then((ok) => { if (ok) setDraft({}); });
                }}>
                {t('approvals.cases.check.supplement', { count: supplementItems().length })}
              </Button>
              <Button danger onClick={() => setModal('refuse')}>{t('approvals.cases.check.refuse')}</Button>
            </Space>
          </>
        )}
      </Card>,
    );
  }

  if (c.status === 'in_review' && can('approvals.case.review')) {
    const active = c.stages.find((s) => s.status === 'active');
    // One opinion per department and stage: once the reviewer's department has given it, the
    // form closes and the opinion shows (a second submit would be refused with 409).
    const given = active?.opinions.find((o) => o.userId === me.user.id || (myDepartment !== null && o.department === myDepartment));
    panels.push(
      <Card key="opinion" size="small" title={t('approvals.cases.review.title', { stage: active?.name ?? '' })} data-testid="opinion-panel">
        {given ? (
          <Alert type="success" showIcon data-testid="opinion-given"
            title={t('approvals.cases.review.given', { verdict: t(`approvals.cases.verdicts.${given.verdict}`) })}
            description={given.comment} />
        ) : (
        <Form layout="vertical" onFinish={(v: { verdict: 'agree' | 'disagree'; comment: string }) => void act('opinion', 'opinions', v, t('approvals.cases.review.saved'))}
          initialValues={{ verdict: 'agree' }}>
          <Form.Item name="verdict" label={t('approvals.cases.review.verdict')}>
            <Radio.Group options={[{ value: 'agree', label: t('approvals.cases.verdicts.agree') }, { value: 'disagree', label: t('approvals.cases.verdicts.disagree') }]} />
          </Form.Item>
          <Form.Item name="comment" label={t('approvals.cases.review.comment')} rules={[{ required: true, min: 2, max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy === 'opinion'}>{t('approvals.cases.review.submit')}</Button>
            <Button onClick={() => { setDraft({}); setModal('supplement'); }}>{t('approvals.cases.review.supplement')}</Button>
          </Space>
        </Form>
        )}
      </Card>,
    );
  }

  if (c.status === 'pending_decision' && can('approvals.case.decide')) {
    panels.push(
      <Card key="decide" size="small" title={t('approvals.cases.decide.title')} data-testid="decide-panel">
        <Form layout="vertical" initialValues={{ decision: 'granted', reason: '' }}
          onFinish={(v: { decision: string; reason: string }) => void act('decide', 'decide', { ...v, version: c.version }, t('approvals.cases.decide.done'))}>
          <Form.Item name="decision" label={t('approvals.cases.decide.decision')}>
            <Radio.Group options={[{ value: 'granted', label: t(`approvals.journey.decisionsBy.${c.decisionWording}.granted`) }, { value: 'denied', label: t(`approvals.journey.decisionsBy.${c.decisionWording}.denied`) }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) => (
              <Form.Item name="reason" label={t('approvals.cases.decide.reason')}
                rules={getFieldValue('decision') === 'denied' ? [{ required: true, min: 4, message: t('approvals.cases.decide.reasonRequired', { denied: t(`approvals.journey.decisionsBy.${c.decisionWording}.denied`) }) }] : []}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            )}
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'decide'}>{t('approvals.cases.decide.submit')}</Button>
        </Form>
      </Card>,
    );
  }

  if (reviewPhase && canClock) {
    panels.push(
      <Card key="clock" size="small" title={t('approvals.cases.clock.title')}>
        <Space wrap>
          {c.pausedSince
            ? <Button loading={busy === 'resume'} onClick={() => void act('resume', 'resume', { version: c.version })}>{t('approvals.cases.clock.resume')}</Button>
            : <Button onClick={() => setModal('pause')}>{t('approvals.cases.clock.pause')}</Button>}
          <Button onClick={() => setModal('extension')}>{t('approvals.cases.clock.extension')}</Button>
        </Space>
      </Card>,
    );
  }

  if (pendingExtensions.length > 0 && can('approvals.extension.approve')) {
    panels.push(
      <Card key="ext" size="small" title={t('approvals.cases.extension.title')}>
        {pendingExtensions.map((e) => (
          <Space key={e.id} wrap style={{ marginBottom: 8 }}>
            <Typography.Text>{t('approvals.cases.extension.line', { days: e.days, reason: e.reason })}</Typography.Text>
            <Button type="primary" size="small" loading={busy === `ext-${e.id}`} onClick={() => void act(`ext-${e.id}`, `extensions/${e.id}/decision`, { approve: true })}>{t('approvals.cases.extension.approve')}</Button>
            <Button danger size="small" loading={busy === `ext-${e.id}-no`} onClick={() => void act(`ext-${e.id}-no`, `extensions/${e.id}/decision`, { approve: false })}>{t('approvals.cases.extension.reject')}</Button>
          </Space>
        ))}
      </Card>,
    );
  }

  if (c.status === 'decided' && can('approvals.case.complete')) {
    panels.push(<DeliverPanel key="deliver" busy={busy === 'complete'} onDeliver={(delivery) => void act('complete', 'complete', { delivery, version: c.version }, t('approvals.cases.deliver.done'))} />);
  }

  if (panels.length === 0) return null;
  return (
    <>
      <Space orientation="vertical" style={{ width: '100%' }}>{panels}</Space>
      <Modal open={modal === 'refuse'} title={t('approvals.cases.check.refuse')} onCancel={() => setModal(null)} onOk={() => form.submit()}
        confirmLoading={busy === 'refuse'} okButtonProps={{ danger: true }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v: { reason: string; competentAgency?: string }) => void act('refuse', 'refuse', { reason: v.reason, ...(v.competentAgency ? { competentAgency: v.competentAgency } : {}), version: c.version }, t('approvals.cases.check.refused'))}>
          <Typography.Paragraph type="secondary">{t('approvals.cases.check.refuseHint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('approvals.cases.detail.reason')} rules={[{ required: true, min: 4, max: 2000 }]}><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="competentAgency" label={t('approvals.cases.check.competentAgency')}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={modal === 'pause'} title={t('approvals.cases.clock.pause')} onCancel={() => setModal(null)} onOk={() => form.submit()} confirmLoading={busy === 'pause'} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'expert_review' }} onFinish={(v: { kind: string; reason: string }) => void act('pause', 'pause', { ...v, version: c.version })}>
          <Form.Item name="kind" label={t('approvals.cases.detail.stopKind')}>
            <Select options={PAUSE_KINDS.map((k) => ({ value: k, label: t(`approvals.cases.pauseKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('approvals.cases.detail.reason')} rules={[{ required: true, min: 2, max: 500 }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={modal === 'extension'} title={t('approvals.cases.clock.extension')} onCancel={() => setModal(null)} onOk={() => form.submit()} confirmLoading={busy === 'extension'} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ days: 5 }} onFinish={(v: { days: number; reason: string }) => void act('extension', 'extensions', { ...v, version: c.version }, t('approvals.cases.clock.extensionSent'))}>
          <Typography.Paragraph type="secondary">{t('approvals.cases.clock.extensionHint')}</Typography.Paragraph>
          <Form.Item name="days" label={t('approvals.cases.detail.extensionDays')} rules={[{ required: true }]}><InputNumber min={1} max={10} /></Form.Item>
          <Form.Item name="reason" label={t('approvals.cases.detail.reason')} rules={[{ required: true, min: 4, max: 300 }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={modal === 'supplement'} width={720} title={t('approvals.cases.review.supplement')} onCancel={() => setModal(null)} confirmLoading={busy === 'supplement'}
        okButtonProps={{ disabled: supplementItems().length === 0 }}
        onOk={() => {
          const items = supplementItems();
          if (items.some((i) => i.reason.length < 2)) { message.error(t('approvals.cases.check.reasonRequired')); return; }
          void act('supplement', 'supplement-request', { items, version: c.version }, t('approvals.cases.check.supplementSent'));
        }} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('approvals.cases.review.supplementHint')}</Typography.Paragraph>
        <SupplementChecklist c={c} matter={matter} value={draft} onChange={setDraft} />
      </Modal>
    </>
  );
}

function DeliverPanel({ busy, onDeliver }: { busy: boolean; onDeliver(delivery: string): void }) {
  const { t } = useTranslation();
  const [delivery, setDelivery] = useState('electronic');
  return (
    <Card size="small" title={t('approvals.cases.deliver.title')} data-testid="deliver-panel">
      <Space wrap>
        <Select value={delivery} onChange={setDelivery} style={{ width: 180 }} aria-label={t('approvals.cases.deliver.title')}
          options={['pickup', 'post', 'electronic'].map((d) => ({ value: d, label: t(`approvals.cases.deliver.${d}`) }))} />
        <Button type="primary" loading={busy} onClick={() => onDeliver(delivery)}>{t('approvals.cases.deliver.submit')}</Button>
      </Space>
    </Card>
  );
}
