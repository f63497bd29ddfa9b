/**
 * /report — the public 12336 form. A proof-of-work challenge is fetched and solved in a Web
 * Worker while the citizen fills in the form; the submit carries one Idempotency-Key per filled
 * form, so a double click or a retry after a lost answer files one report. Ends on the receipt
 * with the tracking code.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Space, Typography } from 'antd';
import { CheckCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { PublicShell } from './PublicShell.tsx';
import { PageSpinner } from '../../../components/PageSpinner.tsx';
import { MatterFields, ReporterFields, cleanReporter } from '../components/ReportFields.tsx';
import { solveInBackground } from '../pow/solve-in-background.ts';
import { newIdempotencyKey, submitPublicReport, tipoffsApi, type PublicReportInput, type Receipt } from '../tipoffs-api.ts';

const ReportReceipt = lazy(() => import('./ReportReceipt.tsx'));

interface Solved { challenge: string; nonce: string; expiresAt: number }

/** Fetches a challenge and solves it; `get()` waits for the current one, or a fresh one when it has (nearly) expired. */
function usePow() {
  const job = useRef<{ promise: Promise<Solved>; abort: AbortController } | null>(null);
  const [state, setState] = useState<'solving' | 'ready' | 'failed'>('solving');

  const start = useCallback(() => {
    job.current?.abort.abort();
    const abort = new AbortController();
    setState('solving');
    const promise = (async () => {
      const c = await tipoffsApi.challenge();
      const nonce = await solveInBackground(c.challenge, c.difficulty, abort.signal);
      return { challenge: c.challenge, nonce, expiresAt: Date.parse(c.expiresAt) };
    })();
    promise.then(() => { if (!abort.signal.aborted) setState('ready'); }, () => { if (!abort.signal.aborted) setState('failed'); });
    job.current = { promise, abort };
    return promise;
  }, []);

  useEffect(() => {
    void start().catch(() => undefined);
    return () => job.current?.abort.abort();
  }, [start]);

  const get = useCallback(async (): Promise<Solved> => {
    const current = job.current;
    if (current) {
      const solved = await current.promise.catch(() => null);
      if (solved && solved.expiresAt - Date.now() > 30_000) return solved;
    }
    return start();
  }, [start]);

  return { state, get, renew: start };
}

export default function ReportPage() {
  return <PublicShell><ReportForm /></PublicShell>;
}

function ReportForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const pow = usePow();
  const idempotencyKey = useRef(newIdempotencyKey());
  const [submitting, setSubmitting] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  const submit = async (values: Record<string, unknown>) => {
    if (submitting) return;
    setSubmitting(true);
    try {
      const solved = await pow.get();
      const place = values.place as PublicReportInput['place'];
      const body: PublicReportInput = {
        violationType: values.violationType as PublicReportInput['violationType'],
        place: { divisionCode: place.divisionCode, address: place.address.trim(), point: place.point },
        party: String(values.party).trim(),
        facts: String(values.facts).trim(),
        files: (values.files as string[] | undefined) ?? [],
        reporter: cleanReporter(values.reporter as Record<string, unknown>),
        pow: { challenge: solved.challenge, nonce: solved.nonce },
      };
      setReceipt(await submitPublicReport(body, idempotencyKey.current));
      window.scrollTo(0, 0);
    } catch (e) {
      // A used or expired challenge cannot be retried: solve a fresh one for the next click.
      if (e instanceof ApiError && e.code.startsWith('tipoffs.pow_')) void pow.renew().catch(() => undefined);
      showError(t, e, message, form);
    } finally {
      setSubmitting(false);
    }
  };

  if (receipt) {
    return (
      <Suspense fallback={<PageSpinner />}>
        <ReportReceipt receipt={receipt} onAnother={() => {
          idempotencyKey.current = newIdempotencyKey();
          form.resetFields();
          setReceipt(null);
          void pow.renew().catch(() => undefined);
        }} />
      </Suspense>
    );
  }

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 24 }}>{t('tipoffs.report.title')}</Typography.Title>}
      extra={<Link to="/report/track">{t('tipoffs.report.trackLink')}</Link>}>
      <Typography.Paragraph>{t('tipoffs.report.intro')}</Typography.Paragraph>
      <Alert type="info" showIcon style={{ marginBottom: 24 }} title={t('tipoffs.report.notAccepted')} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} scrollToFirstError>
        <MatterFields uploadEndpoint="/api/public/tipoffs/uploads" />
        <ReporterFields />
        <Space align="center" wrap>
          <Button type="primary" htmlType="submit" size="large" loading={submitting} data-testid="submit-report">
            {submitting ? t('tipoffs.report.submitting') : t('tipoffs.report.submit')}
          </Button>
          <span data-testid="pow-state" data-state={pow.state} style={{ color: pow.state === 'failed' ? '#cf1322' : '#595959' }}>
            {pow.state === 'solving' && <><LoadingOutlined /> {t('tipoffs.report.powSolving')}</>}
            {pow.state === 'ready' && <><CheckCircleOutlined style={{ color: '#389e0d' }} /> {t('tipoffs.report.powReady')}</>}
            {pow.state === 'failed' && t('tipoffs.report.powFailed')}
          </span>
        </Space>
      </Form>
    </Card>
  );
}
