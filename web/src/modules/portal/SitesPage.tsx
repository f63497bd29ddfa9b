/**
 * 网站设置 (portal.site.manage): a site's name, host name, theme (colour, logo text, banner) and the
 * footer every government site carries (主办单位, ICP 备案号, 公安备案号, 网站标识码, contact); and its
 * column tree (栏目) with the update quota (动态 / 不定期) and the review flow (审核 / 审核+签发).
 * The server checks every field and names the one it refuses.
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { portalApi, type Column, type ColumnInput, type Site, type SiteInput } from './portal-api.ts';

const KINDS = ['news', 'notice', 'policy', 'county', 'other'] as const;
const HEX = /^#[0-9a-fA-F]{6}$/;

type ColumnRow = Column & { children?: ColumnRow[] };

function columnTree(cols: Column[]): ColumnRow[] {
  const byParent = new Map<number | null, Column[]>();
  for (const c of cols) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const build = (parent: number | null): ColumnRow[] => (byParent.get(parent) ?? []).sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((c) => { const children = build(c.id); return children.length ? { ...c, children } : { ...c }; });
  return build(null);
}

function SiteSettings({ site, onSaved }: { site: Site; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SiteInput>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({ name: site.name, nameEn: site.nameEn, host: site.host ?? null, theme: site.theme ?? {}, footer: site.footer ?? {} });
  }, [site, form]);
  const colour = Form.useWatch(['theme', 'primaryColor'], form);
  const save = async () => {
    const v = await form.validateFields();
    // Empty optional fields are left out (the server checks the ones given).
    const clean = <T extends object>(o: T | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, x]) => typeof x === 'string' && x.trim() !== '')) as T;
    setBusy(true);
    try {
      await portalApi.updateSite(site.id, { name: v.name, nameEn: v.nameEn ?? '', host: v.host?.trim() ? v.host.trim() : null, theme: clean(v.theme), footer: clean(v.footer) });
      message.success(t('website.sites.saved'));
      await onSaved();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('website.sites.settings')}</Typography.Title>}
      extra={<Button type="primary" loading={busy} onClick={() => void save()} data-testid="site-save">{t('website.sites.save')}</Button>}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={16}>
          <Col xs={24} md={12}><Form.Item name="name" label={t('website.sites.name')} rules={[{ required: true, min: 2, max: 100 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="nameEn" label={t('website.sites.nameEn')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name="host" label={t('website.sites.host')} extra={t('website.sites.hostHelp')}><Input placeholder="www.example.gov.cn" /></Form.Item></Col>
        </Row>
        <Typography.Title level={3} style={{ fontSize: 15 }}>{t('website.sites.theme')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={['theme', 'primaryColor']} label={t('website.sites.colour')} extra={t('website.sites.colourHelp')} rules={[{ pattern: HEX, message: t('website.sites.colourFormat') }]}>
              <Input placeholder="#8c1c13" addonAfter={<span aria-hidden style={{ display: 'inline-block', width: 16, height: 16, verticalAlign: 'middle', background: colour && HEX.test(colour) ? colour : 'transparent', border: '1px solid #999' }} />} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}><Form.Item name={['theme', 'logoText']} label={t('website.sites.logoText')} rules={[{ max: 8 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item name={['theme', 'banner']} label={t('website.sites.banner')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
        </Row>
        <Typography.Title level={3} style={{ fontSize: 15 }}>{t('website.sites.footer')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}><Form.Item name={['footer', 'sponsor']} label={t('website.sites.sponsor')} rules={[{ max: 100 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name={['footer', 'siteCode']} label={t('website.sites.siteCode')} extra={t('website.sites.siteCodeHelp')} rules={[{ pattern: /^\d{10}$/, message: t('website.sites.siteCodeFormat') }]}><Input inputMode="numeric" maxLength={10} /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name={['footer', 'icp']} label={t('website.sites.icp')} rules={[{ max: 40 }]}><Input placeholder="黔ICP备00000000号" /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name={['footer', 'psb']} label={t('website.sites.psb')} rules={[{ max: 40 }]}><Input placeholder="黔公网安备 52030000000000号" /></Form.Item></Col>
          <Col xs={24} md={12}><Form.Item name={['footer', 'address']} label={t('website.sites.address')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item name={['footer', 'phone']} label={t('website.sites.phone')} rules={[{ max: 40 }]}><Input /></Form.Item></Col>
          <Col xs={24} md={6}><Form.Item name={['footer', 'email']} label={t('website.sites.email')}><Input /></Form.Item></Col>
        </Row>
      </Form>
    </Card>
  );
}

function ColumnsCard({ site, onSaved }: { site: Site; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ColumnInput>();
  const [editing, setEditing] = useState<Column | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const open = (c: Column | 'new') => {
    form.resetFields();
    form.setFieldsValue(c === 'new'
      ? { kind: 'news', updateQuota: 'dynamic', reviewFlow: 'review', acceptsPushes: false, inNav: true, sort: (site.columns.length + 1) * 10, parentId: null, nameEn: '' }
      : { ...c });
    setEditing(c);
  };
  const save = async () => {
    const v = await form.validateFields();
    const input: ColumnInput = { ...v, nameEn: v.nameEn ?? '', parentId: v.parentId ?? null, sort: v.sort ?? 0, acceptsPushes: !!v.acceptsPushes, inNav: !!v.inNav };
    setBusy(true);
    try {
      if (editing === 'new') await portalApi.createColumn(site.id, input);
      else if (editing) await portalApi.updateColumn(site.id, editing.id, input);
      message.success(t('website.sites.saved'));
      setEditing(null);
      await onSaved();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setBusy(false);
    }
  };
  const tree = useMemo(() => columnTree(site.columns), [site.columns]);
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('website.sites.columns')}</Typography.Title>}
      extra={<Button icon={<PlusOutlined />} onClick={() => open('new')} data-testid="column-new">{t('website.sites.newColumn')}</Button>}>
      <Table<ColumnRow> rowKey="id" size="small" pagination={false} dataSource={tree} scroll={{ x: true }} expandable={{ defaultExpandAllRows: true }} columns={[
        { title: t('website.sites.columnName'), dataIndex: 'name' },
        { title: t('website.sites.slug'), dataIndex: 'slug' },
        { title: t('website.sites.kind'), dataIndex: 'kind', render: (k: string) => t(`website.kinds.${k}`) },
        { title: t('website.health.quota'), dataIndex: 'updateQuota', render: (q: string) => <Tag color={q === 'dynamic' ? 'blue' : 'default'}>{t(`website.quota.${q}`)}</Tag> },
        { title: t('website.sites.reviewFlow'), dataIndex: 'reviewFlow', render: (f: string) => t(`website.flow.${f}`) },
        { title: t('website.sites.flags'), render: (_, c) => <Space size={4} wrap>{c.acceptsPushes ? <Tag>{t('website.sites.acceptsPushes')}</Tag> : null}{c.inNav ? <Tag>{t('website.sites.inNav')}</Tag> : null}</Space> },
        { title: t('website.sites.sort'), dataIndex: 'sort' },
        { title: t('website.sites.actions'), render: (_, c) => <Button size="small" autoInsertSpace={false} onClick={() => open(c)} aria-label={`${t("website.sites.editColumn")} ${c.name}`}>{t("website.sites.editColumn")}</Button> },
      ]} />
      <Modal open={editing !== null} title={editing === 'new' ? t('website.sites.newColumn') : t('website.sites.editColumn')} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={busy} okText={t('website.sites.save')} destroyOnHidden>
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item name="name" label={t('website.sites.columnName')} rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
          <Form.Item name="nameEn" label={t('website.sites.nameEn')} rules={[{ max: 80 }]}><Input /></Form.Item>
          <Form.Item name="slug" label={t('website.sites.slug')} extra={t('website.sites.slugHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{0,39}$/, message: t('website.sites.slugHelp') }]}><Input /></Form.Item>
          <Form.Item name="parentId" label={t('website.sites.parent')}>
            <Select allowClear options={site.columns.filter((c) => editing === 'new' || !editing || c.id !== editing.id).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('website.sites.kind')}><Select options={KINDS.map((k) => ({ value: k, label: t(`website.kinds.${k}`) }))} /></Form.Item>
          <Form.Item name="updateQuota" label={t('website.health.quota')} extra={t('website.sites.quotaHelp')}>
            <Select options={[{ value: 'dynamic', label: t('website.quota.dynamic') }, { value: 'irregular', label: t('website.quota.irregular') }]} />
          </Form.Item>
          <Form.Item name="reviewFlow" label={t('website.sites.reviewFlow')}>
            <Select options={[{ value: 'review', label: t('website.flow.review') }, { value: 'review_sign', label: t('website.flow.review_sign') }]} />
          </Form.Item>
          <Form.Item name="sort" label={t('website.sites.sort')}><InputNumber min={0} max={1000} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="acceptsPushes" valuePropName="checked"><Checkbox>{t('website.sites.acceptsPushes')}</Checkbox></Form.Item>
          <Form.Item name="inNav" valuePropName="checked"><Checkbox>{t('website.sites.inNav')}</Checkbox></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export default function SitesPage() {
  const { t } = useTranslation();
  const sites = useLoad(() => portalApi.sites(), []);
  const mine = useMemo(() => {
    const all = sites.data ?? [];
    const own = all.find((s) => s.own);
    return own?.orgPath ? all.filter((s) => s.orgPath === own.orgPath || s.orgPath?.startsWith(`${own.orgPath}.`)) : all.filter((s) => s.own);
  }, [sites.data]);
  const [siteId, setSiteId] = useState<number | null>(null);
  const site = mine.find((s) => s.id === siteId) ?? mine[0];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('website.sites.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('website.sites.intro')}</Typography.Paragraph>
        {mine.length > 1 ? (
          <Space wrap><label htmlFor="site-pick">{t('website.sites.site')}</label>
            <Select id="site-pick" style={{ minWidth: 220 }} value={site?.id} onChange={(v: number) => setSiteId(v)} options={mine.map((s) => ({ value: s.id, label: s.name }))} /></Space>
        ) : null}
        {site ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}><a href={`/site/${site.code}`} target="_blank" rel="noopener noreferrer">{t('website.sites.view')}</a></Typography.Paragraph> : null}
      </Card>
      {site ? <SiteSettings site={site} onSaved={sites.reload} /> : null}
      {site ? <ColumnsCard site={site} onSaved={sites.reload} /> : null}
    </Space>
  );
}
