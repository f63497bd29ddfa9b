/**
 * 网上督察 (township.supervision.read): every township land office in the county's or the city's
 * scope — last activity, entries and reports, notices read and published, overdue items,
 * questions answered and how fast — ranked by the yearly assessment score; Excel export.
 */
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { townshipApi, type SupervisionRow } from './township-api.ts';

export default function SupervisionPage() {
  const { t } = useTranslation();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const data = useLoad(() => townshipApi.supervision(year), [year]);
  const rows = data.data?.townships ?? [];
  const weekAgo = dayjs().subtract(7, 'day');
  const active = rows.filter((r) => r.lastActivity && dayjs(r.lastActivity).isAfter(weekAgo)).length;
  const s = (k: string) => t(`township.supervision.${k}`);

  return (
    <Card title={s('title')} extra={<Space wrap>
      <Select aria-label={s('year')} value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
      <Button icon={<DownloadOutlined />} href={`/api/township/supervision.xlsx?year=${year}`}>{s('export')}</Button>
    </Space>}>
      <Typography.Paragraph type="secondary">{s('intro')}</Typography.Paragraph>
      <Typography.Paragraph data-testid="supervision-summary">{t('township.supervision.summary', { n: rows.length, active })}</Typography.Paragraph>
      <Table<SupervisionRow> rowKey="code" size="small" loading={data.loading} dataSource={rows} pagination={{ pageSize: 30, hideOnSinglePage: true }} scroll={{ x: 1100 }}
        columns={[
          { title: s('rank'), dataIndex: 'rank', width: 60 },
          { title: s('township'), dataIndex: 'name', width: 170 },
          { title: s('score'), dataIndex: 'score', width: 80 },
          { title: s('lastActivity'), dataIndex: 'lastActivity', width: 130,
            render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">{s('never')}</Typography.Text>) },
          { title: s('entries'), key: 'entries', render: (_, r) => `${r.entriesWeek} / ${r.entriesMonth}` },
          { title: s('reports'), key: 'reports', render: (_, r) => `${r.reportsWeek} / ${r.reportsMonth} / ${r.reportsYear}` },
          { title: s('notices'), key: 'notices', render: (_, r) => `${r.noticesReadOnTime} / ${r.noticesRead} / ${r.noticesReceived}` },
          { title: s('overdueNotices'), dataIndex: 'noticesOverdue', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
          { title: s('published'), dataIndex: 'noticesPublished' },
          { title: s('questions'), key: 'questions', render: (_, r) => `${r.questionsAnswered} / ${r.questionsAsked}` },
          { title: s('answerDays'), dataIndex: 'answerWorkdaysAvg', render: (n: number | null) => n ?? '—' },
          { title: s('overdueQuestions'), dataIndex: 'questionsOverdue', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
        ]} />
    </Card>
  );
}
