/**
 * The stage actions a user may take on a report, by status and permission (the server checks
 * both again): triage accept/refuse, 转办/交办, verify on site, dispose, feedback, close out
 * (销号), add evidence. Each opens one small form; the answer is the updated report.
 */
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { DivisionCascader } from '../components/DivisionCascader.tsx';
import { FileUploadField } from '../components/FileUploadField.tsx';
import { OUTCOME_CODES, REFUSAL_CODES, tipoffsApi, type ReportView } from '../tipoffs-api.ts';

type Action = 'accept' | 'refuse' | 'assign' | 'verify' | 'dispose' | 'feedback' | 'close' | 'evidence';

const OPEN = new Set(['received', 'accepted', 'assigned', 'verified', 'disposed', 'feedback_given']);

/** Which actions this report offers to this user. */
export function availableActions(r: ReportView, can: (p: string) => boolean): Action[] {
  const out: Action[] = [];
  if (r.status === 'received' && can('tipoffs.report.triage')) out.push('accept', 'refuse');
  if (r.status === 'accepted' && can('tipoffs.report.assign')) out.push('assign');
  if (r.status === 'assigned' && can('tipoffs.report.handle')) out.push('verify');
  if (r.status === 'verified' && can('tipoffs.report.handle')) out.push('dispose');
  if (r.status === 'disposed' && (can('tipoffs.report.handle') || can('tipoffs.report.assign'))) out.push('feedback');
  if (r.status === 'feedback_given' && can('tipoffs.report.close')) out.push('close');
  if (OPEN.has(r.status) && r.status !== 'received' && can('tipoffs.report.handle')) out.push('evidence');
  return out;
}

const LABEL: Record<Action, string> = {
  accept: 'tipoffs.detail.accept', refuse: 'tipoffs.detail.refuse', assign: 'tipoffs.detail.assign', verify: 'tipoffs.detail.verify',
  dispose: 'tipoffs.detail.dispose', feedback: 'tipoffs.detail.feedback', close: 'tipoffs.detail.close', evidence: 'tipoffs.detail.addEvidence',
};

type Values = Record<string, unknown>;

function body(action: Action, v: Values): { path: Parameters<typeof tipoffsApi.act>[1]; body: unknown } {
  const opt = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
  const date = (x: unknown) => (x ? (x as Dayjs).format('YYYY-MM-DD') : undefined);
  switch (action) {
    case 'accept': return { path: 'triage', body: { decision: 'accept', note: opt(v.note) } };
    case 'refuse': return { path: 'triage', body: { decision: 'refuse', reason: v.reason, note: opt(v.note), redirect: opt(v.redirect) } };
    case 'assign': return { path: 'assign', body: { mode: v.mode, countyCode: opt(v.countyCode), dueDate: date(v.dueDate), instructions: opt(v.instructions) } };
    case 'verify': return { path: 'verify', body: { verifiedOn: date(v.verifiedOn), findings: String(v.findings).trim(), violationFound: !!v.violationFound, evidence: v.evidence ?? [] } };
    case 'dispose': return { path: 'dispose', body: { outcome: v.outcome, caseNo: opt(v.caseNo), summary: String(v.summary).trim(), evidence: v.evidence ?? [] } };
    case 'feedback': return { path: 'feedback', body: { text: String(v.text).trim() } };
    case 'close': return { path: 'close', body: { note: opt(v.note) } };
    case 'evidence': return { path: 'evidence', body: { files: v.files, note: opt(v.note) } };
  }
}

function Fields({ action, report }: { action: Action; report: ReportView }) {
  const { t } = useTranslation();
  const mode = Form.useWatch('mode') as string | undefined;
  const outcome = Form.useWatch('outcome') as string | undefined;
  const form = Form.useFormInstance();
  const note = <Form.Item name="note" label={t('tipoffs.detail.note')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>;
  const evidence = (name: string, required: boolean) => (
    <Form.Item name={name} label={t('tipoffs.detail.evidence')} initialValue={[]} rules={required ? [{ required: true, type: 'array', min: 1 }] : []}>
      <FileUploadField endpoint="/api/files" max={30} />
    </Form.Item>
  );
  switch (action) {
    case 'accept': return note;
    case 'refuse': return (
      <>
        <Form.Item name="reason" label={t('tipoffs.detail.reason')} rules={[{ required: true }]}>
          <Select options={REFUSAL_CODES.map((c) => ({ value: c, label: t(`tipoffs.refusals.${c}`) }))}
            onChange={() => form.setFieldValue('redirect', undefined)} />
        </Form.Item>
        <Form.Item name="redirect" label={t('tipoffs.detail.redirect')}><Input maxLength={300} /></Form.Item>
        {note}
      </>
    );
    case 'assign': return (
      <>
        <Form.Item name="mode" label={t('tipoffs.detail.mode')} initialValue="transfer">
          <Radio.Group options={(['transfer', 'assign'] as const).map((m) => ({ value: m, label: t(`tipoffs.assignModes.${m}`) }))} />
        </Form.Item>
        <Form.Item name="countyCode" label={t('tipoffs.detail.county')} extra={t('tipoffs.detail.countyHint')}>
          <DivisionCascader deepest="county" />
        </Form.Item>
        {mode === 'assign' && (
          <Form.Item name="dueDate" label={t('tipoffs.detail.dueDateField')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        )}
        <Form.Item name="instructions" label={t('tipoffs.detail.instructions')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </>
    );
    case 'verify': return (
      <>
        <Form.Item name="verifiedOn" label={t('tipoffs.detail.verifiedOn')} initialValue={dayjs()} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="findings" label={t('tipoffs.detail.findings')} rules={[{ required: true, min: 5, max: 5000 }]}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item name="violationFound" label={t('tipoffs.detail.violationFound')} valuePropName="checked" initialValue={true}><Switch /></Form.Item>
        {evidence('evidence', false)}
      </>
    );
    case 'dispose': return (
      <>
        <Form.Item name="outcome" label={t('tipoffs.detail.outcome')} rules={[{ required: true }]}>
          <Select options={OUTCOME_CODES.map((c) => ({ value: c, label: t(`tipoffs.outcomes.${c}`) }))} />
        </Form.Item>
        {outcome === 'case_filed' && (
          <Form.Item name="caseNo" label={t('tipoffs.detail.caseNo')} rules={[{ required: true, min: 3, max: 60 }]}><Input /></Form.Item>
        )}
        <Form.Item name="summary" label={report.assignment?.mode === 'assign' ? t('tipoffs.detail.summaryAssign') : t('tipoffs.detail.summary')}
          rules={[{ required: true, min: 5, max: 5000 }]}><Input.TextArea rows={4} /></Form.Item>
        {evidence('evidence', false)}
      </>
    );
    case 'feedback': return (
      <Form.Item name="text" label={t('tipoffs.detail.feedbackText')} extra={t('tipoffs.detail.feedbackHint')} rules={[{ required: true, min: 5, max: 2000 }]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    );
    case 'close': return note;
    case 'evidence': return <>{evidence('files', true)}{note}</>;
  }
}

export function StageActions({ report, onDone }: { report: ReportView; onDone: (r: ReportView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const actions = availableActions(report, can);
  if (actions.length === 0) return null;

  const submit = async () => {
    if (!open) return;
    const values = await form.validateFields();
    const { path, body: b } = body(open, values as Values);
    setBusy(true);
    try {
      const r = await tipoffsApi.act(report.id, path, b);
      message.success(t('tipoffs.detail.done'));
      setOpen(null);
      onDone(r);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="stage-actions">
        {actions.map((a) => (
          <Button key={a} type={a === 'refuse' || a === 'evidence' ? 'default' : 'primary'} danger={a === 'refuse'} onClick={() => { form.resetFields(); setOpen(a); }}>
            {t(LABEL[a])}
          </Button>
        ))}
      </Space>
      <Modal open={!!open} title={open ? (open === 'close' ? t('tipoffs.detail.closeTitle') : t(LABEL[open])) : ''} onCancel={() => setOpen(null)}
        onOk={() => void submit()} confirmLoading={busy} destroyOnHidden width={640} okText={open ? t(LABEL[open]) : undefined}>
        <Form form={form} layout="vertical" preserve={false}>
          {open && <Fields action={open} report={report} />}
        </Form>
      </Modal>
    </>
  );
}
