/**
 * 办件查询: progress by case number + ID number without login — status, timeline, due date and
 * how it was computed, the open supplement notice (answered by uploading exactly the listed
 * items; that needs the applicant's login), the documents, and the rating once decided.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Space, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { errorText, showError } from '../../../app/errors.ts';
import { PublicShell } from './PublicShell.tsx';
import { MaterialUpload } from './MaterialUpload.tsx';
import { RatingForm } from './RatingForm.tsx';
import {
  downloadPdf, publicLoginPath, publicMe, rememberTrack, rememberedTrack,
  type CaseView, type SupplementItem, type TrackView, type Uploaded,
} from './journey-api.ts';
import { documentKindName, eventName, STATUS_COLOR, statusName } from './labels.ts';

interface Pair { caseNo: string; idNumber: string }

export default function TrackPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Pair>();
  const [pair, setPair] = useState<Pair | null>(null);
  const [track, setTrack] = useState<TrackView | null>(null);
  /** The full case when the signed-in applicant owns it: the deadline explanation and the version. */
  const [own, setOwn] = useState<CaseView | null>(null);
  const [loggedIn, setLoggedIn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (p: Pair) => {
    setBusy(true);
    setError(null);
    try {
      const tv = await api.post<TrackView>('/api/public/approvals/track', p);
      setTrack(tv);
      setPair(p);
      rememberTrack(p.caseNo, p.idNumber);
      const me = await publicMe().catch(() => null);
      setLoggedIn(!!me);
      setOwn(me ? await api.get<CaseView>(`/api/public/approvals/cases/${encodeURIComponent(p.caseNo)}`).catch(() => null) : null);
    } catch (e) {
      setTrack(null);
      setOwn(null);
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }, [t]);

  useEffect(() => {
    const remembered = rememberedTrack();
    const caseNo = params.get('caseNo') ?? remembered?.caseNo ?? '';
    const idNumber = remembered && remembered.caseNo === caseNo ? remembered.idNumber : '';
    form.setFieldsValue({ caseNo, idNumber });
    if (caseNo && idNumber) void load({ caseNo, idNumber });
  }, [params, form, load]);

  return (
    <PublicShell width={960}>
      <Card title={t('approvals.journey.track.title')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('approvals.journey.track.intro')}</Typography.Paragraph>
        <Form form={form} layout="inline" onFinish={(v) => void load({ caseNo: v.caseNo.trim(), idNumber: v.idNumber.trim() })}>
          <Form.Item name="caseNo" label={t('approvals.journey.track.caseNo')} rules={[{ required: true, min: 6 }]}>
            <Input style={{ width: 230 }} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('approvals.journey.track.idNumber')} rules={[{ required: true, min: 15, max: 18 }]}>
            <Input style={{ width: 220 }} maxLength={18} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy}>{t('approvals.journey.track.query')}</Button>
        </Form>
        {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={error} />}
      </Card>
      {track && pair && (
        <>
          <Card title={track.matterName} style={{ marginBottom: 16 }}
            extra={<Tag color={STATUS_COLOR[track.status]} data-testid="track-status">{statusName(t, track.status)}</Tag>}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('approvals.journey.track.caseNo')}><span data-testid="track-case-no">{track.caseNo}</span></Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.submittedAt')}>{dayjs(track.submittedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.track.acceptedOn')}>{track.acceptedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.track.dueDate')}><span data-testid="track-due">{track.dueDate ?? '—'}</span></Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.receipt.promised')}>
                <span data-testid="track-promised">{t('approvals.journey.guide.workdays', { count: track.promisedDays })}</span>
              </Descriptions.Item>
              {track.decision && (
                <Descriptions.Item label={t('approvals.journey.track.decision')} span={2}>
                  <span data-testid="track-decision">{t(`approvals.journey.decisionsBy.${track.decisionWording}.${track.decision}`, { defaultValue: track.decision })}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
            <div style={{ marginTop: 12 }} data-testid="track-deadline">
              <Typography.Text strong>{t('approvals.journey.track.howComputed')}</Typography.Text>
              {track.deadlineExplanation.length > 0
                ? <ul style={{ margin: '6px 0 0' }} data-testid="track-deadline-steps">{track.deadlineExplanation.map((s) => <li key={s}>{s}</li>)}</ul>
                : <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
                    {track.acceptedOn ? t('approvals.journey.track.computedRule', { acceptedOn: track.acceptedOn }) : t('approvals.journey.track.notStarted')}
                  </Typography.Paragraph>}
            </div>
          </Card>

          {track.supplement && (
            <SupplementAnswer caseNo={track.caseNo} items={track.supplement.items as SupplementItem[]} note={track.supplement.note}
              loggedIn={loggedIn} own={own} onDone={() => void load(pair)} />
          )}

          <Card title={t('approvals.journey.track.documents')} style={{ marginBottom: 16 }}>
            {track.documents.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
              <List size="small" dataSource={track.documents} renderItem={(d) => (
                <List.Item actions={[
                  <Button key="dl" size="small" icon={<DownloadOutlined />} data-testid={`doc-${d.kind}`}
                    onClick={() => void downloadPdf(`/api/public/approvals/track/documents/${d.documentId}`, d.docNo, pair).catch((e) => showError(t, e, message))}>
                    {t('approvals.journey.track.download')}
                  </Button>,
                ]}>
                  <List.Item.Meta title={documentKindName(t, d.kind)} description={`${d.docNo} · ${dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}`} />
                </List.Item>
              )} />
            )}
          </Card>

          {['decided', 'completed', 'refused'].includes(track.status) && <RatingForm caseNo={track.caseNo} idNumber={pair.idNumber} />}

          <Card title={t('approvals.journey.track.timeline')}>
            <Timeline items={track.events.map((e) => ({
              key: `${e.at}-${e.kind}`,
              content: <span>{dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {e.kind === 'stage_started' ? e.text : eventName(t, e.kind, e.text)}</span>,
            }))} />
          </Card>
        </>
      )}
    </PublicShell>
  );
}

/** 补正: exactly the listed items, all at once; the server refuses anything else. */
function SupplementAnswer({ caseNo, items, note, loggedIn, own, onDone }: {
  caseNo: string; items: SupplementItem[]; note: string | null; loggedIn: boolean; own: CaseView | null; onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<Record<string, Uploaded[]>>({});
  const [busy, setBusy] = useState(false);
  const complete = items.every((i) => (files[i.key] ?? []).length > 0);

  const submit = async () => {
    setBusy(true);
    try {
      const materials = Object.fromEntries(items.map((i) => [i.key, (files[i.key] ?? []).map((f) => f.id)]));
      await api.post(`/api/public/approvals/cases/${encodeURIComponent(caseNo)}/supplement`, { materials, ...(own ? { version: own.version } : {}) });
      message.success(t('approvals.journey.supplement.sent'));
      setFiles({});
      onDone();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('approvals.journey.supplement.title')} style={{ marginBottom: 16, borderColor: '#fa8c16' }} data-testid="supplement-card">
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('approvals.journey.supplement.intro', { count: items.length })} description={note ?? undefined} />
      {items.map((i) => (
        <div key={i.key} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
          <div><b>{i.name}</b></div>
          <Typography.Text type="secondary">{t('approvals.journey.supplement.reason')}：{i.reason}</Typography.Text>
          {loggedIn && own && (
            <div style={{ marginTop: 6 }}>
              <MaterialUpload materialKey={i.key} url="/api/public/approvals/uploads" value={files[i.key] ?? []}
                onChange={(list) => setFiles((s) => ({ ...s, [i.key]: list }))} />
            </div>
          )}
        </div>
      ))}
      <Space style={{ marginTop: 12 }}>
        {loggedIn && own
          ? <Button type="primary" disabled={!complete} loading={busy} onClick={() => void submit()}>{t('approvals.journey.supplement.submit')}</Button>
          : loggedIn
            ? <Typography.Text type="secondary">{t('approvals.journey.supplement.notOwner')}</Typography.Text>
            : <Link to={publicLoginPath(`/track?caseNo=${encodeURIComponent(caseNo)}`)}><Button type="primary">{t('approvals.journey.supplement.login')}</Button></Link>}
      </Space>
    </Card>
  );
}
