/**
 * 内外网数据交换: per peer site, the last package sequence sent and received, records pending,
 * delivered and rejected, the history with refusal reasons; export the next package (download)
 * and import one (dry run shown first, then applied on confirmation).
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { showError } from '../../app/errors.ts';
import { exchangeApi, type Channel, type ImportResult, type PackageRow, type RecordRow } from './exchange-api.ts';

function ChannelCard({ channel, onChanged }: { channel: Channel; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = (k: string, v?: Record<string, unknown>) => t(`exchange.${k}`, v);
  const history = useLoad(() => exchangeApi.history(channel.peer), [channel.peer, channel.sentSeq, channel.receivedSeq]);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<{ file: File; result: ImportResult } | null>(null);

  const doExport = async () => {
    setBusy(true);
    try {
      const r = await exchangeApi.exportPackage(channel.peer);
      message.success(s('exported', r));
      onChanged();
    } catch (e) { showError(t, e, message); } finally { setBusy(false); }
  };
  const check = async (file: File) => {
    setBusy(true);
    try { setDry({ file, result: await exchangeApi.importPackage(file, true) }); } catch (e) { setDry(null); showError(t, e, message); onChanged(); } finally { setBusy(false); }
  };
  const apply = async () => {
    if (!dry) return;
    setBusy(true);
    try {
      const r = await exchangeApi.importPackage(dry.file, false);
      message.success(s('applied', { seq: r.seq }));
      setDry(null);
      onChanged();
    } catch (e) { showError(t, e, message); } finally { setBusy(false); }
  };
  const records = (rows: RecordRow[]) => (
    <Table<RecordRow> size="small" rowKey={(r) => `${r.seq}-${r.kind}-${r.id}`} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: s('none') }} columns={[
      { title: s('col.seq'), dataIndex: 'seq' }, { title: s('col.kind'), dataIndex: 'kind' }, { title: s('col.id'), dataIndex: 'id' },
      { title: s('col.version'), dataIndex: 'version' }, { title: s('col.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    ]} />
  );
  return (
    <Card title={s('channel', { peer: channel.peer })} extra={<Tag>{s(`roles.${channel.role}`)}</Tag>} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={[
        { key: 'sent', label: s('sentSeq'), children: channel.sentSeq },
        { key: 'received', label: s('receivedSeq'), children: channel.receivedSeq },
        { key: 'pending', label: s('pending'), children: channel.pending },
        { key: 'delivered', label: s('delivered'), children: channel.delivered },
        { key: 'rejected', label: s('rejected'), children: channel.rejected ? <Typography.Text type="danger">{channel.rejected}</Typography.Text> : 0 },
        { key: 'owed', label: s('receiptsOwed'), children: channel.receiptsOwed },
        { key: 'log', label: s('peerLog'), children: channel.peerLogSize ?? '—' },
        { key: 'last', label: s('lastActivity'), children: channel.lastActivity ? new Date(channel.lastActivity).toLocaleString() : '—' },
      ]} />
      <Space wrap style={{ margin: '12px 0' }}>
        <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={() => void doExport()}>{s('export')}</Button>
        <Upload accept=".sxp" showUploadList={false} beforeUpload={(f) => { void check(f); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy}>{s('import')}</Button>
        </Upload>
        <Typography.Text type="secondary">{s('importHint')}</Typography.Text>
      </Space>
      {dry && (
        <Card type="inner" size="small" title={s('dryRun', { seq: dry.result.seq, peer: dry.result.peer })} style={{ marginBottom: 12 }}
          extra={<Button type="primary" loading={busy} onClick={() => void apply()}>{s('apply')}</Button>}>
          <Table size="small" rowKey={(r) => `${r.kind}-${r.id}`} dataSource={dry.result.results} pagination={false} locale={{ emptyText: s('none') }} columns={[
            { title: s('col.kind'), dataIndex: 'kind' }, { title: s('col.id'), dataIndex: 'id' }, { title: s('col.version'), dataIndex: 'version' },
            { title: s('col.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'rejected' ? 'red' : v === 'applied' ? 'green' : undefined}>{s(`statuses.${v}`)}</Tag> },
            { title: s('col.reason'), dataIndex: 'reason', render: (v?: string) => v ?? '—' },
          ]} />
        </Card>
      )}
      <Typography.Title level={5}>{s('history')}</Typography.Title>
      <Table<PackageRow> size="small" rowKey={(p) => `${p.direction}-${p.seq}-${p.at}`} loading={history.loading} dataSource={history.data?.packages ?? []} pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }}
        locale={{ emptyText: s('none') }} columns={[
          { title: s('col.at'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
          { title: s('col.direction'), dataIndex: 'direction', render: (v: string) => <Tag color={v === 'refused' ? 'red' : v === 'sent' ? 'blue' : 'green'}>{s(`directions.${v}`)}</Tag> },
          { title: s('col.seq'), dataIndex: 'seq', render: (v: number) => v || '—' }, { title: s('col.records'), dataIndex: 'records' }, { title: s('col.files'), dataIndex: 'files' },
          { title: s('col.bytes'), dataIndex: 'bytes' },
          { title: s('col.reason'), dataIndex: 'reason', render: (v: string | null) => (v ? <Typography.Text type="danger" title={v}>{t(`exchange.reasons.${v.split(':')[0]}`, { defaultValue: v.split(':')[0] })}</Typography.Text> : '—') },
        ]} />
      <Typography.Title level={5}>{s('pendingRecords')}</Typography.Title>
      {records(history.data?.pending ?? [])}
      <Typography.Title level={5}>{s('rejectedRecords')}</Typography.Title>
      {records(history.data?.rejected ?? [])}
    </Card>
  );
}

export default function ExchangePage() {
  const { t } = useTranslation();
  const status = useLoad(() => exchangeApi.status(), []);
  const d = status.data;
  return (
    <Card title={t('exchange.title')} loading={status.loading && !d}>
      {d && <Typography.Paragraph>{t('exchange.site', { site: d.site, role: t(`exchange.roles.${d.role}`) })}</Typography.Paragraph>}
      {d && d.channels.length === 0 && <Empty description={t('exchange.noPeers')} />}
      {d?.channels.map((c) => <ChannelCard key={c.peer} channel={c} onChanged={() => void status.reload()} />)}
    </Card>
  );
}
