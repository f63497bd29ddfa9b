/**
 * 网站稿件 (portal.article.edit / portal.article.review): the articles of the post's site (and of
 * the sites below, read only). Editors write with the rich-text editor, add images and
 * attachments, schedule publication and expiry, and send drafts for review; reviewers approve
 * (which publishes, or waits for 签发 in columns that want it), return with an opinion, sign off,
 * withdraw with a reason, and push a published article to a site that takes pushes.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { EditOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { RichTextEditor } from './RichTextEditor.tsx';
import { portalApi, type ArticleStatus, type ArticleView, type Media } from './portal-api.ts';

const STATUS_COLOR: Record<ArticleStatus, string> = { draft: 'default', submitted: 'gold', reviewed: 'blue', published: 'green', withdrawn: 'red' };
const STATUSES: ArticleStatus[] = ['draft', 'submitted', 'reviewed', 'published', 'withdrawn'];
interface FormValues { columnId: number; title: string; summary?: string; keywords?: string[]; source?: string; author?: string; publishAt?: Dayjs | null; expireAt?: Dayjs | null }

export default function ArticlesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const canEdit = can('portal.article.edit');
  const canReview = can('portal.article.review');
  const canSign = can('portal.article.sign');
  const [status, setStatus] = useState<ArticleStatus | undefined>(canReview && !canEdit ? 'submitted' : undefined);
  const [editing, setEditing] = useState<{ id: number | null; view?: ArticleView } | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [body, setBody] = useState('');
  const [media, setMedia] = useState<Media[]>([]);
  const [busy, setBusy] = useState(false);
  const [opinion, setOpinion] = useState('');
  const [pushTo, setPushTo] = useState<number | undefined>();
  const [form] = Form.useForm<FormValues>();
  const sites = useLoad(() => portalApi.sites(), []);
  const list = useLoad(() => portalApi.articles(status), [status]);
  const detail = useLoad(() => (openId ? portalApi.article(openId) : Promise.resolve(null)), [openId]);
  const own = sites.data?.find((s) => s.own);
  const pushTargets = (sites.data ?? []).filter((s) => !s.own).flatMap((s) => s.columns.filter((c) => c.acceptsPushes).map((c) => ({ value: c.id, label: `${s.name} · ${c.name}` })));

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      await Promise.all([list.reload(), detail.reload()]);
      return true;
    } catch (e) {
      showError(t, e, message, editing ? form : undefined);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const startEdit = (view?: ArticleView) => {
    setEditing({ id: view?.id ?? null, ...(view ? { view } : {}) });
    setBody(view?.bodyHtml ?? '');
    setMedia(view?.media ?? []);
    form.setFieldsValue(view ? {
      columnId: view.columnId, title: view.title, summary: view.summary, keywords: view.keywords, source: view.source, author: view.author,
      publishAt: view.publishAt ? dayjs(view.publishAt) : null, expireAt: view.expireAt ? dayjs(view.expireAt) : null,
    } : { columnId: own?.columns[0]?.id, title: '', summary: '', keywords: [], source: own?.name ?? '', author: '', publishAt: null, expireAt: null });
  };

  const save = async (andSubmit: boolean) => {
    const v = await form.validateFields();
    const input = {
      columnId: v.columnId, title: v.title, summary: v.summary ?? '', keywords: v.keywords ?? [], source: v.source ?? '', author: v.author ?? '',
      bodyHtml: body, media, publishAt: v.publishAt ? v.publishAt.toISOString() : null, expireAt: v.expireAt ? v.expireAt.toISOString() : null,
    };
    const ok = await act(async () => {
      const id = editing?.id ? (await portalApi.update(editing.id, input)).id : (await portalApi.create(input)).id;
      if (andSubmit) await portalApi.submit(id);
      setOpenId(id);
    }, andSubmit ? t('website.articles.submitted') : t('website.articles.saved'));
    if (ok) setEditing(null);
  };

  const uploadImage = async (file: File) => {
    try {
      const m = await portalApi.upload(file);
      setMedia((ms) => [...ms, m]);
      return m.url;
    } catch (e) {
      showError(t, e, message);
      throw e;
    }
  };

  const a = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('website.articles.title')}{own ? ` · ${own.name}` : ''}</Typography.Title>
          <Space wrap>
            <Select aria-label={t('website.articles.status')} allowClear placeholder={t('website.articles.allStatuses')} style={{ width: 160 }} value={status} onChange={setStatus}
              options={STATUSES.map((s) => ({ value: s, label: t(`website.status.${s}`) }))} />
            {canEdit && own ? <Button type="primary" icon={<PlusOutlined />} onClick={() => startEdit()}>{t('website.articles.new')}</Button> : null}
          </Space>
        </Space>
      </Card>
      <Card>
        <Table rowKey="id" loading={list.loading} dataSource={list.data ?? []} pagination={{ pageSize: 20 }} scroll={{ x: true }}
          columns={[
            { title: t('website.articles.articleTitle'), dataIndex: 'title', render: (v: string, r) => <Button type="link" style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpenId(r.id)}>{v}</Button> },
            { title: t('website.articles.site'), render: (_, r) => `${r.siteName} · ${r.columnName}` },
            { title: t('website.articles.status'), dataIndex: 'status', render: (s: ArticleStatus) => <Tag color={STATUS_COLOR[s]}>{t(`website.status.${s}`)}</Tag> },
            { title: t('website.articles.updated'), dataIndex: 'updatedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ]} />
      </Card>

      <Drawer open={!!editing} width={860} title={editing?.id ? t('website.articles.edit') : t('website.articles.new')} onClose={() => setEditing(null)} destroyOnHidden
        extra={<Space><Button onClick={() => save(false)} loading={busy}>{t('website.articles.saveDraft')}</Button><Button type="primary" onClick={() => save(true)} loading={busy}>{t('website.articles.saveSubmit')}</Button></Space>}>
        <Form form={form} layout="vertical">
          <Form.Item name="columnId" label={t('website.articles.column')} rules={[{ required: true }]}>
            <Select options={(own?.columns ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.reviewFlow === 'review_sign' ? ` (${t('website.articles.needsSign')})` : ''}` }))} />
          </Form.Item>
          <Form.Item name="title" label={t('website.articles.articleTitle')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item label={t('website.articles.body')} required>
            <RichTextEditor key={editing?.id ?? 'new'} value={body} onChange={setBody} onImage={uploadImage} label={t('website.articles.body')} />
          </Form.Item>
          <Form.Item name="summary" label={t('website.articles.summary')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Form.Item name="keywords" label={t('website.articles.keywords')}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>
          <Space wrap>
            <Form.Item name="source" label={t('website.articles.source')}><Input maxLength={100} style={{ width: 260 }} /></Form.Item>
            <Form.Item name="author" label={t('website.articles.author')}><Input maxLength={60} style={{ width: 160 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="publishAt" label={t('website.articles.publishAt')} extra={t('website.articles.publishAtHelp')}><DatePicker showTime /></Form.Item>
            <Form.Item name="expireAt" label={t('website.articles.expireAt')}><DatePicker showTime /></Form.Item>
          </Space>
          <Form.Item label={t('website.articles.attachments')}>
            <Upload showUploadList={false} accept=".pdf,.ofd,.docx,.xlsx,.png,.jpg,.jpeg" customRequest={async ({ file, onSuccess, onError }) => {
              try {
                const m = await portalApi.upload(file as File);
                setMedia((ms) => [...ms, m]);
                onSuccess?.(m);
              } catch (e) {
                showError(t, e, message);
                onError?.(e as Error);
              }
            }}>
              <Button icon={<PaperClipOutlined />}>{t('website.articles.addAttachment')}</Button>
            </Upload>
            <ul>{media.map((m) => <li key={m.sha256}>{m.name} ({Math.ceil(m.size / 1024)} KB)</li>)}</ul>
          </Form.Item>
        </Form>
      </Drawer>

      <Drawer open={openId !== null} width={760} title={a?.title ?? ''} onClose={() => setOpenId(null)}>
        {a ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered items={[
              { key: 's', label: t('website.articles.status'), children: <Tag color={STATUS_COLOR[a.status]}>{t(`website.status.${a.status}`)}</Tag> },
              { key: 'v', label: t('website.articles.version'), children: a.version },
              { key: 'src', label: t('website.articles.source'), children: a.source || '—' },
              ...(a.originSiteName ? [{ key: 'o', label: t('website.articles.origin'), children: a.originSiteName }] : []),
              { key: 'p', label: t('website.articles.publishAt'), children: a.publishedAt ? dayjs(a.publishedAt).format('YYYY-MM-DD HH:mm') : a.publishAt ? dayjs(a.publishAt).format('YYYY-MM-DD HH:mm') : '—' },
            ]} />
            {/* Sanitised on the server when it was saved. */}
            <Card size="small" title={t('website.articles.body')}><div className="article-preview" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} /></Card>
            <Space wrap>
              {canEdit && (a.status === 'draft' || a.status === 'withdrawn') ? <Button icon={<EditOutlined />} onClick={() => startEdit(a)}>{t('website.articles.edit')}</Button> : null}
              {canEdit && a.status === 'draft' ? <Button type="primary" loading={busy} onClick={() => act(() => portalApi.submit(a.id), t('website.articles.submitted'))}>{t('website.articles.submit')}</Button> : null}
              {a.status === 'published' ? <a href={`/site/${sites.data?.find((s) => s.id === a.siteId)?.code}/a/${a.id}`} target="_blank" rel="noreferrer">{t('website.articles.view')}</a> : null}
            </Space>
            {canReview && a.status === 'submitted' ? (
              <Card size="small" title={t('website.articles.reviewTitle')}>
                <Input.TextArea aria-label={t('website.articles.opinion')} placeholder={t('website.articles.opinion')} rows={2} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
                <Space style={{ marginTop: 8 }}>
                  <Button type="primary" loading={busy} onClick={() => act(() => portalApi.review(a.id, 'approve', opinion || null), t('website.articles.approved')).then(() => setOpinion(''))}>{t('website.articles.approve')}</Button>
                  <Button danger loading={busy} onClick={() => act(() => portalApi.review(a.id, 'return', opinion || null), t('website.articles.returned')).then(() => setOpinion(''))}>{t('website.articles.return')}</Button>
                </Space>
              </Card>
            ) : null}
            {canSign && a.status === 'reviewed' ? <Button type="primary" loading={busy} onClick={() => act(() => portalApi.sign(a.id), t('website.articles.signed'))}>{t('website.articles.sign')}</Button> : null}
            {canReview && a.status === 'published' ? (
              <Card size="small" title={t('website.articles.pushTitle')}>
                <Space wrap>
                  <Select aria-label={t('website.articles.pushTarget')} placeholder={t('website.articles.pushTarget')} style={{ minWidth: 260 }} options={pushTargets} value={pushTo} onChange={setPushTo} />
                  <Button disabled={!pushTo} loading={busy} onClick={() => pushTo && act(() => portalApi.push(a.id, pushTo), t('website.articles.pushed'))}>{t('website.articles.push')}</Button>
                  <Button danger onClick={() => {
                    let reason = '';
                    modal.confirm({
                      title: t('website.articles.withdraw'),
                      content: <Input.TextArea aria-label={t('website.articles.withdrawReason')} placeholder={t('website.articles.withdrawReason')} onChange={(e) => { reason = e.target.value; }} />,
                      onOk: () => act(() => portalApi.withdraw(a.id, reason), t('website.articles.withdrawn')),
                    });
                  }}>{t('website.articles.withdraw')}</Button>
                </Space>
              </Card>
            ) : null}
            <Card size="small" title={t('website.articles.record')}>
              <Timeline items={a.events.map((e) => ({ children: `${dayjs(e.at).format('YYYY-MM-DD HH:mm')} ${t(`website.events.${e.kind}`)} ${e.actorName ?? ''}${e.reason ? `：${e.reason}` : ''}` }))} />
              <Typography.Text type="secondary">{t('website.articles.versions')}：{a.versions.map((v) => `v${v.version} ${v.title}`).join('；')}</Typography.Text>
            </Card>
          </Space>
        ) : null}
      </Drawer>
    </Space>
  );
}
