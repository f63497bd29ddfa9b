/**
 * 政府信息公开目录 (openness.entry.edit writes and sends for review; openness.entry.review
 * publishes with the 索引号, returns or withdraws) and, for reviewers, the yearly
 * 政府信息公开工作年度报告 computed from the platform's records.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { CATEGORY_CODES, opennessApi, type Entry, type EntryStatus, type ReportFigures } from './openness-api.ts';

const COLOR: Record<EntryStatus, string> = { draft: 'default', submitted: 'blue', returned: 'orange', published: 'green', withdrawn: 'red' };
type Dialog = { kind: 'edit'; entry: Entry | null } | { kind: 'return' | 'withdraw'; entry: Entry } | null;

function ReportCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const [figures, setFigures] = useState<ReportFigures | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try { await fn(); } catch (e) { showError(t, e, message); } finally { setBusy(false); }
  };
  return (
    <Card title={t('openness.report.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('openness.report.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="report-year">{t('openness.report.year')}</label>
        <InputNumber id="report-year" min={2008} max={new Date().getFullYear()} value={year} onChange={(v) => { setYear(v ?? year); setFigures(null); }} />
        <Button onClick={() => void run(async () => setFigures(await opennessApi.reportFigures(year)))} loading={busy} data-testid="report-load">{t('openness.report.load')}</Button>
        <Button type="primary" disabled={!figures} loading={busy} data-testid="report-issue"
          onClick={() => void run(async () => { const r = await opennessApi.issueReport(year); message.success(t('openness.report.issued', { docNo: r.docNo })); })}>{t('openness.report.issue')}</Button>
      </Space>
      {figures && (
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t('openness.report.proactive')}>{figures.proactiveTotal}</Descriptions.Item>
          {(['received', 'carriedOver', 'granted', 'denied', 'refused', 'withdrawn', 'pending'] as const).map((k) => (
            <Descriptions.Item key={k} label={t(`openness.report.${k}`)}>{figures.requests[k]}</Descriptions.Item>
          ))}
          <Descriptions.Item label={t('openness.report.letters')}>{figures.letters.received}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

export default function EntriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canEdit = can('openness.entry.edit');
  const canReview = can('openness.entry.review');
  const [status, setStatus] = useState<EntryStatus | undefined>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const entries = useLoad(() => opennessApi.entries(status), [status]);

  const act = async (fn: () => Promise<unknown>, ok = t('openness.entries.saved')) => {
    try {
      await fn();
      message.success(ok);
      await entries.reload();
    } catch (e) {
      showError(t, e, message);
    }
  };
  const save = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (dialog.kind === 'edit') {
        const input = { category: v.category, title: v.title, docNo: v.docNo || null, body: v.body };
        if (dialog.entry) await opennessApi.update(dialog.entry.id, input);
        else await opennessApi.create(input);
      } else if (dialog.kind === 'return') await opennessApi.return(dialog.entry.id, v.note);
      else await opennessApi.withdraw(dialog.entry.id, v.reason);
      message.success(t('openness.entries.saved'));
      setDialog(null);
      await entries.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };
  const title = dialog?.kind === 'edit' ? t(dialog.entry ? 'openness.entries.editTitle' : 'openness.entries.addTitle')
    : dialog?.kind === 'return' ? t('openness.entries.return') : dialog?.kind === 'withdraw' ? t('openness.entries.withdraw') : '';

  return (
    <>
      <Card title={<Space><FileTextOutlined />{t('openness.entries.title')}</Space>}
        extra={canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'edit', entry: null })} data-testid="entry-add">{t('openness.entries.add')}</Button>}>
        <Typography.Paragraph type="secondary">{t('openness.entries.intro')}</Typography.Paragraph>
        <Select allowClear style={{ width: 200, marginBottom: 12 }} placeholder={t('openness.entries.all')} aria-label={t('openness.entries.status')} value={status} onChange={setStatus}
          options={(['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const).map((s) => ({ value: s, label: t(`openness.entryStatus.${s}`) }))} />
        <Table<Entry> rowKey="id" size="small" scroll={{ x: 800 }} loading={entries.loading} dataSource={entries.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('openness.entries.none') }}
          columns={[
            { title: t('openness.entries.titleField'), dataIndex: 'title', render: (v: string, e) => <Space direction="vertical" size={0}><span>{v}</span>{e.docNo && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.docNo}</Typography.Text>}{e.reviewNote && e.status === 'returned' && <Typography.Text type="warning" style={{ fontSize: 12 }}>{e.reviewNote}</Typography.Text>}</Space> },
            { title: t('openness.entries.category'), dataIndex: 'category', render: (v: string) => t(`openness.categories.${v}`) },
            { title: t('openness.entries.status'), dataIndex: 'status', render: (v: EntryStatus) => <Tag color={COLOR[v]}>{t(`openness.entryStatus.${v}`)}</Tag> },
            { title: t('openness.entries.indexNo'), dataIndex: 'indexNo', render: (v: string | null) => (v ? <a href={`/gk/xxgk/${encodeURIComponent(v)}`} target="_blank" rel="noreferrer">{v}</a> : '—') },
            { title: t('openness.entries.actions'), key: 'actions', render: (_: unknown, e) => (
              <Space size={4} wrap>
                {canEdit && (e.status === 'draft' || e.status === 'returned') && <>
                  <Button size="small" onClick={() => setDialog({ kind: 'edit', entry: e })}>{t('openness.entries.edit')}</Button>
                  <Button size="small" onClick={() => void act(() => opennessApi.submit(e.id))} data-testid={`entry-submit-${e.id}`}>{t('openness.entries.submit')}</Button>
                </>}
                {canReview && e.status === 'submitted' && <>
                  <Button size="small" type="primary" data-testid={`entry-publish-${e.id}`}
                    onClick={() => void (async () => { try { const p = await opennessApi.publish(e.id); message.success(t('openness.entries.published', { indexNo: p.indexNo })); await entries.reload(); } catch (err) { showError(t, err, message); } })()}>{t('openness.entries.publish')}</Button>
                  <Button size="small" onClick={() => setDialog({ kind: 'return', entry: e })}>{t('openness.entries.return')}</Button>
                </>}
                {canReview && e.status === 'published' && <Button size="small" danger onClick={() => setDialog({ kind: 'withdraw', entry: e })}>{t('openness.entries.withdraw')}</Button>}
              </Space>
            ) },
          ]} />
        <Modal open={dialog !== null} title={title} destroyOnHidden onCancel={() => setDialog(null)} onOk={() => void save()} confirmLoading={saving}
          okText={t('openness.entries.save')} cancelText={t('openness.entries.cancel')} okButtonProps={{ 'data-testid': 'entry-save' } as Record<`data-${string}`, string>} width={720}>
          <Form form={form} layout="vertical" preserve={false} initialValues={dialog?.kind === 'edit' && dialog.entry ? dialog.entry : { category: 'ZCWJ' }}>
            {dialog?.kind === 'edit' && <>
              <Form.Item name="category" label={t('openness.entries.category')} rules={[{ required: true }]}>
                <Select options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`openness.categories.${c}`) }))} />
              </Form.Item>
              <Form.Item name="title" label={t('openness.entries.titleField')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
              <Form.Item name="docNo" label={t('openness.entries.docNo')} rules={[{ max: 60 }]}><Input maxLength={60} /></Form.Item>
              <Form.Item name="body" label={t('openness.entries.body')} rules={[{ required: true, whitespace: true, max: 50000 }]}><Input.TextArea rows={8} /></Form.Item>
            </>}
            {dialog?.kind === 'return' && <Form.Item name="note" label={t('openness.entries.note')} rules={[{ required: true, whitespace: true, min: 2, max: 1000 }]}><Input.TextArea rows={3} /></Form.Item>}
            {dialog?.kind === 'withdraw' && <Form.Item name="reason" label={t('openness.entries.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 1000 }]}><Input.TextArea rows={3} /></Form.Item>}
          </Form>
        </Modal>
      </Card>
      {canReview && <ReportCard />}
    </>
  );
}
