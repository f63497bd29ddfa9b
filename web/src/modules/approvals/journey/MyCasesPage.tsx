/**
 * 我的办件: the signed-in applicant's own cases — status, due date, what is asked of them now
 * (supplement, pick-up, rating) and the documents to download — and the real-name tip-offs the
 * account filed while signed in, with their progress. Not signed in → the public login.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, Card, Empty, List, Space, Tabs, Tag, Typography, theme } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import type { TrackView as TipoffTrack } from '../../tipoffs/tipoffs-api.ts';
import { PublicShell } from './PublicShell.tsx';
import { downloadPdf, publicLoginPath, publicMe } from './journey-api.ts';
import { documentKindName, STATUS_COLOR, statusName } from './labels.ts';

export interface MyCase {
  caseNo: string; matterCode: string; matterName: string; status: string; decision: string | null; submittedAt: string;
  acceptedOn: string | null; dueDate: string | null; delivery: string | null;
  asked: ('supplement' | 'pickup' | 'rate' | 'follow_up')[];
  documents: { documentId: number; kind: string; docNo: string; createdAt: string }[];
}

/** Two or three facts a line, wrapping on a phone; secondary text colour from the theme. */
function Facts({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '4px 16px', color: token.colorTextSecondary }}>{children}</div>;
}

const trackLink = (caseNo: string, hash = '') => `/track?caseNo=${encodeURIComponent(caseNo)}${hash}`;

export default function MyCasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void publicMe().then((m) => {
      if (!m) navigate(publicLoginPath('/my'), { replace: true });
      else setReady(true);
    }, () => navigate(publicLoginPath('/my'), { replace: true }));
  }, [navigate]);
  return (
    <PublicShell width={960}>
      <Card title={<span data-testid="my-title">{t('approvals.journey.my.title')}</span>} loading={!ready}>
        <Typography.Paragraph type="secondary">{t('approvals.journey.my.intro')}</Typography.Paragraph>
        {ready && (
          <Tabs items={[
            { key: 'cases', label: t('approvals.journey.my.cases'), children: <MyCaseList /> },
            { key: 'tipoffs', label: t('approvals.journey.my.tipoffs'), children: <MyTipoffs /> },
          ]} />
        )}
      </Card>
    </PublicShell>
  );
}

function MyCaseList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const data = useLoad(() => api.get<MyCase[]>('/api/public/approvals/my-cases'), []);
  const cases = data.data ?? [];
  if (!data.loading && cases.length === 0) {
    return <Empty description={t('approvals.journey.my.noCases')}><Link to="/services"><Button type="primary">{t('approvals.journey.my.apply')}</Button></Link></Empty>;
  }
  return (
    <List loading={data.loading} dataSource={cases} data-testid="my-cases" renderItem={(c) => (
      <List.Item key={c.caseNo} data-testid={`my-case-${c.caseNo}`} style={{ display: 'block' }}>
        <Space wrap style={{ marginBottom: 6 }}>
          <Typography.Text strong>{c.matterName}</Typography.Text>
          <Tag color={STATUS_COLOR[c.status]} data-testid="my-case-status">{statusName(t, c.status)}</Tag>
        </Space>
        <Facts>
          <span>{t('approvals.journey.my.caseNo')}：<Link to={trackLink(c.caseNo)}>{c.caseNo}</Link></span>
          <span>{t('approvals.journey.my.submittedAt')}：{dayjs(c.submittedAt).format('YYYY-MM-DD HH:mm')}</span>
          <span>{t('approvals.journey.my.dueDate')}：<span data-testid="my-case-due">{c.dueDate ?? '—'}</span></span>
        </Facts>
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('approvals.journey.my.asked')}：</Typography.Text>
          <span data-testid="my-case-asked">
            {c.asked.length === 0 ? <Typography.Text type="secondary">{t('approvals.journey.my.noneAsked')}</Typography.Text> : c.asked.map((a) => (
              <Link key={a} to={a === 'rate' || a === 'follow_up' ? trackLink(c.caseNo, '#rating') : trackLink(c.caseNo)}>
                <Tag color={a === 'supplement' ? 'orange' : a === 'pickup' ? 'green' : 'blue'} style={{ cursor: 'pointer' }}>{t(`approvals.journey.my.askedNames.${a}`)}</Tag>
              </Link>
            ))}
          </span>
        </div>
        {c.documents.length > 0 && (
          <Space wrap size={[8, 4]} style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('approvals.journey.my.documents')}：</Typography.Text>
            {c.documents.map((d) => (
              <Button key={d.documentId} size="small" icon={<DownloadOutlined />} data-testid={`my-doc-${d.kind}`}
                onClick={() => void downloadPdf(`/api/public/approvals/cases/${encodeURIComponent(c.caseNo)}/documents/${d.documentId}/pdf`, d.docNo).catch((e) => showError(t, e, message))}>
                {documentKindName(t, d.kind)}
              </Button>
            ))}
          </Space>
        )}
        <div style={{ marginTop: 8 }}><Link to={trackLink(c.caseNo)}>{t('approvals.journey.my.details')} ›</Link></div>
      </List.Item>
    )} />
  );
}

function MyTipoffs() {
  const { t } = useTranslation();
  const data = useLoad(() => api.get<TipoffTrack[]>('/api/public/tipoffs/mine'), []);
  const list = data.data ?? [];
  if (!data.loading && list.length === 0) return <Empty description={t('approvals.journey.my.noTipoffs')} />;
  return (
    <List loading={data.loading} dataSource={list} data-testid="my-tipoffs" renderItem={(r) => (
      <List.Item key={r.reportNo} data-testid={`my-tipoff-${r.reportNo}`} style={{ display: 'block' }}>
        <Space wrap style={{ marginBottom: 6 }}>
          <Typography.Text strong>{r.violationTypeName}</Typography.Text>
          <Tag color={r.status === 'closed' || r.status === 'feedback_given' ? 'green' : r.status === 'refused' ? 'red' : 'processing'} data-testid="my-tipoff-status">{r.statusName}</Tag>
        </Space>
        <Facts>
          <span>{t('approvals.journey.my.reportNo')}：{r.reportNo}</span>
          <span>{t('approvals.journey.my.receivedAt')}：{dayjs(r.receivedAt).format('YYYY-MM-DD HH:mm')}</span>
          <span>{t('approvals.journey.my.trackingCode')}：<Link to={`/report/track?code=${encodeURIComponent(r.trackingCode)}`}>{r.trackingCode}</Link></span>
        </Facts>
        {r.feedback && <div style={{ marginTop: 6 }}>{t('approvals.journey.my.feedback')}：{r.feedback.outcomeName} — {r.feedback.text}</div>}
        {r.events.length > 0 && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
            {dayjs(r.events[r.events.length - 1]!.at).format('YYYY-MM-DD HH:mm')} · {r.events[r.events.length - 1]!.text}
          </Typography.Text>
        )}
      </List.Item>
    )} />
  );
}
