/**
 * The inclusion proof of one log entry, checked in the browser: the newest signed checkpoint, the
 * log's verifier key, the entry's bytes and the proof are fetched, then browser-verify.ts checks
 * the signature, hashes the entry and folds the proof up to the signed root. Used by the log page
 * and by /verify (for the entry that names a document's SHA-256).
 */
import { Alert, Descriptions, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { checkInclusion, type InclusionCheck } from './browser-verify.ts';

interface Checkpoint { size: number; root: string; note: string; createdAt: string }
export interface LogEntry { index: number; kind: string; data: string; leafHash: string; createdAt: string }
interface Proof { index: number; size: number; leafHash: string; root: string; proof: string[] }

const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace', fontSize: 12 };

async function load(index: number): Promise<{ check: InclusionCheck; proof: Proof | null; vkey: string }> {
  const [cp, vkeyRes, entry] = await Promise.all([
    api.get<Checkpoint>('/api/transparency/checkpoint'),
    fetch('/log/vkey'),
    api.get<LogEntry>(`/api/transparency/entries/${index}`),
  ]);
  if (!vkeyRes.ok) throw new ApiError(vkeyRes.status, 'internal', `/log/vkey: ${vkeyRes.status}`, undefined, {});
  const vkey = (await vkeyRes.text()).trim();
  const proof = index < cp.size ? await api.get<Proof>('/api/transparency/proofs/inclusion', { index, size: cp.size }) : null;
  const check = await checkInclusion({ vkey, note: cp.note, index, entryData: entry.data, proof: proof?.proof ?? [] });
  return { check, proof, vkey };
}

export function EntryProof({ index }: { index: number }) {
  const { t } = useTranslation();
  const r = useLoad(() => load(index), [index]);
  if (r.loading) return <Spin />;
  if (r.error) return <Alert type="error" showIcon role="alert" title={errorText(t, r.error)} />;
  if (!r.data) return null;
  const { check, proof, vkey } = r.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="entry-proof">
      {check.ok
        ? <Alert type="success" showIcon data-testid="proof-verdict" title={t('transparency.proof.ok', { index, size: check.checkpoint.size })} description={t('transparency.proof.okHint')} />
        : check.problem === 'not_covered'
          ? <Alert type="info" showIcon data-testid="proof-verdict" title={t('transparency.proof.notCovered', { index, size: check.checkpoint.size })} />
          : <Alert type="error" showIcon role="alert" data-testid="proof-verdict" title={t(`transparency.proof.problems.${check.problem ?? 'proof_mismatch'}`)} />}
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('transparency.proof.signature')}>
          {check.signatureOk ? t('transparency.proof.signatureOk', { name: check.keyName }) : t('transparency.proof.failed')}
          <div style={mono}>{vkey}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('transparency.proof.checkpoint')}>
          <span>{t('transparency.proof.checkpointLine', { size: check.checkpoint.size })}</span>
          <div style={mono}>{check.checkpoint.root}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('transparency.proof.leaf')}><span style={mono}>{check.leafHash}</span></Descriptions.Item>
        {proof && (
          <Descriptions.Item label={t('transparency.proof.path', { count: proof.proof.length })}>
            <pre style={{ ...mono, whiteSpace: 'pre-wrap', margin: 0 }}>{proof.proof.join('\n') || '—'}</pre>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Text type="secondary">{t('transparency.proof.offline')}</Typography.Text>
    </Space>
  );
}

/** The log entries naming a document's SHA-256 (the decision that issued it), each with its checked proof. For /verify. */
export function DocumentInLog({ sha256 }: { sha256: string }) {
  const { t } = useTranslation();
  const found = useLoad(() => api.get<{ index: number; kind: string }[]>(`/api/transparency/entries/by-sha256/${encodeURIComponent(sha256)}`), [sha256]);
  if (found.loading) return <Spin />;
  if (found.error) return <Alert type="error" showIcon role="alert" title={errorText(t, found.error)} />;
  return (
    <div style={{ marginTop: 16 }} data-testid="document-in-log">
      <Typography.Title level={5}>{t('transparency.proof.docEntries')}</Typography.Title>
      {!found.data?.length
        ? <Alert type="info" showIcon title={t('transparency.proof.docNotLogged')} />
        : found.data.map((e) => (
          <div key={e.index} style={{ marginBottom: 12 }}>
            <Typography.Paragraph><a href="/transparency" style={{ textDecoration: 'underline' }}>{t('transparency.log.title')}</a> #{e.index} · {e.kind}</Typography.Paragraph>
            <EntryProof index={e.index} />
          </div>
        ))}
    </div>
  );
}
