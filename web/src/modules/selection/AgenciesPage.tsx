/**
 * 中介机构名录 (selection.agency.read; editing needs selection.agency.manage): agencies by service
 * type with their qualification and its validity, status (active / suspended / blacklisted with
 * reason and period), related parties for 回避 and the evaluations after the work (履约评价).
 * Only active agencies with a valid qualification and no tie to the project owner enter a pool.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ShopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { SERVICE_TYPES, selectionApi, type Agency, type AgencyStatus } from './selection-api.ts';

const STATUS_COLOR: Record<AgencyStatus, string> = { active: 'green', suspended: 'orange', blacklisted: 'red' };
type Dialog = { kind: 'edit'; agency: Agency | null } | { kind: 'status'; agency: Agency } | { kind: 'evaluate'; agency: Agency } | null;

interface AgencyForm { code: string; name: string; serviceTypes: string[]; qualification: string; qualificationValidUntil: string; relatedParties: string }

export default function AgenciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('selection.agency.manage');
  const [serviceType, setServiceType] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const agencies = useLoad(() => selectionApi.agencies(serviceType), [serviceType]);
  const evaluations = useLoad(() => (dialog?.kind === 'evaluate' ? selectionApi.evaluations(dialog.agency.id) : Promise.resolve([])), [dialog]);
  const typeOptions = SERVICE_TYPES.map((s) => ({ value: s, label: t(`selection.serviceTypes.${s}`) }));

  const open = (d: Dialog) => setDialog(d);
  const initialValues = dialog?.kind === 'edit' && dialog.agency ? { ...dialog.agency, relatedParties: dialog.agency.relatedParties.join('\n') }
    : dialog?.kind === 'status' ? { status: dialog.agency.status, reason: dialog.agency.statusReason ?? '', until: dialog.agency.statusUntil ?? '' }
    : {};

  const save = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (dialog.kind === 'edit') {
        const f = v as AgencyForm;
        const body = {
          name: f.name, serviceTypes: f.serviceTypes, qualification: f.qualification, qualificationValidUntil: f.qualificationValidUntil,
          relatedParties: (f.relatedParties ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
        };
        if (dialog.agency) await selectionApi.update(dialog.agency.id, body);
        else await selectionApi.register({ ...body, code: f.code });
      } else if (dialog.kind === 'status') {
        await selectionApi.setStatus(dialog.agency.id, { status: v.status, reason: v.status === 'active' ? null : v.reason || null, until: v.status === 'active' ? null : v.until || null });
      } else {
        await selectionApi.evaluate(dialog.agency.id, { drawNo: v.drawNo || null, quality: v.quality, timeliness: v.timeliness, note: v.note || null });
      }
      message.success(t('selection.agencies.saved'));
      setDialog(null);
      await agencies.reload();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };

  const status = Form.useWatch('status', form) as AgencyStatus | undefined;
  const title = dialog?.kind === 'edit' ? t(dialog.agency ? 'selection.agencies.editTitle' : 'selection.agencies.addTitle')
    : dialog?.kind === 'status' ? t('selection.agencies.statusTitle', { name: dialog.agency.name })
    : dialog?.kind === 'evaluate' ? t('selection.agencies.evaluateTitle', { name: dialog.agency.name }) : '';

  return (
    <Card title={<Space><ShopOutlined />{t('selection.agencies.title')}</Space>}
      extra={canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'edit', agency: null })} data-testid="agency-add">{t('selection.agencies.add')}</Button>}>
      <Typography.Paragraph type="secondary">{t('selection.agencies.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 240 }} placeholder={t('selection.agencies.allTypes')} aria-label={t('selection.agencies.serviceTypes')}
          options={typeOptions} value={serviceType} onChange={setServiceType} />
      </Space>
      <Table<Agency>
        rowKey="id" size="small" loading={agencies.loading} dataSource={agencies.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 1100 }}
        locale={{ emptyText: t('selection.agencies.none') }}
        columns={[
          { title: t('selection.agencies.name'), dataIndex: 'name', render: (v: string, a) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.code}</Typography.Text></Space> },
          { title: t('selection.agencies.serviceTypes'), dataIndex: 'serviceTypes', render: (v: string[]) => v.map((s) => <Tag key={s}>{t(`selection.serviceTypes.${s}`)}</Tag>) },
          { title: t('selection.agencies.qualification'), dataIndex: 'qualification', render: (v: string, a) => {
            const lapsed = a.qualificationValidUntil < dayjs().format('YYYY-MM-DD');
            return <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type={lapsed ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>{t(lapsed ? 'selection.agencies.expired' : 'selection.agencies.validUntil', { date: a.qualificationValidUntil })}</Typography.Text></Space>;
          } },
          { title: t('selection.agencies.status'), dataIndex: 'status', width: 200, render: (v: AgencyStatus, a) => (
            <Space direction="vertical" size={0} data-testid={`agency-status-${a.id}`}>
              <Tag color={STATUS_COLOR[v]}>{t(`selection.agencyStatus.${v}`)}</Tag>
              {v !== 'active' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.statusReason}{a.statusUntil ? ` · ${t('selection.agencies.until', { date: a.statusUntil })}` : ''}</Typography.Text>}
            </Space>
          ) },
          { title: t('selection.agencies.relatedParties'), dataIndex: 'relatedParties', render: (v: string[]) => (v.length ? v.join('、') : '—') },
          { title: t('selection.agencies.score'), dataIndex: 'evaluationScore', width: 110, render: (v: string | null, a) => (v === null ? '—' : `${v}（${a.evaluationCount}）`) },
          ...(canManage ? [{ title: t('selection.agencies.actions'), key: 'actions', width: 230, render: (_: unknown, a: Agency) => (
            <Space size={4} wrap>
              <Button size="small" onClick={() => open({ kind: 'edit', agency: a })}>{t('selection.agencies.edit')}</Button>
              <Button size="small" onClick={() => open({ kind: 'status', agency: a })} data-testid={`agency-status-edit-${a.id}`}>{t('selection.agencies.changeStatus')}</Button>
              <Button size="small" onClick={() => open({ kind: 'evaluate', agency: a })}>{t('selection.agencies.evaluate')}</Button>
            </Space>
          ) }] : []),
        ]}
      />
      <Modal open={dialog !== null} title={title} destroyOnHidden onCancel={() => setDialog(null)} onOk={() => void save()} confirmLoading={saving}
        okText={t('selection.agencies.save')} cancelText={t('selection.agencies.cancel')} okButtonProps={{ 'data-testid': 'agency-save' } as Record<`data-${string}`, string>} width={640}>
        <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
          {dialog?.kind === 'edit' && <>
            <Form.Item name="code" label={t('selection.agencies.code')} extra={t('selection.agencies.codeHint')}
              rules={[{ required: true, pattern: /^[0-9A-Z]{18}$/, message: t('selection.agencies.codeRule') }]}>
              <Input maxLength={18} disabled={dialog.agency !== null} />
            </Form.Item>
            <Form.Item name="name" label={t('selection.agencies.name')} rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="serviceTypes" label={t('selection.agencies.serviceTypes')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" options={typeOptions} />
            </Form.Item>
            <Form.Item name="qualification" label={t('selection.agencies.qualification')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="qualificationValidUntil" label={t('selection.agencies.qualificationValidUntil')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
            <Form.Item name="relatedParties" label={t('selection.agencies.relatedParties')} extra={t('selection.agencies.relatedHint')}><Input.TextArea rows={3} /></Form.Item>
          </>}
          {dialog?.kind === 'status' && <>
            <Form.Item name="status" label={t('selection.agencies.status')} rules={[{ required: true }]}>
              <Select options={(['active', 'suspended', 'blacklisted'] as const).map((s) => ({ value: s, label: t(`selection.agencyStatus.${s}`) }))} />
            </Form.Item>
            {status !== 'active' && <>
              <Form.Item name="reason" label={t('selection.agencies.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
              <Form.Item name="until" label={t('selection.agencies.statusUntil')} extra={t('selection.agencies.untilHint')}><Input type="date" /></Form.Item>
            </>}
          </>}
          {dialog?.kind === 'evaluate' && <>
            <Space wrap>
              <Form.Item name="quality" label={t('selection.agencies.quality')} rules={[{ required: true }]} extra={t('selection.agencies.qualityHint')}><InputNumber min={1} max={5} precision={0} /></Form.Item>
              <Form.Item name="timeliness" label={t('selection.agencies.timeliness')} rules={[{ required: true }]}><InputNumber min={1} max={5} precision={0} /></Form.Item>
              <Form.Item name="drawNo" label={t('selection.agencies.drawNo')}><Input maxLength={20} /></Form.Item>
            </Space>
            <Form.Item name="note" label={t('selection.agencies.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
            <Table rowKey="id" size="small" pagination={false} loading={evaluations.loading} dataSource={evaluations.data ?? []}
              locale={{ emptyText: t('selection.agencies.noEvaluations') }}
              columns={[
                { title: t('selection.agencies.evaluatedAt'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
                { title: t('selection.agencies.quality'), dataIndex: 'quality' },
                { title: t('selection.agencies.timeliness'), dataIndex: 'timeliness' },
                { title: t('selection.agencies.drawNo'), dataIndex: 'drawNo', render: (v: string | null) => v ?? '—' },
                { title: t('selection.agencies.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              ]} />
          </>}
        </Form>
      </Modal>
    </Card>
  );
}
