/** 网上调查 (openness.survey.manage): create a one-question survey, open and close it, see the votes. */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, PieChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { opennessApi, type Survey } from './openness-api.ts';

export default function SurveysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const surveys = useLoad(() => opennessApi.surveys(), []);
  const act = async (fn: () => Promise<unknown>) => {
    try { await fn(); message.success(t('openness.surveys.saved')); await surveys.reload(); } catch (e) { showError(t, e, message); }
  };
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await opennessApi.createSurvey({ title: v.title, description: v.description ?? '', options: String(v.options).split('\n').map((s) => s.trim()).filter(Boolean), closesOn: v.closesOn });
      message.success(t('openness.surveys.saved'));
      setOpen(false);
      await surveys.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={<Space><PieChartOutlined />{t('openness.surveys.title')}</Space>}
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('openness.surveys.add')}</Button>}>
      <Typography.Paragraph type="secondary">{t('openness.surveys.intro')}</Typography.Paragraph>
      <Table<Survey> rowKey="id" size="small" loading={surveys.loading} dataSource={surveys.data ?? []} pagination={false} locale={{ emptyText: t('openness.surveys.none') }}
        columns={[
          { title: t('openness.surveys.titleField'), dataIndex: 'title', render: (v: string, s) => (s.status === 'draft' ? v : <a href={`/hudong/surveys/${s.id}`} target="_blank" rel="noreferrer">{v}</a>) },
          { title: t('openness.surveys.status'), dataIndex: 'status', render: (v: Survey['status']) => <Tag>{t(`openness.surveyStatus.${v}`)}</Tag> },
          { title: t('openness.surveys.closesOn'), dataIndex: 'closesOn' },
          { title: t('openness.surveys.results'), key: 'results', render: (_: unknown, s) => s.options.map((o) => `${o.label} ${o.votes}`).join(' · ') },
          { title: t('openness.surveys.votes'), dataIndex: 'total' },
          { title: '', key: 'actions', render: (_: unknown, s) => (
            <Space size={4}>
              {s.status === 'draft' && <Button size="small" type="primary" onClick={() => void act(() => opennessApi.setSurveyStatus(s.id, 'open'))}>{t('openness.surveys.open')}</Button>}
              {s.status === 'open' && <Button size="small" onClick={() => void act(() => opennessApi.setSurveyStatus(s.id, 'closed'))}>{t('openness.surveys.close')}</Button>}
            </Space>
          ) },
        ]} />
      <Modal open={open} destroyOnHidden title={t('openness.surveys.addTitle')} onCancel={() => setOpen(false)} onOk={() => void save()} confirmLoading={saving}
        okText={t('openness.surveys.save')} cancelText={t('openness.surveys.cancel')}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label={t('openness.surveys.titleField')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="description" label={t('openness.surveys.description')}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>
          <Form.Item name="options" label={t('openness.surveys.options')} rules={[{ required: true }]}><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="closesOn" label={t('openness.surveys.closesOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
