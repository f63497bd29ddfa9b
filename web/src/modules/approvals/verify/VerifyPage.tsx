/**
 * 文书核验: the QR code of every issued PDF opens /verify/<token> — number, kind, issuer, hash
 * and status of the registered document. Anyone may also upload a PDF to check that it is
 * exactly (byte for byte) a registered document. The decision that issued it is in the
 * transparency log: its inclusion proof is checked in the browser (transparency/EntryProof.tsx).
 */
import { useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { errorText } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { PublicShell } from '../journey/PublicShell.tsx';
import { verifyPdfBytes } from '../journey/journey-api.ts';
import { DocumentInLog } from '../../transparency/EntryProof.tsx';

interface PublicDocument {
  kind: string; kindName: string; title: string; docNo: string; issuer: string; issuedAt: string;
  sha256: string; size: number; status: 'valid' | 'revoked' | 'superseded'; statusChangedAt: string | null; verifyToken: string;
}
interface BytesCheck { match: boolean; sha256: string; document: PublicDocument | null }

const STATUS_COLOR = { valid: 'green', revoked: 'red', superseded: 'orange' } as const;

function DocumentFacts({ d }: { d: PublicDocument }) {
  const { t } = useTranslation();
  return (
    <Descriptions bordered size="small" column={1}>
      <Descriptions.Item label={t('approvals.verify.status')}>
        <Tag color={STATUS_COLOR[d.status]} data-testid="verify-status">{t(`approvals.verify.statuses.${d.status}`)}</Tag>
        {d.statusChangedAt && <Typography.Text type="secondary">{dayjs(d.statusChangedAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.docNo')}><span data-testid="verify-doc-no">{d.docNo}</span></Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.kind')}>{d.kindName}</Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.docTitle')}>{d.title}</Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.issuer')}>{d.issuer}</Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.issuedAt')}>{dayjs(d.issuedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.sha256')}><Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="verify-sha256">{d.sha256}</Typography.Text></Descriptions.Item>
      <Descriptions.Item label={t('approvals.verify.size')}>{t('approvals.verify.bytes', { count: d.size })}</Descriptions.Item>
    </Descriptions>
  );
}

export default function VerifyPage() {
  const { t } = useTranslation();
  const { token } = useParams();
  const byToken = useLoad(() => (token ? api.get<PublicDocument>(`/api/public/documents/verify/${encodeURIComponent(token)}`) : Promise.resolve(null)), [token]);
  const input = useRef<HTMLInputElement>(null);
  const [check, setCheck] = useState<BytesCheck | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true);
    setCheck(null);
    setCheckError(null);
    try {
      setCheck(await verifyPdfBytes(f) as BytesCheck);
    } catch (e) {
      setCheckError(errorText(t, e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <PublicShell width={860}>
      {token && (
        <Card title={<Space><SafetyCertificateOutlined />{t('approvals.verify.title')}</Space>} loading={byToken.loading} style={{ marginBottom: 16 }}>
          {byToken.data ? <><DocumentFacts d={byToken.data} /><DocumentInLog sha256={byToken.data.sha256} /></> : !byToken.loading && (
            <Result status="warning" title={t('approvals.verify.notFound')} subTitle={byToken.error ? errorText(t, byToken.error) : undefined} />
          )}
        </Card>
      )}
      <Card title={t('approvals.verify.uploadTitle')}>
        <Typography.Paragraph type="secondary">{t('approvals.verify.uploadIntro')}</Typography.Paragraph>
        <input ref={input} type="file" hidden aria-label={t('approvals.verify.choose')} accept="application/pdf,.pdf" data-testid="verify-file" onChange={(e) => void upload(e.target.files?.[0])} />
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>{t('approvals.verify.choose')}</Button>
        {checkError && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={checkError} />}
        {check && (
          <div style={{ marginTop: 16 }} data-testid="verify-check">
            {check.match && check.document ? (
              <>
                <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('approvals.verify.match')} />
                <DocumentFacts d={check.document} />
                <DocumentInLog sha256={check.document.sha256} />
              </>
            ) : (
              <Alert type="error" showIcon title={t('approvals.verify.noMatch')}
                description={<span>{t('approvals.verify.sha256')}: <Typography.Text code style={{ wordBreak: 'break-all' }}>{check.sha256}</Typography.Text></span>} />
            )}
          </div>
        )}
      </Card>
    </PublicShell>
  );
}
