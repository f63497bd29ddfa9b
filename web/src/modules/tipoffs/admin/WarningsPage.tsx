/**
 * 线索预警 (tipoffs.report.read): the yellow and red warnings of the ledger stages in the active
 * post's scope, per report and stage, open ones by default; each links to the report in the
 * ledger (`/app/tipoffs?id=`). Posts that may triage or manage the settings can run the deadline
 * scan now (it also runs every 15 minutes).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Segmented, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { AlertOutlined, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { tipoffsApi, type WarningView } from '../tipoffs-api.ts';

type LevelFilter = 'all' | 'yellow' | 'red';

export default function WarningsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState(true);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [scanning, setScanning] = useState(false);
  const list = useLoad(() => tipoffsApi.warnings({ open: String(open), level: level === 'all' ? undefined : level, limit: 500 }), [open, level]);
  const rows = list.data?.items ?? [];
  const red = rows.filter((w) => w.level === 'red' && !w.clearedAt).length;
  const yellow = rows.filter((w) => w.level === 'yellow' && !w.clearedAt).length;
  const today = dayjs().startOf('day');

  const scan = async () => {
    setScanning(true);
    try {
      const r = await tipoffsApi.scanWarnings();
      message.success(t('tipoffs.warnings.scanned', { scanned: r.scanned, raised: r.raised, cleared: r.cleared }));
      await list.reload();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setScanning(false);
    }
  };

  return (
    <Card title={<Space><AlertOutlined />{t('tipoffs.warnings.title')}</Space>}
      extra={<Space>
        {(can('tipoffs.report.triage') || can('tipoffs.settings.manage')) &&
          <Button icon={<ScanOutlined />} loading={scanning} onClick={() => void scan()} data-testid="warnings-scan">{t('tipoffs.warnings.scan')}</Button>}
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>{t('tipoffs.warnings.reload')}</Button>
      </Space>}>
      <Typography.Paragraph type="secondary">{t('tipoffs.warnings.intro')}</Typography.Paragraph>
      <Space size="large" style={{ marginBottom: 16 }} wrap>
        <Statistic title={t('tipoffs.warnings.redCount')} value={red} styles={{ content: { color: '#cf1322' } }} />
        <Statistic title={t('tipoffs.warnings.yellowCount')} value={yellow} styles={{ content: { color: '#d48806' } }} />
        <Segmented<LevelFilter> value={level} onChange={setLevel} options={[
          { value: 'all', label: t('tipoffs.warnings.levelAll') },
          { value: 'red', label: t('tipoffs.warn.red') },
          { value: 'yellow', label: t('tipoffs.warn.yellow') },
        ]} />
        <Space><Switch checked={open} onChange={setOpen} data-testid="warnings-open" aria-label={t('tipoffs.warnings.openOnly')} />{t('tipoffs.warnings.openOnly')}</Space>
      </Space>
      {!list.loading && rows.length === 0 && <Alert type="success" showIcon title={t('tipoffs.warnings.none')} style={{ marginBottom: 16 }} />}
      <Table<WarningView>
        rowKey="id" size="small" loading={list.loading} dataSource={rows} scroll={{ x: 900 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('tipoffs.warnings.level'), dataIndex: 'level', width: 150,
            render: (v: WarningView['level'], w) => <Tag color={v === 'red' ? 'red' : 'gold'}>{t(`tipoffs.warn.${v}`)}{w.clearedAt ? ` · ${t('tipoffs.warnings.cleared')}` : ''}</Tag> },
          { title: t('tipoffs.warnings.reportNo'), dataIndex: 'reportNo', width: 200,
            render: (v: string, w) => <Link to={`/app/tipoffs?id=${w.reportId}`} data-testid={`warning-link-${w.reportId}`}>{v}</Link> },
          { title: t('tipoffs.warnings.stage'), dataIndex: 'stage', width: 100, render: (v: WarningView['stage']) => t(`tipoffs.stages.${v}`) },
          { title: t('tipoffs.warnings.dueDate'), dataIndex: 'dueDate', width: 110 },
          { title: t('tipoffs.warnings.overdue'), key: 'overdue', width: 130, render: (_, w) => {
            const days = today.diff(dayjs(w.dueDate), 'day');
            return days > 0 ? <Typography.Text type="danger">{t('tipoffs.warnings.daysOver', { count: days })}</Typography.Text> : t('tipoffs.warnings.dueSoon');
          } },
          { title: t('tipoffs.warnings.raisedAt'), dataIndex: 'raisedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('tipoffs.warnings.clearedAt'), dataIndex: 'clearedAt', width: 150, render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—') },
        ]}
      />
    </Card>
  );
}
