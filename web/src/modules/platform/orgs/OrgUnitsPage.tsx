/** 机构: the org-unit tree in the active post's scope, one unit's details, and creating a unit. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Select, Tag, Tree } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { buildOrgTree, listOrgUnits, orgUnitName, type OrgUnit } from './org-units.ts';

const KINDS = ['bureau', 'department', 'window', 'office'] as const;

interface CreateValues {
  kind: (typeof KINDS)[number];
  code: string;
  label?: string;
  divisionCode?: string;
  name: string;
  nameEn?: string;
}

export default function OrgUnitsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const en = i18n.language === 'en-US';
  const units = useLoad(listOrgUnits, []);
  const tree = useMemo(() => buildOrgTree(units.data ?? [], en), [units.data, en]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CreateValues>();
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;
  const kind = Form.useWatch('kind', form);

  const create = async (v: CreateValues) => {
    try {
      const body = {
        parentId: selected?.id ?? null, kind: v.kind, code: v.code, name: v.name,
        ...(v.label ? { label: v.label } : {}), ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}), ...(v.nameEn ? { nameEn: v.nameEn } : {}),
      };
      const u = await api.post<OrgUnit>('/api/org-units', body);
      message.success(t('common.created'));
      setCreating(false);
      form.resetFields();
      await units.reload();
      setSelectedId(u.id);
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('platform.orgs.title')} loading={units.loading && !units.data}
          extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('platform.orgs.create')}</Button>}>
          {tree.length === 0 ? <Empty /> : (
            <Tree<(typeof tree)[number]> treeData={tree} showLine defaultExpandedKeys={tree.map((n) => n.key)} height={560}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : null)} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('platform.orgs.details')}>
          {!selected ? <Empty description={t('platform.orgs.pick')} /> : (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('platform.orgs.name')}>{orgUnitName(selected, en)}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.nameEn')}>{selected.nameEn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.kind')}>{t(`platform.orgs.kinds.${selected.kind}`, { defaultValue: selected.kind })}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.code')}>{selected.code}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.divisionCode')}>{selected.divisionCode}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.level')}>{t(`platform.orgs.levels.${selected.level}`, { defaultValue: selected.level })}</Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.path')}><code>{selected.path}</code></Descriptions.Item>
              <Descriptions.Item label={t('platform.orgs.status')}>
                {selected.active ? <Tag color="green">{t('platform.orgs.active')}</Tag> : <Tag>{t('platform.orgs.inactive')}</Tag>}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
      <Modal open={creating} title={t('platform.orgs.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden
        okText={t('common.create')}>
        <p>{t('platform.orgs.parent')}: <b>{selected ? orgUnitName(selected, en) : t('platform.orgs.noParent')}</b></p>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: 'department' }}>
          <Form.Item name="kind" label={t('platform.orgs.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`platform.orgs.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('platform.orgs.name')} rules={[{ required: true, message: t('platform.orgs.nameRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('platform.orgs.nameEn')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="code" label={t('platform.orgs.code')} rules={[{ required: true, min: 2, message: t('platform.orgs.codeRequired') }]}>
            <Input maxLength={40} />
          </Form.Item>
          {kind === 'bureau' ? (
            <Form.Item name="divisionCode" label={t('platform.orgs.divisionCode')} extra={t('platform.orgs.divisionHint')}
              rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: t('platform.orgs.divisionInvalid') }]}>
              <Input maxLength={9} inputMode="numeric" />
            </Form.Item>
          ) : (
            <Form.Item name="label" label={t('platform.orgs.label')} extra={t('platform.orgs.labelHint')}
              rules={[{ pattern: /^[a-z0-9_]{1,40}$/, message: t('platform.orgs.labelInvalid') }]}>
              <Input maxLength={40} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Row>
  );
}
