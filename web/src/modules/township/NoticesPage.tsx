/**
 * 通知公告 (township.notice.read): a township reads the county's notices — opening one leaves the
 * read receipt — and publishes its own (township.notice.publish; handed to the portal for review
 * when wired); the county publishes to its townships with a reading deadline and sees who read.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { townshipApi, townshipCodeOf, type NoticeSummary } from './township-api.ts';

interface NewNotice { title: string; body: string; columnKind: 'notice' | 'news'; readBy: Dayjs | null }

export default function NoticesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const scope = me.posts.find((p) => p.id === me.activePostId)?.scopePath ?? '';
  const isTownship = /\.t\d{9}$/.test(scope);
  const isCounty = /\.x\d{6}$/.test(scope);
  const canPublish = can('township.notice.publish') && (isTownship || isCounty);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<NewNotice>();
  const list = useLoad(() => townshipApi.notices(), []);
  const detail = useLoad(() => (openId ? townshipApi.notice(openId) : Promise.resolve(null)), [openId]);
  const today = dayjs().format('YYYY-MM-DD');

  const close = () => { setOpenId(null); void list.reload(); };
  const publish = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await townshipApi.publish({ title: v.title, body: v.body, columnKind: v.columnKind, readBy: v.readBy ? v.readBy.format('YYYY-MM-DD') : null });
      message.success(t('township.notices.published'));
      setCreating(false);
      await list.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };

  const state = (n: NoticeSummary) => {
    if (n.origin !== 'county' || !isTownship) return <Tag>{t(`township.notices.origin.${n.origin}`)}</Tag>;
    if (n.readAt) return <Tag color="green">{t('township.notices.read')}</Tag>;
    return n.readBy && n.readBy < today ? <Tag color="red">{t('township.notices.overdue')}</Tag> : <Tag color="gold">{t('township.notices.unread')}</Tag>;
  };

  const d = detail.data;
  return (
    <Card title={t('township.notices.title')}
      extra={canPublish && <Button type="primary" icon={<PlusOutlined />} data-testid="notice-new" onClick={() => { form.resetFields(); setCreating(true); }}>{t('township.notices.publish')}</Button>}>
      <Typography.Paragraph type="secondary">{t(isCounty ? 'township.notices.countyIntro' : 'township.notices.intro')}</Typography.Paragraph>
      <List<NoticeSummary> loading={list.loading} dataSource={list.data ?? []} locale={{ emptyText: t('township.notices.none') }}
        renderItem={(n) => (
          <List.Item extra={state(n)}>
            <List.Item.Meta
              title={<Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left', fontWeight: n.readAt || !isTownship || n.origin !== 'county' ? 400 : 600 }}
                onClick={() => setOpenId(n.id)}>{n.title}</Button>}
              description={<Space wrap size={[12, 0]}>
                <span>{n.publisherName}</span><span>{dayjs(n.publishedAt).format('YYYY-MM-DD')}</span>
                {n.readBy && <span>{t('township.notices.readBy')} {n.readBy}</span>}
                {!isTownship && n.origin === 'county' && <span>{t('township.notices.readCount', { n: n.readCount })}</span>}
              </Space>} />
          </List.Item>
        )} />
      <Drawer open={openId !== null} onClose={close} title={d?.title ?? ''} width={Math.min(640, window.innerWidth)} destroyOnHidden>
        {d && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{d.publisherName} · {dayjs(d.publishedAt).format('YYYY-MM-DD HH:mm')}{d.readBy ? ` · ${t('township.notices.readBy')} ${d.readBy}` : ''}</Typography.Text>
            {d.readAt && <Tag color="green" data-testid="notice-read">{t('township.notices.readAt', { at: dayjs(d.readAt).format('YYYY-MM-DD HH:mm') })}</Tag>}
            {d.portalArticleId && <Tag color="blue">{t('township.notices.portal', { id: d.portalArticleId })}</Tag>}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Typography.Paragraph>
            {!isTownship && d.origin === 'county' && (
              <Card size="small" title={t('township.notices.reads')}>
                <List size="small" dataSource={d.reads} locale={{ emptyText: '—' }}
                  renderItem={(r) => <List.Item>{r.townshipName ?? townshipCodeOf(r.orgPath)} · {dayjs(r.readAt).format('YYYY-MM-DD HH:mm')}</List.Item>} />
              </Card>
            )}
          </Space>
        )}
      </Drawer>
      <Modal open={creating} title={t('township.notices.publish')} onCancel={() => setCreating(false)} onOk={() => void publish()} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ columnKind: 'notice', readBy: null }}>
          <Form.Item name="title" label={t('township.notices.noticeTitle')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="columnKind" label={t('township.notices.columnKind')}>
            <Radio.Group options={(['notice', 'news'] as const).map((c) => ({ value: c, label: t(`township.notices.column.${c}`) }))} />
          </Form.Item>
          {isCounty && (
            <Form.Item name="readBy" label={t('township.notices.readBy')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(x) => x.isBefore(dayjs(), 'day')} />
            </Form.Item>
          )}
          <Form.Item name="body" label={t('township.notices.body')} rules={[{ required: true, min: 2, max: 20000 }]}><Input.TextArea rows={6} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
