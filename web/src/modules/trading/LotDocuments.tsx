/**
 * A lot's documents (宗地文件: 出让文件, 宗地图/界址图, 规划条件 …): the staff drawer attaches and removes
 * them while the lot is a draft; the public list on the lot page downloads them once published.
 */
import { useState } from 'react';
import { App, Button, Drawer, Select, Space, Table, Typography, Upload, Alert } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { LOT_DOCUMENT_KINDS, lotPath, uploadLotDocument, type LotDocument } from './trading-api.ts';

const kb = (n: number) => <span style={{ whiteSpace: 'nowrap' }}>{Math.max(1, Math.round(n / 1024)).toLocaleString()} KB</span>;
const mono = { wordBreak: 'break-all' as const, fontFamily: 'monospace', fontSize: 12 };

/** Staff: the documents of one lot; editable while it is a draft and the user may manage lots. */
export function LotDocumentsDrawer({ lotNo, canEdit, onClose }: { lotNo: string; canEdit: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const docs = useLoad(() => api.get<{ status: string; documents: LotDocument[] }>(`/api/trading/lots/${encodeURIComponent(lotNo)}/documents`), [lotNo]);
  const [kind, setKind] = useState<LotDocument['kind']>('sale_documents');
  const draft = docs.data?.status === 'draft';
  const editable = canEdit && draft;
  return (
    <Drawer open onClose={onClose} width={720} title={`${t('trading.documents.title')} · ${lotNo}`}>
      <Typography.Paragraph type="secondary">{t('trading.documents.help')}</Typography.Paragraph>
      {docs.data && !draft && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('trading.documents.frozen')} />}
      {editable && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select aria-label={t('trading.documents.kind')} value={kind} onChange={setKind} style={{ width: 220 }}
            options={LOT_DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`trading.documents.kinds.${k}`) }))} />
          <Upload showUploadList={false} accept=".pdf,.ofd,.png,.jpg,.jpeg,.docx,.xlsx" customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const d = await uploadLotDocument(lotNo, kind, file as File);
              onSuccess?.(d);
              await docs.reload();
            } catch (e) {
              showError(t, e, message);
              onError?.(e as Error);
            }
          }}>
            <Button icon={<UploadOutlined />} data-testid="lot-document-upload">{t('trading.documents.add')}</Button>
          </Upload>
        </Space>
      )}
      <Table<LotDocument> rowKey="id" size="small" pagination={false} loading={docs.loading} dataSource={docs.data?.documents ?? []} scroll={{ x: true }}
        locale={{ emptyText: t('trading.documents.empty') }}
        columns={[
          { title: t('trading.documents.kind'), dataIndex: 'kind', render: (k: LotDocument['kind']) => t(`trading.documents.kinds.${k}`) },
          { title: t('trading.documents.name'), dataIndex: 'name' },
          { title: t('trading.documents.size'), dataIndex: 'size', align: 'right', render: kb },
          { title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <span style={mono}>{v}</span> },
          ...(editable ? [{
            title: '', key: 'remove', render: (_: unknown, d: LotDocument) => (
              <Button size="small" danger onClick={async () => {
                try { await api.delete(`/api/trading/lots/${encodeURIComponent(lotNo)}/documents/${d.id}`); await docs.reload(); } catch (e) { showError(t, e, message); }
              }}>{t('trading.documents.remove')}</Button>
            ),
          }] : []),
        ]} />
    </Drawer>
  );
}

/** Public: the published lot's documents, each downloadable, with the SHA-256 the announcement names. */
export function PublicLotDocuments({ lotNo, documents }: { lotNo: string; documents: LotDocument[] }) {
  const { t } = useTranslation();
  if (documents.length === 0) return null;
  return (
    <section aria-label={t('trading.documents.title')} data-testid="lot-documents">
      <Typography.Title level={2} style={{ fontSize: 16 }}>{t('trading.documents.title')}</Typography.Title>
      <Table<LotDocument> rowKey="id" size="small" pagination={false} dataSource={documents} scroll={{ x: true }}
        columns={[
          { title: t('trading.documents.kind'), dataIndex: 'kind', render: (k: LotDocument['kind']) => t(`trading.documents.kinds.${k}`) },
          {
            title: t('trading.documents.name'), dataIndex: 'name', render: (n: string, d) => (
              <a href={`${lotPath(lotNo)}/documents/${d.id}`} download={n}><DownloadOutlined /> {n}</a>
            ),
          },
          { title: t('trading.documents.size'), dataIndex: 'size', align: 'right', render: kb },
          { title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <span style={mono}>{v}</span> },
        ]} />
    </section>
  );
}
