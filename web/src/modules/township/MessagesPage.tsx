/**
 * 站内信 咨询答复: a township asks the county (township.message.ask), the county answers
 * (township.message.answer) before the due date in working days.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { townshipApi, townshipCodeOf, type Message } from './township-api.ts';

export default function MessagesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canAsk = can('township.message.ask');
  const canAnswer = can('township.message.answer');
  const [asking, setAsking] = useState(false);
  const [answering, setAnswering] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [askForm] = Form.useForm<{ subject: string; question: string }>();
  const [answerForm] = Form.useForm<{ answer: string }>();
  const list = useLoad(() => townshipApi.messages(), []);

  const run = async (fn: () => Promise<unknown>, done: string, form: typeof askForm | typeof answerForm) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setAsking(false);
      setAnswering(null);
      await list.reload();
    } catch (e) {
      showError(t, e, message, form as never);
    } finally {
      setBusy(false);
    }
  };

  const state = (m: Message) => m.answeredAt
    ? <Tag color={m.overdue ? 'orange' : 'green'}>{t('township.messages.answered')}</Tag>
    : <Tag color={m.overdue ? 'red' : 'gold'}>{t(m.overdue ? 'township.messages.overdue' : 'township.messages.open')}</Tag>;

  return (
    <Card title={t(canAnswer ? 'township.messages.answersTitle' : 'township.messages.title')}
      extra={canAsk && <Button type="primary" icon={<PlusOutlined />} data-testid="message-new" onClick={() => { askForm.resetFields(); setAsking(true); }}>{t('township.messages.ask')}</Button>}>
      <Typography.Paragraph type="secondary">{canAnswer ? t('township.messages.answersIntro') : t('township.messages.intro', { days: 3 })}</Typography.Paragraph>
      <List<Message> loading={list.loading} dataSource={list.data ?? []} locale={{ emptyText: t('township.messages.none') }} itemLayout="vertical"
        renderItem={(m) => (
          <List.Item key={m.id} data-testid={`message-${m.id}`} extra={state(m)}
            actions={canAnswer && !m.answeredAt ? [<Button key="a" type="primary" size="small" data-testid={`message-answer-${m.id}`}
              onClick={() => { answerForm.resetFields(); setAnswering(m); }}>{t('township.messages.answerAction')}</Button>] : []}>
            <List.Item.Meta title={m.subject} description={<Space wrap size={[12, 0]}>
              {canAnswer && <span>{m.townshipName ?? townshipCodeOf(m.orgPath)}</span>}
              <span>{m.askerName}</span><span>{dayjs(m.askedAt).format('YYYY-MM-DD HH:mm')}</span>
              <span>{t('township.messages.dueDate')} {m.dueDate}</span>
            </Space>} />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.question}</Typography.Paragraph>
            {m.answer && (
              <Card size="small" title={`${t('township.messages.answer')} · ${m.answererName ?? ''} · ${dayjs(m.answeredAt).format('YYYY-MM-DD HH:mm')}`}
                extra={m.answerWorkdays !== null && <Typography.Text type="secondary">{t('township.messages.workdays', { n: m.answerWorkdays })}</Typography.Text>}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{m.answer}</Typography.Paragraph>
              </Card>
            )}
          </List.Item>
        )} />
      <Modal open={asking} title={t('township.messages.ask')} onCancel={() => setAsking(false)} confirmLoading={busy} destroyOnHidden
        onOk={() => void askForm.validateFields().then((v) => run(() => townshipApi.ask(v), t('township.messages.sent'), askForm))}>
        <Form form={askForm} layout="vertical">
          <Form.Item name="subject" label={t('township.messages.subject')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="question" label={t('township.messages.question')} rules={[{ required: true, min: 2, max: 4000 }]}><Input.TextArea rows={5} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={answering !== null} title={`${t('township.messages.answerAction')}：${answering?.subject ?? ''}`} onCancel={() => setAnswering(null)} confirmLoading={busy} destroyOnHidden
        onOk={() => void answerForm.validateFields().then((v) => run(() => townshipApi.answer(answering!.id, v.answer), t('township.messages.answeredDone'), answerForm))}>
        <Typography.Paragraph>{answering?.question}</Typography.Paragraph>
        <Form form={answerForm} layout="vertical">
          <Form.Item name="answer" label={t('township.messages.answer')} rules={[{ required: true, min: 2, max: 4000 }]}><Input.TextArea rows={5} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
