/**
 * The receipt at the end of /report (tracking code, report number, time, acknowledgement). A chunk
 * of its own (issue 10): antd's Result and Descriptions load when a report was filed, not with the form.
 */
import { Button, Card, Descriptions, Result, Typography } from 'antd';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Receipt } from '../tipoffs-api.ts';

export default function ReportReceipt({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Result status="success" title={t('tipoffs.report.receiptTitle')} subTitle={t('tipoffs.report.receiptSubtitle')}
        extra={[
          <Link key="track" to="/report/track" state={{ code: receipt.trackingCode }}><Button type="primary">{t('tipoffs.report.goTrack')}</Button></Link>,
          <Button key="again" onClick={onAnother}>{t('tipoffs.report.another')}</Button>,
        ]}>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('tipoffs.report.trackingCode')}>
            <Typography.Text copyable strong style={{ fontSize: 18 }} data-testid="tracking-code">{receipt.trackingCode}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.report.reportNo')}><span data-testid="report-no">{receipt.reportNo}</span></Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.report.receivedAt')}>{dayjs(receipt.receivedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.report.acknowledgement')}>{receipt.acknowledgement}</Descriptions.Item>
        </Descriptions>
      </Result>
    </Card>
  );
}
