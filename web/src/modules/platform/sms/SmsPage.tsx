/**
 * 短信记录 (system admin): the SMS the development provider recorded instead of sending
 * (模拟短信), newest first, so that notices can be checked without a real gateway. Confidential
 * messages (verification codes, messages to tip-off reporters) are kept masked; reading is audited.
 */
import { useState } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { useLoad } from '../../../components/useLoad.ts';

interface Sms {
  id: number;
  phone: string;
  body: string;
  /** Stored masked (codes, messages to reporters): no text, no full number. */
  confidential: boolean;
  createdAt: string;
}

const LIMIT = 500;

export default function SmsPage() {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const data = useLoad(() => api.get<Sms[]>('/api/admin/sms-messages', { limit: LIMIT, phone: phone || undefined }), [phone]);

  return (
    <Card title={t('platform.sms.title')}>
      <Typography.Paragraph type="secondary">{t('platform.sms.intro', { limit: LIMIT })}</Typography.Paragraph>
      <Input.Search allowClear placeholder={t('platform.sms.phone')} style={{ maxWidth: 260, marginBottom: 16 }} inputMode="tel" maxLength={11}
        onSearch={(v) => setPhone(v.trim())} />
      <Table<Sms> rowKey="id" size="small" loading={data.loading} dataSource={data.data ?? []} scroll={{ x: 700 }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('platform.sms.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('platform.sms.phone'), dataIndex: 'phone', width: 130 },
          {
            title: t('platform.sms.body'), dataIndex: 'body',
            render: (v: string, r) => (r.confidential
              ? <><Tag color="gold">{t('platform.sms.confidential')}</Tag><Typography.Text type="secondary">{t('platform.sms.confidentialBody')}</Typography.Text></>
              : v),
          },
        ]} />
    </Card>
  );
}
