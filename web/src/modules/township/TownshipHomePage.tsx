/**
 * 乡镇工作台 (township.entry.file): deliberately simple — what is waiting (unread county notices,
 * drafts, questions), the short list of forms, and the latest entries with 上报 for a draft.
 */
import { useState } from 'react';
import { App, Button, Card, Col, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';
import { townshipApi, type Entry } from './township-api.ts';

export default function TownshipHomePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const overview = useLoad(() => townshipApi.overview(), []);
  const entries = useLoad(() => townshipApi.entries({ limit: 20 }), []);
  const o = overview.data;

  const report = async (e: Entry) => {
    setBusy(e.id);
    try {
      await townshipApi.update(e.id, { kind: e.kind, finding: e.finding, place: e.place, description: e.description, observedOn: e.observedOn, lon: e.lon, lat: e.lat, report: true });
      message.success(t('township.home.reported'));
      await Promise.all([overview.reload(), entries.reload()]);
    } catch (err) {
      showError(t, err, message);
    } finally {
      setBusy(null);
    }
  };

  const forms = [
    { to: '/app/township-patrol', title: t('township.home.patrol'), hint: t('township.home.patrolHint') },
    { to: '/app/township-change', title: t('township.home.change'), hint: t('township.home.changeHint') },
    { to: '/app/approvals-walk-in', title: t('township.home.homestead'), hint: t('township.home.homesteadHint') },
    { to: '/field', title: t('township.home.field'), hint: t('township.home.fieldHint'), external: true },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('township.home.title')} loading={!o && overview.loading}>
        {o && <Typography.Paragraph type="secondary">{t('township.home.intro', { name: o.township.name })}</Typography.Paragraph>}
        {o && (
          <Row gutter={[16, 16]} data-testid="township-waiting">
            <Col xs={12} md={6}><Link to="/app/township-notices"><Statistic title={t('township.home.unread')} value={o.unread}
              valueStyle={o.unreadOverdue > 0 ? { color: '#cf1322' } : undefined} suffix={o.unreadOverdue > 0 ? <Tag color="red">{t('township.home.unreadOverdue')} {o.unreadOverdue}</Tag> : null} /></Link></Col>
            <Col xs={12} md={6}><Statistic title={t('township.home.drafts')} value={o.drafts} /></Col>
            <Col xs={12} md={6}><Statistic title={t('township.home.reportedWeek')} value={o.reportedWeek} /></Col>
            <Col xs={12} md={6}><Link to="/app/township-messages"><Statistic title={t('township.home.openQuestions')} value={o.openQuestions} /></Link></Col>
          </Row>
        )}
      </Card>
      <Card title={t('township.home.forms')}>
        <List dataSource={forms} renderItem={(f) => (
          <List.Item>
            <List.Item.Meta title={f.external ? <a href={f.to}>{f.title}</a> : <Link to={f.to}>{f.title}</Link>} description={f.hint} />
          </List.Item>
        )} />
      </Card>
      <Card title={t('township.home.recent')}>
        <Table<Entry> rowKey="id" size="small" loading={entries.loading} dataSource={entries.data ?? []} pagination={false} scroll={{ x: 560 }}
          locale={{ emptyText: t('township.home.none') }}
          columns={[
            { title: t('township.entry.observedOn'), dataIndex: 'observedOn', width: 110 },
            { title: t('township.entry.finding'), dataIndex: 'finding', render: (f: string) => t(`township.findings.${f}`) },
            { title: t('township.entry.place'), dataIndex: 'place' },
            { title: t('township.entry.createdAt'), dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('MM-DD HH:mm') },
            { title: '', dataIndex: 'status', render: (s: 'draft' | 'reported', e) => s === 'draft'
              ? <Button size="small" type="primary" loading={busy === e.id} onClick={() => void report(e)}>{t('township.home.report')}</Button>
              : <Tag color="green">{t(`township.status.${s}`)}</Tag> },
          ]} />
      </Card>
    </Space>
  );
}
