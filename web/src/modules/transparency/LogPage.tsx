/**
 * 阳光日志 (public): the latest signed checkpoint, the verifier key, recent entries and a lookup
 * of one entry with its inclusion proof, checked in the browser against the signed checkpoint
 * (EntryProof); the offline verifier (npm run verify) does the same without the page.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, InputNumber, Space, Table, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';
import { EntryProof } from './EntryProof.tsx';

interface Checkpoint { size: number; root: string; note: string; createdAt: string; cosignatures: { witness: string; line: string }[] }
interface Entry { index: number; kind: string; data: string; leafHash: string; createdAt: string }

const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace' };

/** The kind's name in the page's language (its code when the page does not know it). */
const kindName = (t: (k: string, o: { defaultValue: string }) => string, kind: string) => t(`transparency.log.kinds.${kind.replaceAll('.', '_')}`, { defaultValue: kind });

export default function LogPage() {
  const { t } = useTranslation();
  const cp = useLoad(() => api.get<Checkpoint>('/api/transparency/checkpoint'), []);
  const recent = useLoad(() => api.get<Entry[]>('/api/transparency/entries?limit=20'), []);
  const [index, setIndex] = useState<number | null>(null);
  const [found, setFound] = useState<{ entry: Entry } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const lookup = async () => {
    if (index === null) return;
    setError(null);
    setFound(null);
    try {
      setFound({ entry: await api.get<Entry>(`/api/transparency/entries/${index}`) });
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  return (
    <PublicShell width={960}>
      <Typography.Title level={2}><Space><AuditOutlined />{t('transparency.log.title')}</Space></Typography.Title>
      <Typography.Paragraph type="secondary">{t('transparency.log.intro')}</Typography.Paragraph>
      <Card title={t('transparency.log.checkpoint')} loading={cp.loading} style={{ marginBottom: 16 }}>
        {cp.data && (
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('transparency.log.size')}><span data-testid="log-size">{cp.data.size}</span></Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.root')}><Typography.Text code style={mono}>{cp.data.root}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.signedAt')}>{dayjs(cp.data.createdAt).format('YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.witnesses')}>
              <span data-testid="log-witnesses">{cp.data.cosignatures.length ? cp.data.cosignatures.map((c) => c.witness).join('、') : t('transparency.log.noWitness')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.note')}>
              <pre style={{ ...mono, whiteSpace: 'pre-wrap', margin: 0 }} data-testid="log-note">{cp.data.note}</pre>
              <Space><a href="/log/checkpoint" download="checkpoint">/log/checkpoint</a><a href="/log/vkey" download="vkey">/log/vkey</a></Space>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={t('transparency.log.lookup')} style={{ marginBottom: 16 }}>
        <Space wrap>
          <InputNumber min={0} precision={0} value={index} onChange={(v) => setIndex(v)} placeholder={t('transparency.log.index')} aria-label={t('transparency.log.index')} data-testid="log-index" />
          <Button type="primary" onClick={() => void lookup()} data-testid="log-find">{t('transparency.log.find')}</Button>
        </Space>
        {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={error} />}
        {found && (
          <Descriptions bordered size="small" column={1} style={{ marginTop: 16 }} data-testid="log-entry">
            <Descriptions.Item label={t('transparency.log.kind')}>{kindName(t, found.entry.kind)} <Typography.Text type="secondary" style={mono}>{found.entry.kind}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.data')}><Typography.Text code style={mono}>{found.entry.data}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('transparency.log.leafHash')}><Typography.Text code style={mono}>{found.entry.leafHash}</Typography.Text></Descriptions.Item>
          </Descriptions>
        )}
        {found && <div style={{ marginTop: 16 }}><EntryProof index={found.entry.index} /></div>}
      </Card>
      <Card title={t('transparency.log.recent')}>
        <Table<Entry> rowKey="index" size="small" loading={recent.loading} dataSource={recent.data ?? []} pagination={false} scroll={{ x: true }}
          columns={[
            { title: t('transparency.log.index'), dataIndex: 'index', width: 90 },
            { title: t('transparency.log.kind'), dataIndex: 'kind', width: 200, render: (v: string) => kindName(t, v) },
            { title: t('transparency.log.signedAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          ]} />
      </Card>
    </PublicShell>
  );
}
