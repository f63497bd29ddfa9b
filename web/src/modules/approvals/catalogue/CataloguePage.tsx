/**
 * 事项目录管理 (approvals.matter.manage): the matters of the catalogue with their current
 * version; edit one (a new version), see its versions, open or close it for applications.
 */
import { useState } from 'react';
import { App, Button, Card, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import { listMatters, setActive, type MatterView } from './catalogue-api.ts';
import MatterEditor from './MatterEditor.tsx';
import MatterVersions, { flowText } from './MatterVersions.tsx';

export default function CataloguePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const c = (k: string) => t(`approvals.catalogue.${k}`);
  const list = useLoad(listMatters, []);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<MatterView | null>(null);
  const [history, setHistory] = useState<MatterView | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const rows = (list.data ?? []).filter((m) => !q || m.name.includes(q) || m.code.includes(q));

  const toggle = async (m: MatterView, active: boolean) => {
    setToggling(m.code);
    try {
      await setActive(m.code, active);
      await list.reload();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setToggling(null);
    }
  };

  return (
    <Card title={c('title')} extra={<Input.Search allowClear placeholder={c('search')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 240 }} />}>
      <Typography.Paragraph type="secondary">{c('intro')}</Typography.Paragraph>
      <Table<MatterView>
        rowKey="code" size="small" loading={list.loading} dataSource={rows} pagination={false} scroll={{ x: 1100 }}
        columns={[
          { title: c('fields.code'), dataIndex: 'code', width: 150 },
          { title: c('fields.name'), dataIndex: 'name', render: (v: string, m) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{flowText(t, m)}</Typography.Text></Space> },
          { title: c('fields.type'), dataIndex: 'type', width: 90, render: (v: string) => <Tag>{v}</Tag> },
          { title: c('limits'), key: 'limits', width: 150, render: (_, m) => t('approvals.catalogue.limitsText', { promised: m.promisedDays, statutory: m.statutoryDays }) },
          { title: c('version'), dataIndex: 'version', width: 70, align: 'center' },
          { title: c('active'), dataIndex: 'active', width: 90, render: (v: boolean, m) => <Switch size="small" aria-label={`${c('active')} ${m.name}`} checked={v} loading={toggling === m.code} onChange={(a) => void toggle(m, a)} /> },
          { title: c('actions'), key: 'actions', width: 170, fixed: 'right', render: (_, m) => (
            <Space>
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(m)} data-testid={`edit-${m.code}`}>{c('edit')}</Button>
              <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistory(m)} data-testid={`versions-${m.code}`}>{c('versions')}</Button>
            </Space>
          ) },
        ]}
      />
      <MatterEditor matter={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void list.reload(); }} />
      <MatterVersions matter={history} onClose={() => setHistory(null)} />
    </Card>
  );
}
