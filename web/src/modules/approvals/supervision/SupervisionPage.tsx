/**
 * 电子监察 (supervisor): the open warnings of the active post's subtree — yellow 预警 and red
 * 红牌, per case and per review stage — and 督办 (urge) with a message to the case's handlers.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Segmented, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { AlertOutlined, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';

export interface Warning {
  id: number;
  caseNo: string;
  matterName: string;
  stageName: string | null;
  level: 'yellow' | 'red';
  dueDate: string;
  dueDateProvisional?: boolean;
  raisedAt: string;
  clearedAt: string | null;
  orgPath: string;
  details: { remainingDays?: number; usedDays?: number; totalDays?: number };
}

type LevelFilter = 'all' | 'yellow' | 'red';

export default function SupervisionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState(true);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [urging, setUrging] = useState<Warning | null>(null);
  const [sending, setSending] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [form] = Form.useForm<{ message: string }>();
  const list = useLoad(() => api.get<Warning[]>('/api/approvals/supervision/warnings', { open, level: level === 'all' ? undefined : level, limit: 500 }), [open, level]);
  const rows = list.data ?? [];
  const red = rows.filter((w) => w.level === 'red' && !w.clearedAt).length;
  const yellow = rows.filter((w) => w.level === 'yellow' && !w.clearedAt).length;

  const scan = async () => {
    setScanning(true);
    try {
      const r = await api.post<{ raised: number; cleared: number; scanned: number }>('/api/approvals/supervision/scan', {});
      message.success(t('approvals.supervision.scanned', { scanned: r.scanned, raised: r.raised, cleared: r.cleared }));
      await list.reload();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setScanning(false);
    }
  };

  const urge = async () => {
    if (!urging) return;
    const { message: text } = await form.validateFields();
    setSending(true);
    try {
      const r = await api.post<{ recipients: number[] }>(`/api/approvals/cases/${encodeURIComponent(urging.caseNo)}/urge`, { message: text, warningId: urging.id });
      message.success(t('approvals.supervision.urged', { count: r.recipients.length }));
      setUrging(null);
      form.resetFields();
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={<Space><AlertOutlined />{t('approvals.supervision.title')}</Space>}
      extra={<Space>
        <Button icon={<ScanOutlined />} loading={scanning} onClick={() => void scan()} data-testid="supervision-scan">{t('approvals.supervision.scan')}</Button>
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>{t('approvals.supervision.reload')}</Button>
      </Space>}>
      <Typography.Paragraph type="secondary">{t('approvals.supervision.intro')}</Typography.Paragraph>
      <Space size="large" style={{ marginBottom: 16 }} wrap>
        <Statistic title={t('approvals.supervision.redCount')} value={red} styles={{ content: { color: '#cf1322' } }} />
        <Statistic title={t('approvals.supervision.yellowCount')} value={yellow} styles={{ content: { color: '#d48806' } }} />
        <Segmented<LevelFilter> value={level} onChange={setLevel} options={[
          { value: 'all', label: t('approvals.supervision.levelAll') },
          { value: 'red', label: t('approvals.supervision.levels.red') },
          { value: 'yellow', label: t('approvals.supervision.levels.yellow') },
        ]} />
        <Space><Switch checked={open} onChange={setOpen} data-testid="supervision-open" aria-label={t('approvals.supervision.openOnly')} />{t('approvals.supervision.openOnly')}</Space>
      </Space>
      {!list.loading && rows.length === 0 && <Alert type="success" showIcon title={t('approvals.supervision.none')} style={{ marginBottom: 16 }} />}
      <Table<Warning>
        rowKey="id" size="small" loading={list.loading} dataSource={rows} scroll={{ x: 1000 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('approvals.supervision.level'), dataIndex: 'level', width: 110,
            render: (v: Warning['level'], w) => <Tag color={v === 'red' ? 'red' : 'gold'}>{t(`approvals.supervision.levels.${v}`)}{w.clearedAt ? ` · ${t('approvals.supervision.cleared')}` : ''}</Tag> },
          { title: t('approvals.supervision.caseNo'), dataIndex: 'caseNo', width: 200, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
          { title: t('approvals.supervision.matter'), dataIndex: 'matterName' },
          { title: t('approvals.supervision.stage'), dataIndex: 'stageName', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('approvals.supervision.wholeCase')}</Typography.Text> },
          { title: t('approvals.supervision.dueDate'), dataIndex: 'dueDate', width: 110, render: (v: string, w: Warning) => `${v}${w.dueDateProvisional ? t('common.provisional') : ''}` },
          { title: t('approvals.supervision.remaining'), key: 'remaining', width: 130, render: (_, w) => {
            const r = w.details.remainingDays;
            if (r === undefined) return '—';
            return r >= 0 ? t('approvals.supervision.daysLeft', { count: r }) : <Typography.Text type="danger">{t('approvals.supervision.daysOver', { count: -r })}</Typography.Text>;
          } },
          { title: t('approvals.supervision.raisedAt'), dataIndex: 'raisedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ...(can('approvals.supervision.urge') ? [{
            title: t('approvals.supervision.actions'), key: 'actions', width: 100, fixed: 'right' as const,
            render: (_: unknown, w: Warning) => <Button size="small" danger={w.level === 'red'} onClick={() => { form.setFieldsValue({ message: t('approvals.supervision.defaultMessage', { caseNo: w.caseNo, dueDate: w.dueDate }) }); setUrging(w); }}
              data-testid={`urge-${w.caseNo}`}>{t('approvals.supervision.urge')}</Button>,
          }] : []),
        ]}
      />
      <Modal open={urging !== null} title={t('approvals.supervision.urgeTitle', { caseNo: urging?.caseNo ?? '' })} okText={t('approvals.supervision.send')}
        confirmLoading={sending} onOk={() => void urge()} onCancel={() => setUrging(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('approvals.supervision.urgeHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="message" label={t('approvals.supervision.message')} rules={[{ required: true, min: 2, max: 500, whitespace: true, message: t('approvals.supervision.messageRule') }]}>
            <Input.TextArea rows={4} maxLength={500} showCount data-testid="urge-message" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
