/**
 * A lot (public): the frozen announcement, the bidding room and the result. The room shows the
 * server's time and what is left, the current price and the lowest valid bid, updated live over
 * server-sent events; a bidder sees their own number and bids only.
 */
import { useCallback, useEffect, useState } from 'react';
import { App, Alert, Button, Card, Col, Descriptions, InputNumber, Result, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorText, showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';
import { publicLoginPath, publicMe } from '../approvals/journey/journey-api.ts';
import { deadlineOf, formatLeft, getLot, getMine, lotPath, useLiveLot, useTick, yuan, type LotView, type MyView } from './trading-api.ts';
import { TenderBid, TenderRanking } from './TenderParts.tsx';
import { BuyerContract } from './BuyerContract.tsx';
import { PublicLotDocuments } from './LotDocuments.tsx';

const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace' };
const time = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—');

function Announcement({ l }: { l: LotView }) {
  const { t } = useTranslation();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('trading.fields.lotNo')}>{l.lotNo}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.kind')}>{t(`trading.kinds.${l.kind}`)} · {t(`trading.methods.${l.method}`)}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.area')}>{t('trading.area', { m2: l.areaM2, ha: l.areaHa, mu: l.areaMu })}</Descriptions.Item>
      <Descriptions.Item label={l.kind === 'land' ? t('trading.fields.landUse') : t('trading.fields.mineral')}>{l.kind === 'land' ? l.landUse : l.mineral}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.termYears')}>{l.termYears}</Descriptions.Item>
      {l.kind === 'land' && <Descriptions.Item label={t('trading.fields.startBy')}>{l.startBy ?? '—'}</Descriptions.Item>}
      {l.kind === 'land' && <Descriptions.Item label={t('trading.fields.completeBy')}>{l.completeBy ?? '—'}</Descriptions.Item>}
      <Descriptions.Item label={t('trading.fields.indicators')}>{Object.entries(l.indicators).map(([k, v]) => `${k} ${v}`).join('；') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.startPrice')}>{yuan(l.startPrice)}</Descriptions.Item>
      {l.method !== 'tender' && <Descriptions.Item label={t('trading.fields.increment')}>{yuan(l.increment)}</Descriptions.Item>}
      <Descriptions.Item label={t('trading.fields.deposit')}>{yuan(l.deposit)}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.minBidders')}>{l.minBidders}</Descriptions.Item>
      <Descriptions.Item label={l.method === 'tender' ? t('trading.tender.periodStart') : t('trading.fields.listingStart')}>{time(l.listingStart)}</Descriptions.Item>
      <Descriptions.Item label={l.method === 'tender' ? t('trading.tender.opening') : t('trading.fields.listingEnd')}>{time(l.listingEnd)}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.depositDeadline')}>{time(l.depositDeadline)}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.conditions')}>{l.conditions || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('trading.fields.announcementHash')} span={2}><Typography.Text code style={mono}>{l.announcementHash}</Typography.Text></Descriptions.Item>
      {l.reserveCommitment && <Descriptions.Item label={t('trading.fields.reserveCommitment')} span={2}><Typography.Text code style={mono}>{l.reserveCommitment}</Typography.Text></Descriptions.Item>}
    </Descriptions>
  );
}

function Room({ l, serverNow, bidEvents }: { l: LotView; serverNow: () => number; bidEvents: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const location = useLocation();
  useTick();
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  const [mine, setMine] = useState<MyView | null>(null);
  const [amount, setAmount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(async () => { setMine(await getMine(l.lotNo)); }, [l.lotNo]);
  useEffect(() => { void publicMe().then((m) => { setSignedIn(!!m); if (m) void reload(); }); }, [reload]);
  useEffect(() => { if (signedIn) void reload(); }, [signedIn, bidEvents, l.status, reload]);
  useEffect(() => { setAmount((a) => (a === null || a < l.nextMin ? l.nextMin : a)); }, [l.nextMin]);
  const act = async (fn: () => Promise<unknown>, ok?: string) => {
    setBusy(true);
    try { await fn(); if (ok) void message.success(ok); await reload(); } catch (e) { showError(t, e, message); } finally { setBusy(false); }
  };
  const deadline = deadlineOf(l);
  const a = mine?.application ?? null;
  const canBid = a?.bidderNumber && l.method !== 'tender' && (l.status === 'listing' || (l.status === 'timed' && (l.method === 'auction' || a.joinedTimed)));
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('trading.room.title')}</Typography.Title>} style={{ marginBottom: 16 }}>
      {l.pendingIncrement && l.status !== 'closed' && (
        <Alert type="warning" showIcon data-testid="pending-increment" style={{ marginBottom: 16 }}
          message={t('trading.increment.notice', { increment: yuan(l.pendingIncrement.increment), at: time(l.pendingIncrement.effectiveAt), current: yuan(l.increment) })} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}><Statistic title={t('trading.room.serverTime')} value={dayjs(serverNow()).format('HH:mm:ss')} /></Col>
        <Col xs={12} md={6}><Statistic title={`${t('trading.room.remaining')} · ${t(`trading.statuses.${l.status}`)}`} value={deadline ? formatLeft(Date.parse(deadline) - serverNow()) : '—'} valueStyle={{ fontFamily: 'monospace' }} /></Col>
        {l.method === 'tender' ? (
          <>
            <Col xs={12} md={6}><Statistic title={t('trading.fields.startPrice')} value={yuan(l.startPrice)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('trading.tender.evaluation')} value={l.tender ? t(`trading.tender.evaluations.${l.tender.evaluation}`) : '—'} /></Col>
          </>
        ) : (
          <>
            <Col xs={12} md={6}><div data-testid="current-price"><Statistic title={t('trading.room.currentPrice')} value={l.currentPrice === null ? t('trading.room.noBid') : yuan(l.currentPrice)} /></div></Col>
            <Col xs={12} md={6}><Statistic title={t('trading.room.nextMin')} value={yuan(l.nextMin)} /></Col>
          </>
        )}
      </Row>
      <div style={{ marginTop: 16 }}>
        {signedIn === false && <Link to={publicLoginPath(location.pathname)}>{t('trading.room.login')}</Link>}
        {signedIn && !a && (l.status === 'announced' || l.status === 'listing') && (
          <Button type="primary" loading={busy} onClick={() => act(() => api.post(`${lotPath(l.lotNo)}/applications`, { documents: [] }))}>{t('trading.room.apply')}</Button>
        )}
        {a && !a.bidderNumber && (
          <Alert type="info" showIcon message={t('trading.room.applied', { deposit: yuan(a.deposit) })} description={
            <Space wrap>{t('trading.room.account')}<Typography.Text code data-testid="deposit-account">{a.depositAccount}</Typography.Text>
              <Button loading={busy} onClick={() => act(() => api.post('/api/public/trading/bank-sim/pay', { account: a.depositAccount, amount: a.deposit }))}>{t('trading.room.paySim')}</Button></Space>} />
        )}
        {a?.bidderNumber && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color="green">{t('trading.room.qualified')}</Tag>
              <span>{t('trading.room.number')} <strong data-testid="bidder-number">{a.bidderNumber}</strong></span>
              {a.leading && l.status !== 'closed' && <Tag color="gold" data-testid="leading">{t('trading.room.leading')}</Tag>}
              {a.won && <Tag color="red">{t('trading.room.won')}</Tag>}
              {(a.status === 'refund_pending' || a.status === 'refunded') && <Tag color="blue" data-testid="refund">{`${t('trading.withdraw.refund')} · ${t(`trading.withdraw.refundStates.${a.status}`)}`}</Tag>}
              <Button size="small" icon={<DownloadOutlined />} href={`${lotPath(l.lotNo)}/me/qualification.pdf`} target="_blank">{t('trading.room.qualificationPdf')}</Button>
              {a.won && <Button size="small" type="primary" icon={<DownloadOutlined />} href={`${lotPath(l.lotNo)}/me/confirmation.pdf`} target="_blank" data-testid="confirmation-pdf">{t('trading.room.confirmationPdf')}</Button>}
            </Space>
            {a.won && l.status === 'closed' && <BuyerContract lotNo={l.lotNo} />}
            {l.status === 'confirming' && !a.joinedTimed && <Button type="primary" loading={busy} onClick={() => act(() => api.post(`${lotPath(l.lotNo)}/join`))}>{t('trading.room.join')}</Button>}
            {a.joinedTimed && l.status !== 'closed' && <Tag>{t('trading.room.joined')}</Tag>}
            {canBid && (
              <Space wrap>
                <InputNumber<number> aria-label={t('trading.room.amount')} min={l.nextMin} step={l.increment} value={amount} onChange={setAmount} style={{ width: 200 }} />
                <Button type="primary" loading={busy} data-testid="bid-button"
                  onClick={() => act(async () => { const r = await api.post<{ seq: number }>(`${lotPath(l.lotNo)}/bids`, { amount, idempotencyKey: crypto.randomUUID() }); void message.success(t('trading.room.bidOk', { seq: r.seq })); })}>
                  {t('trading.room.bid')}
                </Button>
              </Space>
            )}
            {l.method === 'tender' && <TenderBid l={l} mine={a} onDone={reload} />}
            {l.method !== 'tender' && <Table rowKey="seq" size="small" pagination={false} dataSource={mine?.bids ?? []} title={() => t('trading.room.myBids')}
              columns={[{ title: t('trading.room.seq'), dataIndex: 'seq' }, { title: t('trading.room.time'), dataIndex: 'at', render: time },
                { title: t('trading.room.amount'), dataIndex: 'amount', align: 'right', render: yuan }, { title: t('trading.room.phase'), dataIndex: 'phase', render: (p: 'listing' | 'timed') => t(`trading.room.phases.${p}`) }]} />}
          </Space>
        )}
      </div>
    </Card>
  );
}

function Outcome({ l }: { l: LotView }) {
  const { t } = useTranslation();
  const r = l.result!;
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('trading.result.title')}</Typography.Title>} style={{ marginBottom: 16 }}
      extra={r.outcome !== 'withdrawn' && <Button icon={<DownloadOutlined />} href={`${lotPath(l.lotNo)}/bid-log.json`} data-testid="bid-log">{t('trading.result.download')}</Button>}>
      {r.outcome === 'withdrawn' && <Alert type="warning" showIcon data-testid="withdrawn" style={{ marginBottom: 12 }} message={t('trading.withdraw.notice', { at: time(r.closedAt) })} description={r.reason} />}
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('trading.fields.status')}><Tag color={r.outcome === 'sold' ? 'red' : 'default'} data-testid="outcome">{t(`trading.outcomes.${r.outcome}`)}</Tag></Descriptions.Item>
        {r.winnerNumber && <Descriptions.Item label={t('trading.result.winner')}><strong data-testid="winner">{r.winnerNumber}</strong></Descriptions.Item>}
        {r.finalPrice !== null && <Descriptions.Item label={t('trading.result.price')}><span data-testid="final-price">{yuan(r.finalPrice)}</span></Descriptions.Item>}
        {r.outcome !== 'withdrawn' && <Descriptions.Item label={t('trading.result.reserve')}><span data-testid="reserve">{r.reserve === null ? t('trading.result.noReserve') : yuan(r.reserve)}</span></Descriptions.Item>}
        {r.reason && r.outcome !== 'withdrawn' && <Descriptions.Item label={t('trading.result.reason')}>{r.reason}</Descriptions.Item>}
        <Descriptions.Item label={t('trading.result.closedAt')}>{time(r.closedAt)}</Descriptions.Item>
      </Descriptions>
      {l.method === 'tender' && <TenderRanking l={l} />}
      {r.outcome !== 'withdrawn' && <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('trading.result.verifyHint')}</Typography.Paragraph>}
    </Card>
  );
}

export default function LotPage() {
  const { t } = useTranslation();
  const { lotNo = '' } = useParams();
  const first = useLoad(() => getLot(lotNo), [lotNo]);
  const { lot, bidEvents, serverNow } = useLiveLot(lotNo, first.data);
  if (first.error) return <PublicShell width={1100}><Result status="warning" title={errorText(t, first.error)} /></PublicShell>;
  return (
    <PublicShell width={1100}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{lot?.title ?? t('trading.list.title')}</Typography.Title>
      {lot && (
        <>
          {lot.status === 'closed' && lot.result && <Outcome l={lot} />}
          <Room l={lot} serverNow={serverNow} bidEvents={bidEvents} />
          <Card><Announcement l={lot} />{lot.documents && lot.documents.length > 0 && <div style={{ marginTop: 16 }}><PublicLotDocuments lotNo={lot.lotNo} documents={lot.documents} /></div>}</Card>
        </>
      )}
      {!lot && <Card loading />}
    </PublicShell>
  );
}
