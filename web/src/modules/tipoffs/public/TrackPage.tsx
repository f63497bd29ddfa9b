/**
 * /report/track — the reporter follows a report with its tracking code (no login): the
 * stage, a refusal with where to go instead, the feedback, the public timeline, and a dispute
 * that reopens the report while that is allowed. The code is a bearer secret: it is kept in
 * memory and sent in request bodies, never put in the URL (server logs, history, Referer). It
 * arrives from the receipt page as router state, or from a `#code=` link, whose fragment the
 * browser never sends and which the page removes at once.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { Link, useLocation } from 'react-router';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { tipoffsApi, type TrackView } from '../tipoffs-api.ts';
import { PublicShell } from './PublicShell.tsx';

const fmt = (s: string) => dayjs(s).format('YYYY-MM-DD HH:mm');

export default function TrackPage() {
  return <PublicShell><Track /></PublicShell>;
}

/** The code handed over by the receipt page (router state) or a `#code=` link. */
function initialCode(state: unknown, hash: string): string {
  const fromState = (state as { code?: unknown } | null)?.code;
  if (typeof fromState === 'string') return fromState.trim();
  return new URLSearchParams(hash.replace(/^#/, '')).get('code')?.trim() ?? '';
}

function Track() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const location = useLocation();
  const [code, setCode] = useState(() => initialCode(location.state, window.location.hash));
  const [input, setInput] = useState(code);
  useEffect(() => {
    // Forget the fragment (history) once read; the code stays in memory only.
    if (window.location.hash.includes('code=')) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const [view, setView] = useState<TrackView | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [loading, setLoading] = useState(false);
  const [disputing, setDisputing] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  useEffect(() => {
    if (!code) return;
    let cancelled = false;
    setLoading(true);
    setNotFound(false);
    tipoffsApi.track(code).then((v) => { if (!cancelled) setView(v); }, (e: unknown) => {
      if (cancelled) return;
      setView(null);
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
      else showError(t, e, message);
    }).finally(() => { if (!cancelled) setLoading(false); });
    return () => { cancelled = true; };
  }, [code]); // eslint-disable-line react-hooks/exhaustive-deps

  const dispute = async () => {
    const { reason } = await form.validateFields();
    try {
      setView(await tipoffsApi.dispute(code, reason.trim()));
      setDisputing(false);
      form.resetFields();
      message.success(t('tipoffs.track.disputed'));
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 24 }}>{t('tipoffs.track.title')}</Typography.Title>}
      extra={<Link to="/report">{t('tipoffs.report.title')}</Link>}>
      <Space.Compact style={{ width: '100%', maxWidth: 480, marginBottom: 24 }}>
        <Input value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('tipoffs.track.codePlaceholder')} data-testid="track-code"
          onPressEnter={() => setCode(input.trim())} />
        <Button type="primary" loading={loading} onClick={() => setCode(input.trim())}>{t('tipoffs.track.query')}</Button>
      </Space.Compact>
      {notFound && <Alert type="warning" showIcon title={t('tipoffs.track.notFound')} />}
      {!view && !notFound && !loading && code && <Empty />}
      {view && (
        <>
          {view.mergedInto && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tipoffs.track.mergedInto', { reportNo: view.mergedInto })} />}
          <Descriptions bordered column={1} size="small" data-testid="track-view">
            <Descriptions.Item label={t('tipoffs.report.reportNo')}>{view.reportNo}</Descriptions.Item>
            <Descriptions.Item label={t('tipoffs.track.type')}>{t(`tipoffs.types.${view.violationType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('tipoffs.report.receivedAt')}>{fmt(view.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tipoffs.track.status')}>
              <Tag color={view.status === 'closed' || view.status === 'feedback_given' ? 'green' : view.status === 'refused' ? 'default' : 'blue'}
                data-testid="track-status">{t(`tipoffs.statuses.${view.status}`)}</Tag>
            </Descriptions.Item>
            {view.refusal && (
              <>
                <Descriptions.Item label={t('tipoffs.track.refusalReason')}>{t(`tipoffs.refusals.${view.refusal.reason}`)}{view.refusal.note ? `（${view.refusal.note}）` : ''}</Descriptions.Item>
                <Descriptions.Item label={t('tipoffs.track.redirect')}>{view.refusal.redirect}</Descriptions.Item>
              </>
            )}
            {view.feedback && (
              <>
                <Descriptions.Item label={t('tipoffs.track.outcome')}>{t(`tipoffs.outcomes.${view.feedback.outcome}`)}</Descriptions.Item>
                {view.feedback.caseNo && <Descriptions.Item label={t('tipoffs.track.caseNo')}>{view.feedback.caseNo}</Descriptions.Item>}
                <Descriptions.Item label={t('tipoffs.track.feedback')}><span data-testid="track-feedback">{view.feedback.text}</span></Descriptions.Item>
                <Descriptions.Item label={t('tipoffs.track.givenAt')}>{fmt(view.feedback.givenAt)}</Descriptions.Item>
              </>
            )}
          </Descriptions>
          <Typography.Title level={3} style={{ marginTop: 24, fontSize: 16 }}>{t('tipoffs.track.timeline')}</Typography.Title>
          <Timeline items={view.events.map((e) => ({ content: <><Typography.Text type="secondary">{fmt(e.at)}</Typography.Text> {e.text}</> }))} />
          {view.canDispute && <Button danger onClick={() => setDisputing(true)} data-testid="dispute">{t('tipoffs.track.dispute')}</Button>}
          <Modal open={disputing} title={t('tipoffs.track.disputeTitle')} onCancel={() => setDisputing(false)} onOk={() => void dispute()} destroyOnHidden>
            <Form form={form} layout="vertical" preserve={false}>
              <Form.Item name="reason" label={t('tipoffs.track.disputeReason')} extra={t('tipoffs.track.disputeHint')} rules={[{ required: true, min: 5, max: 2000 }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </Card>
  );
}
