/**
 * The staff steps after the announcement: changing the increment (调整增价幅度, announced at least
 * 24 h ahead), the tender (招标: sealed until the opening, the panel drawn through the selection
 * module, one score sheet per member) and the contract with its payment plan (出让合同, 分期缴款,
 * overdue flags). Errors land on the field the server names.
 */
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { yuan, type LotView } from './trading-api.ts';

const staffPath = (lotNo: string) => `/api/trading/lots/${encodeURIComponent(lotNo)}`;
const time = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace', fontSize: 12 };

/** 调整增价幅度: the new increment, when it takes effect (≥ 24 h ahead, before listing ends) and why. */
export function IncrementModal({ lot, onClose, onDone }: { lot: LotView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ increment: number; effectiveAt: Dayjs; reason: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`${staffPath(lot.lotNo)}/increment`, { increment: v.increment, effectiveAt: v.effectiveAt.toISOString(), reason: v.reason });
      void message.success(t('trading.staff.done'));
      onDone();
    } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  return (
    <Modal open title={`${t('trading.increment.title')} · ${lot.lotNo}`} onCancel={onClose} onOk={save} okText={t('trading.increment.announce')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('trading.increment.rule')}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('trading.increment.current')}>{yuan(lot.increment)}</Descriptions.Item>
        {lot.pendingIncrement && <Descriptions.Item label={t('trading.increment.pending')}>{t('trading.increment.pendingText', { increment: yuan(lot.pendingIncrement.increment), at: time(lot.pendingIncrement.effectiveAt) })}</Descriptions.Item>}
      </Descriptions>
      <Form form={form} layout="vertical" initialValues={{ effectiveAt: dayjs().add(25, 'hour').startOf('hour') }}>
        <Form.Item name="increment" label={t('trading.increment.newIncrement')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="effectiveAt" label={t('trading.increment.effectiveAt')} rules={[{ required: true }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="reason" label={t('trading.increment.reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** 终止出让: ends a running sale with a reason (refunds, notices, log, map follow on the server). */
export function WithdrawModal({ lot, onClose, onDone }: { lot: LotView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`${staffPath(lot.lotNo)}/withdraw`, v);
      void message.success(t('trading.staff.done'));
      onDone();
    } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  return (
    <Modal open title={`${t('trading.withdraw.title')} · ${lot.lotNo}`} onCancel={onClose} onOk={save} okText={t('trading.withdraw.confirm')} okButtonProps={{ danger: true }} confirmLoading={busy} destroyOnHidden>
      <Alert type="warning" showIcon message={t('trading.withdraw.rule')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('trading.withdraw.reason')} rules={[{ required: true, whitespace: true, min: 4 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('trading.withdraw.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TenderView {
  status: LotView['status']; sealed: boolean; panel: { id: string; name: string }[] | null; panelDrawNo: string | null; commitmentsEntryIdx?: number;
  bids: { bidderNumber: string; amount: number; proposal: string; submittedAt: string; commitment: string; scores?: number[] }[] | null; sheets: string[];
}

/** 招标: sealed until the opening (not even the count), then the opened bids, the panel and its score sheets. */
export function TenderDrawer({ lot, onClose, onChanged }: { lot: LotView; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const view = useLoad(() => api.get<TenderView>(`${staffPath(lot.lotNo)}/tender`), [lot.lotNo]);
  const [member, setMember] = useState<string | null>(null);
  const [form] = Form.useForm<Record<string, number>>();
  const [busy, setBusy] = useState(false);
  const v = view.data;
  const comprehensive = lot.tender?.evaluation === 'comprehensive';
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try { await fn(); void message.success(t('trading.staff.done')); await view.reload(); onChanged(); } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  const open = v?.panel?.filter((m) => !v.sheets.includes(m.id)) ?? [];
  return (
    <Drawer open onClose={onClose} width={760} title={`${t('trading.tender.title')} · ${lot.lotNo}`}>
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('trading.tender.evaluation')}>{lot.tender ? t(`trading.tender.evaluations.${lot.tender.evaluation}`) : '—'}{comprehensive ? ` · ${t('trading.tender.weights', { price: lot.tender!.priceWeight, panel: lot.tender!.panelSize })}` : ''}</Descriptions.Item>
        <Descriptions.Item label={t('trading.tender.opening')}>{time(lot.listingEnd)}</Descriptions.Item>
        <Descriptions.Item label={t('trading.fields.status')}><Tag>{t(`trading.statuses.${lot.status}`)}</Tag></Descriptions.Item>
      </Descriptions>
      {v?.sealed && <Alert type="info" showIcon data-testid="tender-sealed" message={t('trading.tender.sealed')} style={{ marginBottom: 16 }} />}
      {comprehensive && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('trading.tender.panel')}</Typography.Title>
          {v?.panel ? (
            <Space wrap style={{ marginBottom: 16 }} data-testid="tender-panel">
              {v.panel.map((m) => <Tag key={m.id} color={v.sheets.includes(m.id) ? 'green' : undefined}>{m.name}{v.sheets.includes(m.id) ? ` ✓` : ''}</Tag>)}
              {v.panelDrawNo && <Typography.Text type="secondary">{t('trading.tender.drawNo', { no: v.panelDrawNo })}</Typography.Text>}
            </Space>
          ) : can('trading.lot.approve') && lot.status !== 'closed'
            ? <Button loading={busy} onClick={() => act(() => api.post(`${staffPath(lot.lotNo)}/panel`))} style={{ marginBottom: 16 }}>{t('trading.tender.drawPanel')}</Button>
            : <Typography.Paragraph type="secondary">{t('trading.tender.noPanel')}</Typography.Paragraph>}
        </>
      )}
      {v?.bids && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('trading.tender.bids')}</Typography.Title>
          <Table rowKey="bidderNumber" size="small" pagination={false} dataSource={v.bids} scroll={{ x: true }} style={{ marginBottom: 16 }}
            columns={[
              { title: t('trading.staff.bidderNumber'), dataIndex: 'bidderNumber' },
              { title: t('trading.tender.amount'), dataIndex: 'amount', align: 'right', render: yuan },
              { title: t('trading.tender.proposal'), dataIndex: 'proposal', render: (p: string) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 240 }}>{p}</Typography.Paragraph> },
              { title: t('trading.tender.submittedAt'), dataIndex: 'submittedAt', render: time },
              { title: t('trading.tender.commitment'), dataIndex: 'commitment', render: (c: string) => <span style={mono}>{c.slice(0, 16)}…</span> },
              ...(lot.status === 'closed' ? [{ title: t('trading.tender.scores'), dataIndex: 'scores', render: (s?: number[]) => s?.join(' / ') || '—' }] : []),
            ]} />
        </>
      )}
      {v?.bids && comprehensive && lot.status === 'evaluating' && v.panel && open.length > 0 && can('trading.lot.manage') && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('trading.tender.sheet')}</Typography.Title>
          <Form form={form} layout="vertical" onFinish={(vals) => act(async () => {
            await api.post(`${staffPath(lot.lotNo)}/scores`, { memberId: member, scores: v.bids!.map((b) => ({ bidderNumber: b.bidderNumber, score: vals[`s${b.bidderNumber}`] })) });
            form.resetFields(); setMember(null);
          })}>
            <Form.Item label={t('trading.tender.member')} required>
              <Select aria-label={t('trading.tender.member')} value={member} onChange={setMember} options={open.map((m) => ({ value: m.id, label: m.name }))} style={{ maxWidth: 320 }} />
            </Form.Item>
            <Space wrap>
              {v.bids.map((b) => (
                <Form.Item key={b.bidderNumber} name={`s${b.bidderNumber}`} label={t('trading.tender.scoreOf', { n: b.bidderNumber })} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} />
                </Form.Item>
              ))}
            </Space>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!member}>{t('trading.tender.submitSheet')}</Button>
          </Form>
        </>
      )}
    </Drawer>
  );
}

interface ContractView {
  contractNo: string; signedOn: string; price: number; depositCredited: number;
  instalments: { seq: number; label: string; amount: number; dueDate: string; paid: number; paidOn: string | null; state: 'open' | 'paid' | 'overdue' }[];
}
interface ContractForm { contractNo: string; signedOn: Dayjs; instalments: { label: string; amount: number; dueDate: Dayjs }[] }

const STATE_COLOR = { open: 'blue', paid: 'green', overdue: 'red' } as const;
/** A default due date on a weekday (the server checks the calendar's holidays and names the next working day). */
/** Today in China (the server counts the signing deadline by China dates). */
const chinaToday = () => dayjs(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
const weekday = (d: Dayjs) => (d.day() === 6 ? d.add(2, 'day') : d.day() === 0 ? d.add(1, 'day') : d);

/** 出让合同与缴款: register the contract and its instalments, then record payments; overdue instalments are flagged. */
export function ContractDrawer({ lot, onClose }: { lot: LotView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const view = useLoad(() => api.get<ContractView | { contract: null }>(`${staffPath(lot.lotNo)}/contract`), [lot.lotNo]);
  const [form] = Form.useForm<ContractForm>();
  const [payForm] = Form.useForm<{ seq: number; amount: number; paidOn: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const c = view.data && 'contractNo' in view.data ? view.data : null;
  const price = lot.result?.finalPrice ?? 0;
  const register = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`${staffPath(lot.lotNo)}/contract`, {
        contractNo: v.contractNo, signedOn: v.signedOn.format('YYYY-MM-DD'),
        instalments: v.instalments.map((i) => ({ label: i.label, amount: i.amount, dueDate: i.dueDate.format('YYYY-MM-DD') })),
      });
      void message.success(t('trading.staff.done'));
      await view.reload();
    } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  const pay = async () => {
    const v = await payForm.validateFields();
    setBusy(true);
    try {
      await api.post(`${staffPath(lot.lotNo)}/payments`, { seq: v.seq, amount: v.amount, paidOn: v.paidOn.format('YYYY-MM-DD') });
      void message.success(t('trading.staff.done'));
      payForm.resetFields();
      await view.reload();
    } catch (e) { showError(t, e, message, payForm); } finally { setBusy(false); }
  };
  const openSeqs = c?.instalments.filter((i) => i.state !== 'paid') ?? [];
  return (
    <Drawer open onClose={onClose} width={760} title={`${t('trading.contract.title')} · ${lot.lotNo}`}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('trading.result.winner')}>{lot.result?.winnerNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('trading.result.price')}>{yuan(price)}</Descriptions.Item>
        <Descriptions.Item label={t('trading.result.closedAt')}>{time(lot.result?.closedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('trading.fields.deposit')}>{yuan(lot.deposit)}</Descriptions.Item>
      </Descriptions>
      {view.loading && !view.data && <Typography.Text type="secondary">…</Typography.Text>}
      {view.data && !c && (can('trading.lot.manage') ? (
        <>
          <Alert type="info" showIcon message={t('trading.contract.rules', { due: yuan(price - lot.deposit) })} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical" initialValues={{
            signedOn: chinaToday(),
            instalments: [
              { label: t('trading.contract.first'), amount: Math.max(0, Math.ceil(price / 2) - lot.deposit), dueDate: weekday(chinaToday().add(20, 'day')) },
              { label: t('trading.contract.balance'), amount: price - lot.deposit - Math.max(0, Math.ceil(price / 2) - lot.deposit), dueDate: weekday(chinaToday().add(90, 'day')) },
            ],
          }}>
            <Space wrap>
              <Form.Item name="contractNo" label={t('trading.contract.contractNo')} rules={[{ required: true, min: 4 }]}><Input style={{ width: 240 }} /></Form.Item>
              <Form.Item name="signedOn" label={t('trading.contract.signedOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            </Space>
            <div><Typography.Text strong>{t('trading.contract.plan')}</Typography.Text></div>
            <Form.List name="instalments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="start" style={{ display: 'flex', marginTop: 8 }}>
                      <Form.Item name={[f.name, 'label']} label={t('trading.contract.label')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 150 }} /></Form.Item>
                      <Form.Item name={[f.name, 'amount']} label={t('trading.contract.amount')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 170 }} /></Form.Item>
                      <Form.Item name={[f.name, 'dueDate']} label={t('trading.contract.dueDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
                      {fields.length > 1 && <Button type="text" aria-label={t('trading.contract.removeRow')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />}
                    </Space>
                  ))}
                  {fields.length < 12 && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', dueDate: weekday(dayjs().add(60, 'day')) })}>{t('trading.contract.addRow')}</Button>}
                </>
              )}
            </Form.List>
            <div style={{ marginTop: 16 }}><Button type="primary" loading={busy} onClick={register} data-testid="contract-register">{t('trading.contract.register')}</Button></div>
          </Form>
        </>
      ) : <Typography.Text type="secondary">{t('trading.contract.none')}</Typography.Text>)}
      {c && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('trading.contract.contractNo')}><span data-testid="contract-no">{c.contractNo}</span></Descriptions.Item>
            <Descriptions.Item label={t('trading.contract.signedOn')}>{c.signedOn}</Descriptions.Item>
            <Descriptions.Item label={t('trading.contract.depositCredited')}>{yuan(c.depositCredited)}</Descriptions.Item>
            {c.instalments.some((i) => i.state === 'overdue') && <Descriptions.Item label={t('trading.contract.flag')}><Tag color="red" data-testid="overdue-flag">{t('trading.contract.overdueFlag')}</Tag></Descriptions.Item>}
          </Descriptions>
          <Table rowKey="seq" size="small" pagination={false} dataSource={c.instalments} scroll={{ x: true }} style={{ marginBottom: 16 }}
            columns={[
              { title: t('trading.room.seq'), dataIndex: 'seq' },
              { title: t('trading.contract.label'), dataIndex: 'label' },
              { title: t('trading.contract.amount'), dataIndex: 'amount', align: 'right', render: yuan },
              { title: t('trading.contract.dueDate'), dataIndex: 'dueDate' },
              { title: t('trading.contract.paid'), dataIndex: 'paid', align: 'right', render: yuan },
              { title: t('trading.fields.status'), dataIndex: 'state', render: (s: 'open' | 'paid' | 'overdue') => <Tag color={STATE_COLOR[s]}>{t(`trading.contract.states.${s}`)}</Tag> },
            ]} />
          {openSeqs.length > 0 && can('trading.lot.manage') && (
            <Form form={payForm} layout="vertical" initialValues={{ seq: openSeqs[0]!.seq, paidOn: dayjs() }}>
              <Typography.Text strong>{t('trading.contract.recordPayment')}</Typography.Text>
              <Space wrap align="start" style={{ display: 'flex', marginTop: 8 }}>
                <Form.Item name="seq" label={t('trading.contract.instalment')} rules={[{ required: true }]}>
                  <Select style={{ width: 200 }} options={openSeqs.map((i) => ({ value: i.seq, label: `${i.seq} · ${i.label}` }))} />
                </Form.Item>
                <Form.Item name="amount" label={t('trading.contract.amount')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 170 }} /></Form.Item>
                <Form.Item name="paidOn" label={t('trading.contract.paidOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
                <Button type="primary" loading={busy} onClick={pay} style={{ marginTop: 30 }}>{t('trading.contract.pay')}</Button>
              </Space>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}
