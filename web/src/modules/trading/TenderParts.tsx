/**
 * 招标 on the public lot page: the bidder's sealed bid (amount and proposal, sealed to the opening
 * key; the receipt is its commitment, shown back to the bidder) and, once the sale has ended,
 * the evaluation's ranking from the published bid log.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { lotPath, yuan, type LotView, type MyView } from './trading-api.ts';

type Mine = NonNullable<MyView['application']>;
const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace' };

export function TenderBid({ l, mine, onDone }: { l: LotView; mine: Mine; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: number; proposal: string }>();
  const [busy, setBusy] = useState(false);
  if (mine.tenderBid) {
    return (
      <Alert type="success" showIcon data-testid="tender-receipt" message={t('trading.tender.receipt', { at: dayjs(mine.tenderBid.submittedAt).format('YYYY-MM-DD HH:mm:ss') })}
        description={<Space direction="vertical">{t('trading.tender.receiptHint')}<Typography.Text code style={mono}>{mine.tenderBid.commitment}</Typography.Text></Space>} />
    );
  }
  if (l.status !== 'listing') return <Typography.Text type="secondary">{l.status === 'announced' ? t('trading.tender.notOpen') : t('trading.tender.ended')}</Typography.Text>;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`${lotPath(l.lotNo)}/tender`, v);
      void message.success(t('trading.tender.submitted'));
      await onDone();
    } catch (e) { showError(t, e, message, form); } finally { setBusy(false); }
  };
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 640 }}>
      <Typography.Paragraph type="secondary">{t('trading.tender.sealedHint')}</Typography.Paragraph>
      <Form.Item name="amount" label={t('trading.tender.amount')} rules={[{ required: true }]} extra={t('trading.tender.atLeast', { min: yuan(l.startPrice) })}>
        <InputNumber<number> min={l.startPrice} style={{ width: 240 }} />
      </Form.Item>
      <Form.Item name="proposal" label={t('trading.tender.proposal')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={5000} showCount /></Form.Item>
      <Button type="primary" loading={busy} onClick={submit} data-testid="tender-submit">{t('trading.tender.submit')}</Button>
    </Form>
  );
}

interface Ranked { bidderNumber: string; amount: number; priceScore: number | null; technicalScore: number | null; total: number }

/** The ranking of a closed tender, as the published bid log states it (the offline checker re-ranks it). */
export function TenderRanking({ l }: { l: LotView }) {
  const { t } = useTranslation();
  const log = useLoad(() => api.get<{ tender?: { ranking: Ranked[] } }>(`${lotPath(l.lotNo)}/bid-log.json`), [l.lotNo]);
  const comprehensive = l.tender?.evaluation === 'comprehensive';
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>{t('trading.tender.ranking')}</Typography.Title>
      {l.tender?.panel && <Typography.Paragraph>{t('trading.tender.panel')}：{l.tender.panel.map((m) => m.name).join('、')}</Typography.Paragraph>}
      <Table<Ranked> rowKey="bidderNumber" size="small" pagination={false} loading={log.loading} dataSource={log.data?.tender?.ranking ?? []} scroll={{ x: true }}
        columns={[
          { title: t('trading.tender.rank'), key: 'rank', render: (_v, _r, i) => i + 1 },
          { title: t('trading.staff.bidderNumber'), dataIndex: 'bidderNumber' },
          { title: t('trading.tender.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          ...(comprehensive ? [
            { title: t('trading.tender.priceScore'), dataIndex: 'priceScore', align: 'right' as const },
            { title: t('trading.tender.technicalScore'), dataIndex: 'technicalScore', align: 'right' as const },
            { title: t('trading.tender.total'), dataIndex: 'total', align: 'right' as const },
          ] : []),
        ]} />
    </div>
  );
}
