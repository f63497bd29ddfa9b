/**
 * One report in the ledger: the facts, place and files, the stage records, deadlines with
 * their warning colour, the close-out checklist, duplicate proposals (merge or dismiss), the
 * stage actions, the history, and — only for intake staff, on request, audited — the reporters.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, EyeOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { PageSpinner } from '../../../components/PageSpinner.tsx';
import { MapPointPicker } from '../components/MapPointPicker.tsx';
import { WARN_COLOR, fileUrl, tipoffsApi, type ReportView } from '../tipoffs-api.ts';
import { StageActions } from './StageActions.tsx';

const fmt = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');
const day = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD') : '—');

/** `tipoffs.report.verified` / `verified` → `verified`. */
const eventKey = (kind: string) => kind.replace(/^tipoffs\.(report\.|duplicate\.|reporter\.|warning\.)?/, '').replace(/^(dismissed|read|raised)$/, (m) => ({ dismissed: 'duplicate_dismissed', read: 'reporter_read', raised: 'warning_raised' })[m] ?? m);

export function ReportDetail({ id, onChanged }: { id: number; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [report, setReport] = useState<ReportView | null>(null);
  const [revealing, setRevealing] = useState(false);

  const load = async (reveal = false) => {
    try {
      setReport(await tipoffsApi.get(id, reveal));
    } catch (e) {
      showError(t, e, message);
    }
  };
  useEffect(() => {
    setReport(null);
    void load();
  }, [id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!report) return <PageSpinner />;
  const r = report;
  const changed = (next: ReportView) => {
    setReport(next);
    onChanged?.();
  };
  const act = async (fn: () => Promise<ReportView>) => {
    try {
      changed(await fn());
    } catch (e) {
      showError(t, e, message);
    }
  };
  const check = (ok: boolean) => (ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />);
  const stageFile = (stage: string) => t(`tipoffs.detail.stageFiles.${stage}`, { defaultValue: stage });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="report-detail">
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('tipoffs.detail.title', { reportNo: r.reportNo })}</Typography.Title>
        <Tag color="blue" data-testid="report-status">{t(`tipoffs.statuses.${r.status}`)}</Tag>
        {r.stage && <Tag color={WARN_COLOR[r.warnLevel]}>{t(`tipoffs.stages.${r.stage}`)} · {t(`tipoffs.warn.${r.warnLevel}`)}{r.stageDueDate ? ` · ${day(r.stageDueDate)}${r.stageDueDateProvisional ? t('common.provisional') : ''}` : ''}</Tag>}
        {r.reopenCount > 0 && <Tag color="orange">{t('tipoffs.detail.reopenCount', { n: r.reopenCount })}</Tag>}
        {r.placePending && <Tag color="orange" data-testid="place-pending">{t('tipoffs.detail.placePending')}</Tag>}
      </Space>
      <StageActions report={r} onDone={changed} />
      {r.mergedIntoId && <Alert type="info" showIcon title={t('tipoffs.detail.mergedInto')} />}

      <Card size="small" title={t('tipoffs.detail.basics')}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('tipoffs.ledger.type')}>{t(`tipoffs.types.${r.violationType}`)}</Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.ledger.channel')}>{t(`tipoffs.channels.${r.channel}`)}{r.channelRef ? ` · ${r.channelRef}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.ledger.place')} span={2}>{r.divisionName} {r.address}（{r.lon !== null && r.lat !== null ? `${r.lon.toFixed(6)}, ${r.lat.toFixed(6)}` : t('tipoffs.detail.noPoint')}）</Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.ledger.party')}>{r.party}</Descriptions.Item>
          <Descriptions.Item label={t('tipoffs.ledger.receivedAt')}>{fmt(r.receivedAt)}</Descriptions.Item>
          {r.trackingCode && <Descriptions.Item label={t('tipoffs.detail.trackingCode')}>{r.trackingCode}</Descriptions.Item>}
          <Descriptions.Item label={t('tipoffs.detail.facts')} span={2}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.facts}</Typography.Paragraph></Descriptions.Item>
        </Descriptions>
        {r.placePending && <Alert type="warning" showIcon title={t('tipoffs.detail.placePendingHint')} />}
        {r.lon !== null && r.lat !== null && <MapPointPicker value={{ lon: r.lon, lat: r.lat }} center={[r.lon, r.lat]} zoom={13} height={200} readOnly />}
      </Card>

      {r.files.length > 0 && (
        <Card size="small" title={t('tipoffs.detail.files')}>
          <Space direction="vertical" size={2} data-testid="report-files">
            {r.files.map((f) => (
              <span key={`${f.fileId}-${f.stage}`}>
                <Tag>{stageFile(f.stage)}</Tag>
                <a href={fileUrl(r.id, f.fileId)} target="_blank" rel="noreferrer">{f.name}</a>
                <Typography.Text type="secondary"> {fmt(f.createdAt)}</Typography.Text>
              </span>
            ))}
          </Space>
        </Card>
      )}

      {can('tipoffs.reporter.read') && (
        <Card size="small" title={t('tipoffs.detail.reporter')} data-testid="reporter-panel"
          extra={!r.reporters && (
            <Popconfirm title={t('tipoffs.detail.revealHint')} onConfirm={async () => { setRevealing(true); await load(true); setRevealing(false); }}>
              <Button size="small" icon={<EyeOutlined />} loading={revealing}>{t('tipoffs.detail.reveal')}</Button>
            </Popconfirm>
          )}>
          {!r.reporters ? t('tipoffs.detail.reporterCount', { n: r.reporterCount }) : (
            <Table rowKey="id" size="small" pagination={false} dataSource={r.reporters} columns={[
              { title: t('tipoffs.form.name'), render: (_, p) => (p.anonymous ? <Tag>{t('tipoffs.detail.anonymous')}</Tag> : p.name) },
              { title: t('tipoffs.form.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              { title: t('tipoffs.form.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
              { title: t('tipoffs.form.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
              { title: t('tipoffs.ledger.reportNo'), dataIndex: 'reportId', render: (v: number) => (v === r.id ? r.reportNo : r.mergedReports.find((m) => m.id === v)?.reportNo ?? v) },
            ]} />
          )}
        </Card>
      )}

      {r.duplicates.length > 0 && (
        <Card size="small" title={t('tipoffs.detail.duplicateProposals')}>
          <Table rowKey="proposalId" size="small" pagination={false} dataSource={r.duplicates} columns={[
            { title: t('tipoffs.ledger.reportNo'), dataIndex: 'otherReportNo' },
            { title: '', render: (_, d) => t('tipoffs.detail.distance', { m: Math.round(d.distanceM), d: d.days }) },
            { title: t('tipoffs.ledger.status'), dataIndex: 'status' , render: (s: string) => <Tag>{t(`tipoffs.detail.dupStatus.${s}`)}</Tag> },
            {
              title: t('common.actions'), render: (_, d) => d.status === 'open' && can('tipoffs.report.triage') && (
                <Space size={0}>
                  <Popconfirm title={t('tipoffs.detail.mergeConfirm', { reportNo: d.otherReportNo })} onConfirm={() => act(() => tipoffsApi.act(r.id, 'merge', { intoId: d.otherId }))}>
                    <Button type="link" size="small">{t('tipoffs.detail.mergeInto', { reportNo: d.otherReportNo })}</Button>
                  </Popconfirm>
                  <Button type="link" size="small" onClick={() => void act(() => tipoffsApi.dismissDuplicate(r.id, d.proposalId))}>{t('tipoffs.detail.dismiss')}</Button>
                </Space>
              ),
            },
          ]} />
        </Card>
      )}

      <Card size="small" title={t('tipoffs.detail.deadlines')}>
        <Table rowKey="stage" size="small" pagination={false} dataSource={r.deadlines} columns={[
          { title: t('tipoffs.ledger.status'), dataIndex: 'stage', render: (s: string) => t(`tipoffs.stages.${s}`) },
          { title: t('tipoffs.detail.startedOn'), dataIndex: 'startedOn', render: day },
          { title: t('tipoffs.detail.dueDate'), dataIndex: 'dueDate', render: (v: string | null, s: { dueDateProvisional?: boolean }) => `${day(v)}${v && s.dueDateProvisional ? t('common.provisional') : ''}` },
          { title: '', dataIndex: 'limitDays', render: (n: number) => t('tipoffs.detail.limitDays', { n }) },
          { title: t('tipoffs.ledger.warnLevel'), dataIndex: 'level', render: (l: 'green' | 'yellow' | 'red') => <Tag color={WARN_COLOR[l]}>{t(`tipoffs.warn.${l}`)}</Tag> },
        ]} />
        <Space style={{ marginTop: 12 }} wrap data-testid="close-checklist">
          <Typography.Text strong>{t('tipoffs.detail.closeChecklist')}</Typography.Text>
          <span>{check(r.closeChecklist.disposal)} {t('tipoffs.detail.checkDisposal')}</span>
          <span>{check(r.closeChecklist.evidence)} {t('tipoffs.detail.checkEvidence')}</span>
          <span>{check(r.closeChecklist.feedback)} {t('tipoffs.detail.checkFeedback')}</span>
          {r.closeChecklist.signOffOrgPath && <Typography.Text type="secondary">{t('tipoffs.detail.signOff')}: {r.closeChecklist.signOffOrgPath}</Typography.Text>}
        </Space>
      </Card>

      <Card size="small">
        <Descriptions column={1} size="small" bordered>
          {r.triage && <Descriptions.Item label={t('tipoffs.detail.triageResult')}>
            {r.triage.decision === 'accept' ? t('tipoffs.detail.accept') : `${t('tipoffs.detail.refuse')}：${r.triage.reason ? t(`tipoffs.refusals.${r.triage.reason}`) : ''}；${r.triage.redirect ?? ''}`}
            {r.triage.note ? `（${r.triage.note}）` : ''} · {fmt(r.triage.at)}
          </Descriptions.Item>}
          {r.assignment && <Descriptions.Item label={t('tipoffs.detail.assignment')}>
            {t(`tipoffs.assignModes.${r.assignment.mode}`)} → {r.assignment.countyCode}{r.assignment.dueDate ? ` · ${t('tipoffs.detail.dueDateField')} ${day(r.assignment.dueDate)}` : ''}
            {r.assignment.instructions ? `；${r.assignment.instructions}` : ''} · {fmt(r.assignment.at)}
          </Descriptions.Item>}
          {r.verification && <Descriptions.Item label={t('tipoffs.detail.verification')}>
            {day(r.verification.verifiedOn)} · {t('tipoffs.detail.violationFound')}: {r.verification.violationFound ? t('tipoffs.detail.yes') : t('tipoffs.detail.no')} · {r.verification.findings}
          </Descriptions.Item>}
          {r.disposal && <Descriptions.Item label={t('tipoffs.detail.disposal')}>
            <span data-testid="disposal">{t(`tipoffs.outcomes.${r.disposal.outcome}`)}{r.disposal.caseNo ? `（${r.disposal.caseNo}）` : ''} · {r.disposal.summary}</span>
          </Descriptions.Item>}
          {r.feedback && <Descriptions.Item label={t('tipoffs.detail.feedbackGiven')}>
            {r.feedback.text} · {fmt(r.feedback.at)} · {t('tipoffs.detail.recipients', { n: r.feedback.recipients })}
          </Descriptions.Item>}
          {r.closedAt && <Descriptions.Item label={t('tipoffs.detail.closedAt')}>{fmt(r.closedAt)}</Descriptions.Item>}
          {r.mergedReports.length > 0 && <Descriptions.Item label={t('tipoffs.detail.mergedReports')}>{r.mergedReports.map((m) => m.reportNo).join('、')}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={t('tipoffs.detail.history')}>
        <Timeline items={r.events.map((e) => ({
          content: <><Typography.Text type="secondary">{fmt(e.at)}</Typography.Text> {t(`tipoffs.detail.events.${eventKey(e.kind)}`, { defaultValue: e.kind })}{e.actorName ? ` · ${e.actorName}` : ''}</>,
        }))} />
      </Card>
    </Space>
  );
}
