/** 收件回执: the case number and what was received; printable, with the receipt PDF. */
import { App, Button, Card, Descriptions, Result, Space, Table } from 'antd';
import { PrinterOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { PublicShell } from './PublicShell.tsx';
import { downloadPdf, type CaseView } from './journey-api.ts';
import { statusName } from './labels.ts';

export default function ReceiptPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { caseNo = '' } = useParams();
  const data = useLoad(() => api.get<CaseView>(`/api/public/approvals/cases/${encodeURIComponent(caseNo)}`), [caseNo]);
  const c = data.data;
  const receipt = c?.documents.find((d) => d.kind === 'receipt');
  return (
    <PublicShell width={860}>
      <Card loading={data.loading}>
        {c && (
          <>
            <Result status="success" style={{ paddingBottom: 8 }} title={t('approvals.journey.receipt.title')}
              subTitle={<span>{t('approvals.journey.receipt.caseNo')}：<b data-testid="receipt-case-no" style={{ fontSize: 18 }}>{c.caseNo}</b></span>} />
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('approvals.journey.receipt.matter')}>{c.matterName}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.applicant')}>{c.applicant.name}（{c.applicant.idNumber}）</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.submittedAt')}>{dayjs(c.submittedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.status')}><span data-testid="receipt-status">{statusName(t, c.status)}</span></Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.promised')}>{t('approvals.journey.guide.workdays', { count: c.promisedDays })}</Descriptions.Item>
            </Descriptions>
            <Table size="small" rowKey="key" pagination={false} style={{ marginTop: 16 }} dataSource={c.materials}
              columns={[
                { title: t('approvals.journey.guide.materialName'), dataIndex: 'name' },
                { title: t('approvals.journey.receipt.files'), width: 120, render: (_v, m) => m.files.length || '—' },
              ]} />
            <p style={{ marginTop: 16 }}>{t('approvals.journey.receipt.next')}</p>
            <Space className="no-print">
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('approvals.journey.receipt.print')}</Button>
              {receipt && (
                <Button icon={<DownloadOutlined />} onClick={() => void downloadPdf(`/api/public/approvals/cases/${encodeURIComponent(c.caseNo)}/documents/${receipt.documentId}/pdf`, receipt.docNo).catch((e) => showError(t, e, message))}>
                  {t('approvals.journey.receipt.pdf')}
                </Button>
              )}
              <Link to={`/track?caseNo=${encodeURIComponent(c.caseNo)}`}><Button type="primary">{t('approvals.journey.receipt.track')}</Button></Link>
            </Space>
          </>
        )}
      </Card>
    </PublicShell>
  );
}
