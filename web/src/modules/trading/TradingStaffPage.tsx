/**
 * 出让宗地与竞价监控 (staff): draw up a lot, approve and publish its announcement, enter and
 * witness the sealed reserve price, and watch the bidding by anonymous numbers only. Bidder
 * identities appear here only after the sale has ended.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { yuan, type LotView } from './trading-api.ts';
import { ParcelPicker, type PickedParcel } from './ParcelPicker.tsx';
import { ContractDrawer, IncrementModal, TenderDrawer, WithdrawModal } from './TradingStaffExtras.tsx';
import { LotDocumentsDrawer } from './LotDocuments.tsx';

type StaffLot = LotView & { reserveEntered: boolean; reserveWitnessed: boolean };
interface Monitor {
  lot: StaffLot;
  bids: { seq: number; at: string; bidderNumber: string; amount: number; phase: string; hash: string }[];
  bidders: { bidderNumber: string | null; status: string; depositPaid: number; displayName: string | null; idNumber: string | null }[] | null;
}
interface NewLot {
  kind: 'land' | 'mining'; method: 'listing' | 'auction' | 'tender'; title: string;
  evaluation?: 'highest_price' | 'comprehensive'; priceWeight?: number; panelSize?: number; parcel?: PickedParcel | null; areaM2: number; landUse?: string; mineral?: string; termYears: number; startBy?: Dayjs | null; completeBy?: Dayjs | null;
  startPrice: number; increment: number; deposit: number; listingStart: Dayjs; listingEnd: Dayjs; depositDeadline: Dayjs;
}

export default function TradingStaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const lots = useLoad(() => api.get<StaffLot[]>('/api/trading/lots'), []);
  const [creating, setCreating] = useState(false);
  const [monitor, setMonitor] = useState<Monitor | null>(null);
  const [reserveFor, setReserveFor] = useState<string | null>(null);
  const [extra, setExtra] = useState<{ kind: 'increment' | 'tender' | 'contract' | 'withdraw' | 'documents'; lot: StaffLot } | null>(null);
  const [form] = Form.useForm<NewLot>();
  const [reserveForm] = Form.useForm<{ amount: number }>();

  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); void message.success(t('trading.staff.done')); await lots.reload(); } catch (e) { showError(t, e, message); }
  };
  const create = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/api/trading/lots', {
        ...v, parcel: v.parcel ? { layer: v.parcel.layer, id: v.parcel.id } : null, landUse: v.kind === 'land' ? v.landUse : null, mineral: v.kind === 'mining' ? v.mineral : null,
        evaluation: v.method === 'tender' ? v.evaluation : null,
        priceWeight: v.method === 'tender' && v.evaluation === 'comprehensive' ? v.priceWeight : null,
        panelSize: v.method === 'tender' && v.evaluation === 'comprehensive' ? v.panelSize : null,
        startBy: v.kind === 'land' && v.startBy ? v.startBy.format('YYYY-MM-DD') : null,
        completeBy: v.kind === 'land' && v.completeBy ? v.completeBy.format('YYYY-MM-DD') : null,
        listingStart: v.listingStart.toISOString(), listingEnd: v.listingEnd.toISOString(), depositDeadline: v.depositDeadline.toISOString(),
      });
      setCreating(false);
      form.resetFields();
      await lots.reload();
    } catch (e) { showError(t, e, message, form); }
  };
  const kind = Form.useWatch('kind', form);
  const method = Form.useWatch('method', form);
  const evaluation = Form.useWatch('evaluation', form);

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('trading.staff.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('trading.staff.intro')}</Typography.Paragraph>
      {can('trading.lot.manage') && <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 16 }}>{t('trading.staff.create')}</Button>}
      <Table<StaffLot> rowKey="lotNo" size="small" loading={lots.loading} dataSource={lots.data ?? []} scroll={{ x: true }}
        columns={[
          { title: t('trading.fields.lotNo'), dataIndex: 'lotNo' },
          { title: t('trading.fields.title'), dataIndex: 'title' },
          { title: t('trading.fields.method'), dataIndex: 'method', render: (m: StaffLot['method'], l) => `${t(`trading.kinds.${l.kind}`)} · ${t(`trading.methods.${m}`)}` },
          { title: t('trading.fields.status'), dataIndex: 'status', render: (s: StaffLot['status'], l) => <Tag>{l.result?.outcome === 'withdrawn' ? t('trading.outcomes.withdrawn') : t(`trading.statuses.${s}`)}</Tag> },
          { title: t('trading.room.currentPrice'), dataIndex: 'currentPrice', align: 'right', render: yuan },
          {
            title: '', key: 'actions', render: (_: unknown, l) => (
              <Space wrap>
                {l.status === 'draft' && can('trading.lot.approve') && <Button size="small" onClick={() => act(() => api.post(`/api/trading/lots/${l.lotNo}/approve`))}>{t('trading.staff.approve')}</Button>}
                {(l.status === 'announced' || l.status === 'listing') && !l.reserveEntered && can('trading.reserve.enter') && <Button size="small" onClick={() => setReserveFor(l.lotNo)}>{t('trading.staff.reserve')}</Button>}
                {l.reserveEntered && !l.reserveWitnessed && l.status !== 'closed' && (can('trading.reserve.witness')
                  ? <Button size="small" onClick={() => act(() => api.post(`/api/trading/lots/${l.lotNo}/reserve/witness`))}>{t('trading.staff.witness')}</Button>
                  : <Tag>{t('trading.staff.reserveEntered')}</Tag>)}
                {l.reserveWitnessed && l.status !== 'closed' && <Tag color="purple">{t('trading.staff.reserveSealed')}</Tag>}
                {(l.status === 'announced' || l.status === 'listing') && l.method !== 'tender' && !l.pendingIncrement && can('trading.lot.approve') && <Button size="small" onClick={() => setExtra({ kind: 'increment', lot: l })}>{t('trading.increment.title')}</Button>}
                {l.pendingIncrement && l.status !== 'closed' && <Tag color="orange">{t('trading.increment.pendingTag', { increment: yuan(l.pendingIncrement.increment) })}</Tag>}
                {l.method === 'tender' && l.status !== 'draft' && <Button size="small" onClick={() => setExtra({ kind: 'tender', lot: l })}>{t('trading.tender.title')}</Button>}
                {l.status === 'closed' && l.result?.outcome === 'sold' && <Button size="small" onClick={() => setExtra({ kind: 'contract', lot: l })}>{t('trading.contract.title')}</Button>}
                {l.status !== 'draft' && l.status !== 'closed' && can('trading.lot.approve') && <Button size="small" danger onClick={() => setExtra({ kind: 'withdraw', lot: l })}>{t('trading.withdraw.title')}</Button>}
                <Button size="small" onClick={() => setExtra({ kind: 'documents', lot: l })}>{t('trading.documents.title')}</Button>
                {l.status !== 'draft' && <Button size="small" onClick={async () => { try { setMonitor(await api.get<Monitor>(`/api/trading/lots/${l.lotNo}/monitor`)); } catch (e) { showError(t, e, message); } }}>{t('trading.staff.monitor')}</Button>}
              </Space>
            ),
          },
        ]} />

      <Modal open={creating} title={t('trading.staff.create')} onCancel={() => setCreating(false)} onOk={create} okText={t('trading.staff.save')} width={640} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'land', method: 'listing', termYears: 40 }}>
          <Form.Item name="kind" label={t('trading.fields.kind')}><Select options={(['land', 'mining'] as const).map((k) => ({ value: k, label: t(`trading.kinds.${k}`) }))} /></Form.Item>
          <Form.Item name="method" label={t('trading.fields.method')}><Select options={(['listing', 'auction', 'tender'] as const).map((k) => ({ value: k, label: t(`trading.methods.${k}`) }))} /></Form.Item>
          {method === 'tender' && (
            <Space wrap>
              <Form.Item name="evaluation" label={t('trading.tender.evaluation')} rules={[{ required: true }]}>
                <Select style={{ width: 200 }} options={(['highest_price', 'comprehensive'] as const).map((k) => ({ value: k, label: t(`trading.tender.evaluations.${k}`) }))} />
              </Form.Item>
              {evaluation === 'comprehensive' && <Form.Item name="priceWeight" label={t('trading.tender.priceWeight')} rules={[{ required: true }]}><InputNumber min={0} max={100} style={{ width: 140 }} /></Form.Item>}
              {evaluation === 'comprehensive' && <Form.Item name="panelSize" label={t('trading.tender.panelSize')} rules={[{ required: true }]}><InputNumber min={3} max={9} step={2} style={{ width: 140 }} /></Form.Item>}
            </Space>
          )}
          <Form.Item name="parcel" label={t('trading.parcel.label')} extra={t('trading.parcel.help')}>
            <ParcelPicker kind={kind ?? 'land'} onChange={(p) => {
              // The picked parcel fills what the map knows; the drafter may still change it.
              if (!p) return;
              const cur = form.getFieldsValue();
              form.setFieldsValue({
                ...(p.areaM2 !== null ? { areaM2: Math.round(p.areaM2) } : {}),
                ...(kind !== 'mining' && p.name ? { landUse: p.name } : {}),
                ...(!cur.title ? { title: (kind === 'mining' ? p.name : p.address ?? p.code) ?? '' } : {}),
              });
            }} />
          </Form.Item>
          <Form.Item name="title" label={t('trading.fields.title')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="areaM2" label={t('trading.fields.area')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          {kind === 'mining'
            ? <Form.Item name="mineral" label={t('trading.fields.mineral')} rules={[{ required: true }]}><Input /></Form.Item>
            : <Form.Item name="landUse" label={t('trading.fields.landUse')} rules={[{ required: true }]}><Input /></Form.Item>}
          <Form.Item name="termYears" label={t('trading.fields.termYears')} rules={[{ required: true }]}><InputNumber min={1} max={70} /></Form.Item>
          {kind !== 'mining' && (
            <Space wrap>
              <Form.Item name="startBy" label={t('trading.fields.startBy')}><DatePicker /></Form.Item>
              <Form.Item name="completeBy" label={t('trading.fields.completeBy')} dependencies={['startBy']} rules={[({ getFieldValue }) => ({
                validator: (_, v: Dayjs | null) => {
                  const start = getFieldValue('startBy') as Dayjs | null;
                  return !v || !start || v.isAfter(start, 'day') ? Promise.resolve() : Promise.reject(new Error(t('trading.documents.completeAfterStart')));
                },
              })]}><DatePicker /></Form.Item>
            </Space>
          )}
          <Space wrap>
            <Form.Item name="startPrice" label={t('trading.fields.startPrice')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 180 }} /></Form.Item>
            <Form.Item name="increment" label={t('trading.fields.increment')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 180 }} /></Form.Item>
            <Form.Item name="deposit" label={t('trading.fields.deposit')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: 180 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="listingStart" label={t('trading.fields.listingStart')} rules={[{ required: true }]}><DatePicker showTime minDate={dayjs()} /></Form.Item>
            <Form.Item name="listingEnd" label={t('trading.fields.listingEnd')} rules={[{ required: true }]}><DatePicker showTime minDate={dayjs()} /></Form.Item>
            <Form.Item name="depositDeadline" label={t('trading.fields.depositDeadline')} rules={[{ required: true }]}><DatePicker showTime minDate={dayjs()} /></Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal open={reserveFor !== null} title={t('trading.staff.reserve')} onCancel={() => setReserveFor(null)} okText={t('trading.staff.save')} destroyOnHidden
        onOk={async () => { const v = await reserveForm.validateFields(); await act(() => api.post(`/api/trading/lots/${reserveFor}/reserve`, v)); setReserveFor(null); }}>
        <Form form={reserveForm} layout="vertical">
          <Form.Item name="amount" label={t('trading.staff.reserveAmount')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
        </Form>
      </Modal>

      {extra?.kind === 'increment' && <IncrementModal lot={extra.lot} onClose={() => setExtra(null)} onDone={() => { setExtra(null); void lots.reload(); }} />}
      {extra?.kind === 'tender' && <TenderDrawer lot={extra.lot} onClose={() => setExtra(null)} onChanged={() => void lots.reload()} />}
      {extra?.kind === 'withdraw' && <WithdrawModal lot={extra.lot} onClose={() => setExtra(null)} onDone={() => { setExtra(null); void lots.reload(); }} />}
      {extra?.kind === 'documents' && <LotDocumentsDrawer lotNo={extra.lot.lotNo} canEdit={can('trading.lot.manage')} onClose={() => setExtra(null)} />}
      {extra?.kind === 'contract' && <ContractDrawer lot={extra.lot} onClose={() => setExtra(null)} />}

      <Drawer open={monitor !== null} onClose={() => setMonitor(null)} width={720} title={monitor ? `${t('trading.staff.monitor')} · ${monitor.lot.lotNo}` : ''}>
        {monitor && (
          <>
            <Typography.Title level={2} style={{ fontSize: 16 }}>{t('trading.staff.bids')}</Typography.Title>
            <Table rowKey="seq" size="small" pagination={false} dataSource={monitor.bids} scroll={{ x: true }}
              columns={[{ title: t('trading.room.seq'), dataIndex: 'seq' }, { title: t('trading.room.time'), dataIndex: 'at', render: (v: string) => dayjs(v).format('MM-DD HH:mm:ss') },
                { title: t('trading.staff.bidderNumber'), dataIndex: 'bidderNumber' }, { title: t('trading.room.amount'), dataIndex: 'amount', align: 'right', render: yuan }]} />
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>{t('trading.staff.bidders')}</Typography.Title>
            {monitor.bidders === null ? <Typography.Text type="secondary">{t('trading.staff.biddersSealed')}</Typography.Text> : (
              <Table rowKey={(b) => `${b.bidderNumber}-${b.displayName}`} size="small" pagination={false} dataSource={monitor.bidders}
                columns={[{ title: t('trading.staff.bidderNumber'), dataIndex: 'bidderNumber' }, { title: t('trading.staff.bidder'), dataIndex: 'displayName' },
                  { title: t('trading.staff.deposit'), dataIndex: 'depositPaid', align: 'right', render: yuan }, { title: t('trading.fields.status'), dataIndex: 'status' }]} />
            )}
          </>
        )}
      </Drawer>
    </Card>
  );
}
