/**
 * 来信办理 (openness.letter.reply answers; openness.letter.publish publishes with the writer's
 * consent): letters to the 局长信箱 and 咨询 by reply deadline, the reply dialog, and the
 * publication dialog with the masked texts proposed by the server (checked again on publishing).
 */
import { useState } from 'react';
import { App, Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { opennessApi, type Letter, type LetterStatus } from './openness-api.ts';

const COLOR: Record<LetterStatus, string> = { received: 'blue', answered: 'green', published: 'purple' };
type Dialog = { kind: 'reply' | 'publish'; letter: Letter } | null;

export default function LettersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canPublish = can('openness.letter.publish');
  const [status, setStatus] = useState<LetterStatus | undefined>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const letters = useLoad(() => opennessApi.letters(status), [status]);
  const today = dayjs().format('YYYY-MM-DD');

  const save = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (dialog.kind === 'reply') await opennessApi.reply(dialog.letter.letterNo, v.reply);
      else await opennessApi.publishLetter(dialog.letter.letterNo, { publicSubject: v.publicSubject, publicBody: v.publicBody, publicReply: v.publicReply });
      message.success(t('openness.letters.saved'));
      setDialog(null);
      await letters.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={<Space><MailOutlined />{t('openness.letters.title')}</Space>}>
      <Typography.Paragraph type="secondary">{t('openness.letters.intro')}</Typography.Paragraph>
      <Select allowClear style={{ width: 200, marginBottom: 12 }} placeholder={t('openness.letters.all')} aria-label={t('openness.letters.status')} value={status} onChange={setStatus}
        options={(['received', 'answered', 'published'] as const).map((s) => ({ value: s, label: t(`openness.letterStatus.${s}`) }))} />
      <Table<Letter> rowKey="letterNo" size="small" scroll={{ x: 900 }} loading={letters.loading} dataSource={letters.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('openness.letters.none') }}
        expandable={{ expandedRowRender: (l) => <Space direction="vertical"><Typography.Text strong>{t('openness.letters.body')}</Typography.Text><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{l.body}</Typography.Paragraph>{l.reply && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{l.reply}</Typography.Paragraph>}</Space> }}
        columns={[
          { title: t('openness.letters.letterNo'), dataIndex: 'letterNo', render: (v: string, l) => (l.status === 'published' ? <a href={`/hudong/letters/${v}`} target="_blank" rel="noreferrer">{v}</a> : v) },
          { title: t('openness.letters.kind'), dataIndex: 'kind', render: (v: Letter['kind']) => t(`openness.kinds.${v}`) },
          { title: t('openness.letters.subject'), dataIndex: 'subject' },
          { title: t('openness.letters.writer'), dataIndex: 'writerName' },
          { title: t('openness.letters.dueDate'), dataIndex: 'dueDate', render: (v: string, l) => <Space size={4}>{v}{l.status === 'received' && v < today && <Tag color="red">{t('openness.letters.overdue')}</Tag>}</Space> },
          { title: t('openness.letters.status'), dataIndex: 'status', render: (v: LetterStatus) => <Tag color={COLOR[v]}>{t(`openness.letterStatus.${v}`)}</Tag> },
          { title: t('openness.letters.consent'), dataIndex: 'consentPublish', render: (v: boolean) => t(v ? 'openness.letters.yes' : 'openness.letters.no') },
          { title: t('openness.letters.rating'), dataIndex: 'rating', render: (v: number | null) => v ?? '—' },
          { title: '', key: 'actions', render: (_: unknown, l) => (
            <Space size={4}>
              {l.status === 'received' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'reply', letter: l })} data-testid={`letter-reply-${l.letterNo}`}>{t('openness.letters.reply')}</Button>}
              {canPublish && l.status === 'answered' && l.consentPublish && <Button size="small" onClick={() => setDialog({ kind: 'publish', letter: l })} data-testid={`letter-publish-${l.letterNo}`}>{t('openness.letters.publish')}</Button>}
            </Space>
          ) },
        ]} />
      <Modal open={dialog !== null} destroyOnHidden onCancel={() => setDialog(null)} onOk={() => void save()} confirmLoading={saving} width={720}
        title={dialog?.kind === 'reply' ? t('openness.letters.replyTitle', { subject: dialog.letter.subject }) : t('openness.letters.publishTitle')}
        okText={t('openness.letters.save')} cancelText={t('openness.letters.cancel')} okButtonProps={{ 'data-testid': 'letter-save' } as Record<`data-${string}`, string>}>
        <Form form={form} layout="vertical" preserve={false} initialValues={dialog?.kind === 'publish' ? dialog.letter.proposal ?? {} : {}}>
          {dialog?.kind === 'reply' && <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{dialog.letter.body}</Typography.Paragraph>
            <Form.Item name="reply" label={t('openness.letters.replyText')} rules={[{ required: true, whitespace: true, min: 5, max: 5000 }]}><Input.TextArea rows={6} /></Form.Item>
          </>}
          {dialog?.kind === 'publish' && <>
            <Alert type="info" showIcon message={t('openness.letters.maskHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="publicSubject" label={t('openness.letters.publicSubject')} rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="publicBody" label={t('openness.letters.publicBody')} rules={[{ required: true, whitespace: true, min: 5, max: 5000 }]}><Input.TextArea rows={5} /></Form.Item>
            <Form.Item name="publicReply" label={t('openness.letters.publicReply')} rules={[{ required: true, whitespace: true, min: 5, max: 5000 }]}><Input.TextArea rows={5} /></Form.Item>
          </>}
        </Form>
      </Modal>
    </Card>
  );
}
