/** 短信记录 (system admin): the SMS outbox, newest first, with delivery status. */
import { useState } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { itemsOf, totalOf, useLoad } from '../../../components/useLoad.ts';

interface Sms {
  id: number | string;
  phone: string;
  body?: string;
  text?: string;
  template?: string | null;
  status: string;
  attempts?: number;
  lastError?: string | null;
  createdAt: string;
  sentAt?: string | null;
}

const PAGE = 50;
const STATUS_COLOR: Record<string, string> = { sent: 'green', delivered: 'green', pending: 'blue', queued: 'blue', failed: 'red', dead: 'red' };

export default function SmsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [phone, setPhone] = useState('');
  const data = useLoad(async () => {
    const d = await api.get<unknown>('/api/admin/sms-messages', { limit: PAGE, offset: (page - 1) * PAGE, ...(phone ? { phone } : {}) });
    const items = itemsOf<Sms>(d);
    return { items, total: totalOf(d, (page - 1) * PAGE + items.length) };
  }, [page, phone]);

  return (
    <Card title={t('platform.sms.title')}>
      <Typography.Paragraph type="secondary">{t('platform.sms.intro')}</Typography.Paragraph>
      <Input.Search allowClear placeholder={t('platform.sms.phone')} style={{ maxWidth: 260, marginBottom: 16 }}
        onSearch={(v) => { setPage(1); setPhone(v.trim()); }} />
      <Table<Sms> rowKey="id" size="small" loading={data.loading} dataSource={data.data?.items ?? []} scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: PAGE, total: data.data?.total ?? 0, onChange: setPage, showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('platform.sms.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('platform.sms.phone'), dataIndex: 'phone', width: 130 },
          { title: t('platform.sms.body'), key: 'body', render: (_, s) => s.body ?? s.text ?? s.template ?? '' },
          { title: t('platform.sms.status'), dataIndex: 'status', width: 110,
            render: (v: string, s) => <Tag color={STATUS_COLOR[v] ?? 'default'} title={s.lastError ?? undefined}>{t(`platform.sms.statuses.${v}`, { defaultValue: v })}</Tag> },
          { title: t('platform.sms.sentAt'), dataIndex: 'sentAt', width: 170, render: (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—') },
        ]} />
    </Card>
  );
}
