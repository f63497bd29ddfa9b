/** 角色与权限 (security admin): the roles, and the permissions each grants, from the catalogue. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Empty, Form, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';

interface Role {
  code: string;
  name: string;
  nameEn?: string | null;
  adminKind?: string | null;
  builtIn?: boolean;
  permissions: string[];
}

interface CatalogueEntry {
  code: string;
  name: string;
  adminKind?: string | null;
}

interface RolesData {
  roles: Role[];
  catalogue: CatalogueEntry[];
}

/** The catalogue may come as `[{code, name}]` or as `{ code: name }`. */
function catalogueOf(raw: unknown): CatalogueEntry[] {
  if (Array.isArray(raw)) return raw as CatalogueEntry[];
  if (raw && typeof raw === 'object') return Object.entries(raw as Record<string, string>).map(([code, name]) => ({ code, name }));
  return [];
}

async function loadRoles(): Promise<RolesData> {
  const d = await api.get<{ roles?: Role[]; permissions?: unknown; catalogue?: unknown } | Role[]>('/api/admin/roles');
  if (Array.isArray(d)) return { roles: d, catalogue: [] };
  return { roles: d.roles ?? [], catalogue: catalogueOf(d.permissions ?? d.catalogue) };
}

/** `platform.user.read` → group `platform.user`. */
function groupOf(code: string): string {
  return code.split('.').slice(0, 2).join('.');
}

export default function RolesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const en = i18n.language === 'en-US';
  const data = useLoad(loadRoles, []);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<string[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ code: string; name: string; nameEn?: string }>();

  const role = data.data?.roles.find((r) => r.code === selected) ?? null;
  const checked = draft ?? role?.permissions ?? [];
  const groups = useMemo(() => {
    const m = new Map<string, CatalogueEntry[]>();
    for (const p of data.data?.catalogue ?? []) {
      const g = groupOf(p.code);
      m.set(g, [...(m.get(g) ?? []), p]);
    }
    return [...m.entries()];
  }, [data.data]);

  const select = (code: string) => {
    setSelected(code);
    setDraft(null);
  };

  const save = async () => {
    if (!role) return;
    setSaving(true);
    try {
      await api.put(`/api/admin/roles/${encodeURIComponent(role.code)}/permissions`, { permissions: checked });
      message.success(t('common.saved'));
      setDraft(null);
      await data.reload();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setSaving(false);
    }
  };

  const create = async (v: { code: string; name: string; nameEn?: string }) => {
    try {
      await api.post('/api/admin/roles', { code: v.code.trim(), name: v.name.trim(), nameEn: v.nameEn?.trim() || null, permissions: [] });
      message.success(t('common.created'));
      setCreating(false);
      form.resetFields();
      await data.reload();
      select(v.code.trim());
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  const toggle = (code: string, on: boolean) => {
    const set = new Set(checked);
    if (on) set.add(code);
    else set.delete(code);
    setDraft([...set]);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('platform.roles.title')}
          extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('platform.roles.create')}</Button>}>
          <Table<Role> rowKey="code" size="small" pagination={false} loading={data.loading} dataSource={data.data?.roles ?? []}
            rowClassName={(r) => (r.code === selected ? 'ant-table-row-selected' : '')}
            onRow={(r) => ({ onClick: () => select(r.code), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('platform.roles.name'), key: 'name', render: (_, r) => (en ? r.nameEn || r.name : r.name) },
              { title: t('platform.roles.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
              { title: '', key: 'tags', render: (_, r) => (
                <Space size={4}>
                  {r.adminKind && <Tag color="purple">{t('platform.roles.adminRole')}</Tag>}
                  {r.builtIn && <Tag>{t('platform.roles.builtIn')}</Tag>}
                </Space>
              ) },
            ]} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={role ? t('platform.roles.permissionsOf', { name: en ? role.nameEn || role.name : role.name }) : t('platform.roles.permissions')}
          extra={role && <Space>
            {draft && <Button onClick={() => setDraft(null)}>{t('common.cancel')}</Button>}
            <Button type="primary" disabled={!draft} loading={saving} onClick={() => void save()}>{t('common.save')}</Button>
          </Space>}>
          {!role ? <Empty description={t('platform.roles.pick')} /> : (
            <>
              {role.adminKind && <Typography.Paragraph type="secondary">{t('platform.roles.adminHint')}</Typography.Paragraph>}
              {groups.map(([g, perms]) => (
                <div key={g} style={{ marginBottom: 16 }}>
                  <Typography.Text strong>{t(`platform.roles.groups.${g.replace('.', '_')}`, { defaultValue: g })}</Typography.Text>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: '6px 16px', marginTop: 6 }}>
                    {perms.map((p) => (
                      <Checkbox key={p.code} checked={checked.includes(p.code)} onChange={(e) => toggle(p.code, e.target.checked)}>
                        {en ? t(`platform.permissions.${p.code}`, { defaultValue: p.code }) : p.name}{' '}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.code}</Typography.Text>
                      </Checkbox>
                    ))}
                  </div>
                </div>
              ))}
            </>
          )}
        </Card>
      </Col>
      <Modal open={creating} title={t('platform.roles.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('common.create')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="code" label={t('platform.roles.code')} extra={t('platform.roles.codeHint')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('platform.roles.codeInvalid') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('platform.roles.name')} rules={[{ required: true, message: t('platform.roles.nameRequired') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('platform.roles.nameEn')}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}
