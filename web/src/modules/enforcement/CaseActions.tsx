/**
 * The stage actions of a case (办理): the buttons the status and the post's permissions allow, each
 * opening a form; the penalty proposal runs the discretion calculator on the facts entered, the
 * decision shows the proposal's band and refuses a fine outside it without a reason. Each form
 * names the field of an error (its own checks and the server's, `form-field.ts`), keeps its submit
 * busy while sending (a double tap sends once) and says what was done.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Form, Grid, Input, InputNumber, Modal, Radio, Select, Space, Tag, type ButtonProps, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { errorText, showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { FileUploadField } from '../tipoffs/components/FileUploadField.tsx';
import { enforcementApi, VIOLATION_KINDS, type CaseDetail, type Proposal } from './enforcement-api.ts';
import { formField } from './form-field.ts';

type Action = 'file' | 'notFile' | 'transfer' | 'record' | 'propose' | 'submitReview' | 'review' | 'notice' | 'defence' | 'hearingRequest' | 'hearing' | 'decide' | 'execution' | 'court' | 'close' | 'disclosure';

const PATH: Record<Action, string> = {
  file: 'file', notFile: 'not-file', transfer: 'transfer', record: 'records', propose: 'propose', submitReview: 'submit-review', review: 'review', notice: 'notice',
  defence: 'defence', hearingRequest: 'hearing-request', hearing: 'hearing', decide: 'decide', execution: 'execution', court: 'court', close: 'close', disclosure: 'disclosure',
};

function available(c: CaseDetail, can: (p: string) => boolean): Action[] {
  const inv = can('enforcement.case.investigate');
  const dec = can('enforcement.case.decide');
  const a: Action[] = [];
  switch (c.status) {
    case 'proposed': if (dec) a.push('file', 'notFile', 'transfer'); break;
    case 'investigating':
      if (inv) a.push('record', 'propose', 'submitReview');
      if (inv && c.proposal && !c.reviewRequired) a.push('notice');
      if (dec) a.push('transfer');
      break;
    case 'reviewing': if (can('enforcement.case.review')) a.push('review'); break;
    case 'reviewed': if (inv) a.push('notice'); if (dec) a.push('transfer'); break;
    case 'notified': if (inv) a.push('defence'); if (inv && c.hearingRequestDue) a.push('hearingRequest'); if (dec) a.push('decide'); break;
    case 'hearing': if (inv) a.push('hearing'); break;
    case 'decided': case 'executing': if (inv) a.push('execution', 'court'); if (dec) a.push('close', 'disclosure'); break;
    case 'closed': if (dec && c.disclosure) a.push('disclosure'); break;
    default: break;
  }
  return a;
}

const day = (v: unknown) => (v ? (v as Dayjs).format('YYYY-MM-DD') : undefined);
const today = () => dayjs();

function Calculator({ onProposal }: { onProposal: (p: Proposal | null) => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const [p, setP] = useState<Proposal | null>(null);
  const [err, setErr] = useState<string | null>(null);
  // On a phone the labels go above the values: a label column of 4 em leaves the values one word wide.
  const wide = Grid.useBreakpoint().md !== false;
  // The proposed amount is inside the band: a refusal shown for the earlier amount no longer holds.
  const use = (r: Proposal) => {
    form.setFieldsValue({ fine: r.amount, ...r.measures });
    form.setFields([{ name: 'fine', errors: [] }, { name: 'departureReason', errors: [] }]);
  };
  const run = async () => {
    const v = form.getFieldsValue(true) as Record<string, unknown>;
    try {
      const r = await enforcementApi.calculate({ violationKind: String(v.violationKind), facts: facts(v) });
      setP(r); setErr(null); onProposal(r);
    } catch (e) {
      setP(null); onProposal(null); setErr(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div data-testid="calculator" style={{ marginBottom: 16 }}>
      <Button onClick={() => void run()}>{t('enforcement.calc.title')}</Button>
      {err && <Alert style={{ marginTop: 8 }} type="warning" message={err} />}
      {p && (
        <Descriptions size="small" bordered column={1} layout={wide ? 'horizontal' : 'vertical'} styles={{ label: wide ? { width: 112 } : {} }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('enforcement.calc.band')}>{p.violationName} · {p.bandName} {!p.confirmed && <Tag color="orange">{t('enforcement.calc.example')}</Tag>}</Descriptions.Item>
          <Descriptions.Item label={t('enforcement.calc.range')}>{p.range.min.toFixed(2)} – {p.range.max.toFixed(2)}</Descriptions.Item>
          <Descriptions.Item label={t('enforcement.calc.amount')}>
            <Space><strong data-testid="calc-amount">{p.amount.toFixed(2)}</strong><Button size="small" onClick={() => use(p)}>{t('enforcement.calc.use')}</Button></Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('enforcement.calc.rule')}>{p.explanation}（#{p.ruleId}）<br />{p.legalBasis}</Descriptions.Item>
          <Descriptions.Item label={t('enforcement.calc.sources')}>{p.sources.join('；')}</Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}

function facts(v: Record<string, unknown>) {
  const n = (x: unknown) => (typeof x === 'number' ? x : null);
  return {
    areaM2: n(v.areaM2), basicFarmlandM2: n(v.basicFarmlandM2), landClass: (v.landClass as string) ?? null, fitsPlan: v.fitsPlan === undefined ? null : !!v.fitsPlan,
    rectified: !!v.rectified, illegalGains: n(v.illegalGains), mineralValue: n(v.mineralValue),
  };
}

function body(a: Action, v: Record<string, unknown>): Record<string, unknown> {
  switch (a) {
    case 'file': return { opinion: v.opinion };
    case 'notFile': return { reason: v.reason };
    case 'transfer': return { to: v.to, reason: v.reason };
    case 'record': return { kind: v.kind, recordedOn: day(v.recordedOn), title: v.title, content: v.content, files: v.files ?? [] };
    case 'propose': return {
      violationKind: v.violationKind, facts: facts(v), fine: v.fine,
      party: { kind: v.partyKind, name: v.partyName, idNumber: v.idNumber || null, address: v.address || null },
      measures: { confiscate: !!v.confiscate, demolish: !!v.demolish, restore: !!v.restore }, departureReason: v.departureReason || null,
    };
    case 'submitReview': return {};
    case 'review': return { approve: v.approve === 'yes', opinion: v.opinion, approveDeparture: !!v.approveDeparture };
    case 'notice': return { servedOn: day(v.servedOn) };
    case 'defence': return { text: v.text };
    case 'hearingRequest': return { requestedOn: day(v.requestedOn) };
    case 'hearing': return { heldOn: day(v.heldOn), summary: v.text };
    case 'decide': return { penalty: { fine: v.fine, confiscate: !!v.confiscate, demolish: !!v.demolish, restore: !!v.restore, other: null }, legalBasis: v.legalBasis, departureReason: v.departureReason || null };
    case 'execution': return { finePaid: v.finePaid ?? 0, demolishedM2: v.demolishedM2 ?? 0, landReturnedM2: v.landReturnedM2 ?? 0, confiscated: !!v.confiscated, note: v.note, files: v.files ?? [], complete: !!v.complete };
    case 'court': return { appliedOn: day(v.appliedOn), court: v.court };
    case 'close': return { note: v.note };
    case 'disclosure': return { status: v.status, reason: v.reason };
  }
}

const RECORD_KINDS = ['inquiry', 'site', 'measurement', 'photo', 'field', 'other'] as const;
const money2 = (n: number) => n.toFixed(2);

/** The proposal's calculation as the decision form shows it: band, range, amount, rule. */
function ProposalSummary({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md !== false;
  const p = c.proposal;
  if (!p) return null;
  const k = p.calculation;
  return (
    <Descriptions size="small" bordered column={1} layout={wide ? 'horizontal' : 'vertical'} styles={{ label: wide ? { width: 112 } : {} }} style={{ marginBottom: 16 }} data-testid="decision-calculation" title={t('enforcement.forms.calculation')}>
      <Descriptions.Item label={t('enforcement.calc.band')}>{k.violationName} · {k.bandName} {!k.confirmed && <Tag color="orange">{t('enforcement.calc.example')}</Tag>}</Descriptions.Item>
      <Descriptions.Item label={t('enforcement.calc.range')}>{money2(k.range.min)} – {money2(k.range.max)}</Descriptions.Item>
      <Descriptions.Item label={t('enforcement.calc.amount')}>{money2(k.amount)}{p.fine !== k.amount && <>（{t('enforcement.forms.proposedFine', { fine: money2(p.fine) })}）</>}</Descriptions.Item>
      <Descriptions.Item label={t('enforcement.calc.rule')}>{k.explanation}（#{k.ruleId}）</Descriptions.Item>
    </Descriptions>
  );
}

function Fields({ a, c }: { a: Action; c: CaseDetail }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const f = (k: string) => t(`enforcement.fields.${k}`);
  const req: FormRule[] = [{ required: true, whitespace: true }];
  // The server takes texts of 2 characters or more.
  const textRules: FormRule[] = [...req, { min: 2 }];
  const text = (name: string, label = name, rows = 3) => <Form.Item name={name} label={f(label)} rules={textRules}><Input.TextArea rows={rows} maxLength={4000} /></Form.Item>;
  const date = (name: string) => <Form.Item name={name} label={f(name)} rules={[{ required: true }]} initialValue={today()}><DatePicker inputReadOnly style={{ width: 200 }} /></Form.Item>;
  const money = (name: string, required = false) => <Form.Item name={name} label={f(name)} rules={required ? [{ required: true }] : []}><InputNumber min={0} inputMode="decimal" style={{ width: 200 }} /></Form.Item>;
  const check = (name: string) => <Form.Item name={name} valuePropName="checked" noStyle><Checkbox>{f(name)}</Checkbox></Form.Item>;
  const [, setProposal] = useState<Proposal | null>(null);
  switch (a) {
    case 'file': return text('opinion', 'opinion', 2);
    case 'notFile': return text('reason');
    case 'transfer': return <><Form.Item name="to" label={f('to')} rules={req}><Select options={['公安机关', '纪检监察机关'].map((x) => ({ value: x, label: x }))} /></Form.Item>{text('reason')}</>;
    case 'record': {
      // The title starts as the kind's name (询问笔录, 现场勘验笔录) and follows the kind until edited.
      const defaults = RECORD_KINDS.map((k) => t(`enforcement.records.${k}`));
      const follow = (k: string) => {
        const title = form.getFieldValue('title') as string | undefined;
        if (!title || defaults.includes(title)) form.setFieldValue('title', t(`enforcement.records.${k}`));
      };
      return (
        <>
          <Form.Item name="kind" label={f('kind')} rules={req} initialValue="inquiry">
            <Select onChange={follow} options={RECORD_KINDS.map((k) => ({ value: k, label: t(`enforcement.records.${k}`) }))} />
          </Form.Item>
          {date('recordedOn')}
          <Form.Item name="title" label={f('recordTitle')} rules={textRules} initialValue={t('enforcement.records.inquiry')}><Input maxLength={200} /></Form.Item>
          {text('content', 'content', 5)}
          <Form.Item name="files" label={f('files')} initialValue={[]} extra={t('enforcement.forms.photosHint')}><FileUploadField endpoint="/api/files" max={30} /></Form.Item>
        </>
      );
    }
    case 'propose': return (
      <>
        <Form.Item name="violationKind" label={f('violationKind')} rules={req} initialValue={c.violationKind ?? 'illegal_occupation'}>
          <Select options={VIOLATION_KINDS.map((k) => ({ value: k, label: t(`enforcement.kinds.${k}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="areaM2" label={f('areaM2')} initialValue={c.facts.areaM2 ?? undefined}><InputNumber min={0} inputMode="decimal" /></Form.Item>
          <Form.Item name="landClass" label={f('landClass')} initialValue={c.facts.landClass ?? undefined}>
            <Select style={{ width: 140 }} allowClear options={['cropland', 'construction', 'unused', 'other'].map((k) => ({ value: k, label: f(k) }))} />
          </Form.Item>
          <Form.Item name="basicFarmlandM2" label={f('basicFarmland')} initialValue={c.facts.basicFarmlandM2 ?? undefined}><InputNumber min={0} inputMode="decimal" /></Form.Item>
          <Form.Item name="illegalGains" label={f('illegalGains')} initialValue={c.facts.illegalGains ?? undefined}><InputNumber min={0} inputMode="decimal" /></Form.Item>
          <Form.Item name="mineralValue" label={f('mineralValue')} initialValue={c.facts.mineralValue ?? undefined}><InputNumber min={0} inputMode="decimal" /></Form.Item>
        </Space>
        <Space wrap style={{ marginBottom: 16 }}>{check('fitsPlan')}{check('rectified')}</Space>
        <Calculator onProposal={setProposal} />
        <Form.Item name="partyKind" label={f('partyKind')} rules={req} initialValue={c.partyKind ?? 'company'}>
          <Radio.Group options={[{ value: 'company', label: f('company') }, { value: 'person', label: f('person') }]} />
        </Form.Item>
        <Form.Item name="partyName" label={f('partyName')} rules={textRules} initialValue={c.partyName ?? undefined}><Input maxLength={200} /></Form.Item>
        <Form.Item name="idNumber" label={f('idNumber')} initialValue={c.partyIdNumber ?? undefined}><Input maxLength={40} /></Form.Item>
        <Form.Item name="address" label={f('address')} initialValue={c.partyAddress ?? undefined}><Input maxLength={300} /></Form.Item>
        {money('fine', true)}
        <Space wrap style={{ marginBottom: 16 }}>{check('confiscate')}{check('demolish')}{check('restore')}</Space>
        <Form.Item name="departureReason" label={f('departureReason')} extra={t('enforcement.calc.outside')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      </>
    );
    case 'submitReview': return (
      <Alert type="info" showIcon message={t('enforcement.forms.submitReview', { records: c.records.filter((r) => r.kind !== 'execution').length, fine: c.proposal ? money2(c.proposal.fine) : '—' })} />
    );
    case 'review': return (
      <>
        {c.proposal && <ProposalSummary c={c} />}
        <Form.Item name="approve" label={f('approve')} rules={req} initialValue="yes">
          <Radio.Group options={[{ value: 'yes', label: f('approveYes') }, { value: 'no', label: f('approveNo') }]} />
        </Form.Item>
        {c.proposal?.departure && <Form.Item name="approveDeparture" valuePropName="checked"><Checkbox>{f('approveDeparture')}</Checkbox></Form.Item>}
        {text('opinion')}
      </>
    );
    case 'notice': return (
      <>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="notice-rights" message={t('enforcement.forms.noticeTitle')} description={
          <>
            <div>{t('enforcement.forms.noticePenalty', { fine: c.proposal ? money2(c.proposal.fine) : '—' })}</div>
            <div>{t('enforcement.forms.noticeDefence')}</div>
            <div>{c.hearingEligible ? t('enforcement.forms.noticeHearing') : t('enforcement.forms.noticeNoHearing')}</div>
          </>
        } />
        {date('servedOn')}
      </>
    );
    case 'defence': return text('text');
    case 'hearingRequest': return date('requestedOn');
    case 'hearing': return <>{date('heldOn')}{text('text')}</>;
    case 'decide': {
      const range = c.proposal?.calculation.range;
      const outside = (fine: unknown) => range !== undefined && typeof fine === 'number' && (fine < range.min - 0.005 || fine > range.max + 0.005);
      return (
        <>
          <ProposalSummary c={c} />
          <Form.Item name="fine" label={f('fine')} rules={[{ required: true }]} initialValue={c.proposal?.fine}><InputNumber min={0} inputMode="decimal" style={{ width: 200 }} /></Form.Item>
          <Space wrap style={{ marginBottom: 16 }}>
            <Form.Item name="confiscate" valuePropName="checked" noStyle initialValue={c.proposal?.calculation.measures.confiscate}><Checkbox>{f('confiscate')}</Checkbox></Form.Item>
            <Form.Item name="demolish" valuePropName="checked" noStyle initialValue={c.proposal?.calculation.measures.demolish}><Checkbox>{f('demolish')}</Checkbox></Form.Item>
            <Form.Item name="restore" valuePropName="checked" noStyle initialValue={c.proposal?.calculation.measures.restore}><Checkbox>{f('restore')}</Checkbox></Form.Item>
          </Space>
          <Form.Item name="legalBasis" label={f('legalBasis')} rules={textRules} initialValue={c.proposal?.calculation.legalBasis}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.Item name="departureReason" label={f('departureReason')} dependencies={['fine']} extra={t('enforcement.calc.outside')} rules={[({ getFieldValue }) => ({
            validator: (_r, v: unknown) => (outside(getFieldValue('fine')) && !(typeof v === 'string' && v.trim().length >= 2)
              ? Promise.reject(new Error(t('enforcement.forms.departureRequired', { min: money2(range!.min), max: money2(range!.max) }))) : Promise.resolve()),
          })]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </>
      );
    }
    case 'execution': return (
      <>
        {c.fineAmount !== null && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('enforcement.forms.fineDue', { fine: money2(c.fineAmount), paid: money2(c.finePaid) })} />}
        {money('finePaid')}{money('demolishedM2')}{money('landReturnedM2')}
        <Space wrap style={{ marginBottom: 16 }}>{check('confiscated')}{check('complete')}</Space>
        {text('note', 'note', 2)}
        <Form.Item name="files" label={f('files')} initialValue={[]} extra={t('enforcement.forms.evidenceHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('enforcement.forms.evidenceRequired') }]}><FileUploadField endpoint="/api/files" max={30} /></Form.Item>
      </>
    );
    case 'court': return <>{date('appliedOn')}<Form.Item name="court" label={f('court')} rules={textRules}><Input maxLength={100} /></Form.Item></>;
    case 'close': {
      const evidence = c.records.filter((r) => r.kind === 'execution' && r.files.length > 0).length;
      return (
        <>
          <Alert type={evidence > 0 ? 'info' : 'warning'} showIcon style={{ marginBottom: 16 }} data-testid="closing-check" message={t('enforcement.forms.closing', {
            fine: c.fineAmount === null ? '—' : money2(c.fineAmount), paid: money2(c.finePaid), evidence,
          })} />
          {text('note', 'note', 2)}
        </>
      );
    }
    case 'disclosure': return (
      <>
        <Form.Item name="status" label={f('status')} rules={req} initialValue="changed">
          <Radio.Group options={[{ value: 'changed', label: f('changed') }, { value: 'withdrawn', label: f('withdrawn') }]} />
        </Form.Item>
        {text('reason')}
      </>
    );
    default: return null;
  }
}

export function CaseActions({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  // Set synchronously: a double tap reaches submit twice before React shows the button busy.
  const sending = useRef(false);
  const [form] = Form.useForm();
  const actions = available(c, (p) => can(p));
  if (!actions.length) return null;
  const fail = (a: Action, e: unknown) => {
    // The server names the body path (`party.name`, `files[0]`): show it under the form's field.
    if (e instanceof ApiError && e.field) {
      const name = formField(a, e.field);
      if (name in (form.getFieldsValue() as Record<string, unknown>)) {
        form.setFields([{ name, errors: [errorText(t, e)] }]);
        form.scrollToField(name);
        return;
      }
    }
    showError(t, e, message);
  };
  const submit = async () => {
    if (!open || sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const v = await form.validateFields().catch(() => null);
      if (!v) return;
      const res = await enforcementApi.action(c.id, PATH[open], { ...body(open, form.getFieldsValue(true) as Record<string, unknown>), version: c.rowVersion });
      void message.success(t('enforcement.forms.done', { action: t(`enforcement.actions.${open}`) }));
      setOpen(null);
      form.resetFields();
      onDone(res.case);
    } catch (e) {
      fail(open, e);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  return (
    <>
      <Space wrap data-testid="case-actions">
        {actions.map((a) => <Button key={a} type={a === 'file' || a === 'decide' || a === 'close' ? 'primary' : 'default'} onClick={() => { form.resetFields(); setOpen(a); }}>{t(`enforcement.actions.${a}`)}</Button>)}
      </Space>
      <Modal open={open !== null} title={open ? t(`enforcement.actions.${open}`) : ''} onCancel={() => { if (!sending.current) setOpen(null); }} onOk={() => void submit()}
        confirmLoading={busy} okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps} cancelButtonProps={{ disabled: busy }} maskClosable={!busy}
        okText={t('enforcement.actions.submit')} width={open === 'propose' || open === 'decide' ? 760 : 560} style={{ top: 24 }} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>{open && <Fields a={open} c={c} />}</Form>
      </Modal>
    </>
  );
}
