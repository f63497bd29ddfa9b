/**
 * 办件详情: the form and the scanned materials side by side (preview from the case's files),
 * stages and opinions, the deadline and how it was computed, documents, clock stops,
 * extensions and the timeline; the actions the post may take are in CaseActions.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, FileOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { downloadPdf, matter as loadMatter, type CaseView, type FormFieldDef, type MaterialDef, type MatterView } from '../journey/journey-api.ts';
import { departmentName, documentKindName, eventName, STATUS_COLOR, statusName } from '../journey/labels.ts';
import { CaseActions } from './CaseActions.tsx';
import { MaterialPreview } from './MaterialPreview.tsx';
import { LIGHT_COLOR } from './CaseList.tsx';

export function CaseDetail({ caseNo, onBack }: { caseNo: string; onBack(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [reveal, setReveal] = useState(false);
  const data = useLoad(() => api.get<CaseView>(`/api/approvals/cases/${encodeURIComponent(caseNo)}`, { reveal: reveal ? 'idNumber' : undefined }), [caseNo, reveal]);
  const [view, setView] = useState<CaseView | null>(null);
  const [matter, setMatter] = useState<MatterView | null>(null);
  const [preview, setPreview] = useState<{ fileId: string; name: string } | null>(null);
  useEffect(() => { if (data.data) setView(data.data); }, [data.data]);
  useEffect(() => {
    if (view?.matterCode) void loadMatter(view.matterCode).then(setMatter, () => setMatter(null));
  }, [view?.matterCode]);

  const c = view;
  if (!c) return <Card loading />;
  const base = `/api/approvals/cases/${encodeURIComponent(c.caseNo)}`;
  const fields = (matter?.form ?? []) as FormFieldDef[];
  // The e-form keys may come back camel-cased (area_ha → areaHa): match either spelling.
  const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_m, x: string) => x.toUpperCase());
  const label = (k: string) => fields.find((f) => f.key === k || camel(f.key) === k)?.label ?? k;
  const defs = (matter?.materials ?? []) as MaterialDef[];
  const firstFile = c.materials.flatMap((m) => m.files.map((f) => ({ fileId: f.fileId, name: m.name })))[0] ?? null;
  const shown = preview ?? firstFile;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="case-detail">
      <Card>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack}>{t('approvals.cases.detail.back')}</Button>
            <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}><span data-testid="case-no">{c.caseNo}</span> · {c.matterName}</Typography.Title>
            <Tag color={STATUS_COLOR[c.status]} data-testid="case-status">{statusName(t, c.status)}</Tag>
            {c.decision && <Tag color={c.decision === 'granted' ? 'green' : 'red'}>{t(`approvals.journey.decisionsBy.${c.decisionWording}.${c.decision}`)}</Tag>}
            {c.pausedSince && <Tag color="orange">{t('approvals.cases.detail.paused', { since: c.pausedSince })}</Tag>}
          </Space>
          <Typography.Text type="secondary">{t('approvals.cases.detail.version', { version: c.version, matterVersion: c.matterVersion })}</Typography.Text>
        </Space>
      </Card>

      <CaseActions c={c} matter={matter} onChanged={(v) => setView(v)} reload={() => void data.reload()} />

      <Row gutter={16}>
        <Col xs={24} xl={11}>
          <Card size="small" title={t('approvals.cases.detail.application')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('approvals.journey.apply.applicantName')}>{c.applicant.name}{c.applicant.contactName ? `（${c.applicant.contactName}）` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.apply.idNumber')}>
                <Space>
                  <span data-testid="case-id-number">{c.applicant.idNumber}</span>
                  {!reveal && can('approvals.applicant_id.read') && <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setReveal(true)}>{t('approvals.cases.detail.reveal')}</Button>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.apply.phone')}>{c.applicant.phone}</Descriptions.Item>
              {Object.entries(c.formData).map(([k, v]) => (
                <Descriptions.Item key={k} label={label(k)}>{v === null || v === undefined ? '—' : String(v)}</Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card size="small" title={t('approvals.cases.detail.materials')}>
            <List size="small" dataSource={c.materials} renderItem={(m) => {
              const def = defs.find((d) => d.key === m.key);
              return (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <div>
                      {m.required ? <Tag color="red">{t('approvals.journey.guide.requiredYes')}</Tag> : <Tag>{t('approvals.journey.guide.requiredNo')}</Tag>}
                      {m.name}
                      {def && <Typography.Text type="secondary"> · {def.kind === 'eform' ? t('approvals.journey.guide.eform') : t(`approvals.journey.guide.forms.${def.form}`)} · {t('approvals.journey.apply.pages', { count: def.pages })}</Typography.Text>}
                    </div>
                    <Space wrap size={4}>
                      {m.files.length === 0 && def?.kind !== 'eform' && <Typography.Text type="danger">{t('approvals.cases.detail.noFile')}</Typography.Text>}
                      {m.files.map((f, i) => (
                        <Button key={f.fileId} size="small" type={shown?.fileId === f.fileId ? 'primary' : 'default'} icon={<FileOutlined />}
                          onClick={() => setPreview({ fileId: f.fileId, name: m.name })}>
                          {f.round === 0 ? t('approvals.cases.detail.fileFirst', { n: i + 1 }) : t('approvals.cases.detail.file', { n: i + 1, round: f.round })}
                        </Button>
                      ))}
                    </Space>
                  </div>
                </List.Item>
              );
            }} />
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card size="small" title={shown ? t('approvals.cases.detail.previewOf', { name: shown.name }) : t('approvals.cases.detail.preview')}
            extra={shown && <a href={`${base}/materials/${shown.fileId}`} target="_blank" rel="noreferrer">{t('approvals.cases.detail.openNew')}</a>}>
            {shown
              ? <MaterialPreview url={`${base}/materials/${shown.fileId}`} title={shown.name} />
              : <Empty description={t('approvals.cases.detail.noPreview')} />}
          </Card>
        </Col>
      </Row>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('approvals.cases.detail.deadline')} style={{ marginBottom: 16 }} data-testid="case-deadline">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('approvals.cases.detail.receivedOn')}>{c.receivedOn}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.track.acceptedOn')}>{c.acceptedOn ?? '—'}{c.deemedAccepted ? ` (${t('approvals.cases.detail.deemed')})` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.promisedDays')}>{t('approvals.journey.guide.workdays', { count: c.promisedDays })}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.statutoryDays')}>{t('approvals.journey.guide.workdays', { count: c.statutoryDays })}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.track.dueDate')}>
                {c.dueDate ? <Tag color={LIGHT_COLOR[c.deadline?.level ?? c.warnLevel] ?? 'default'} title={c.dueDateProvisional ? t('common.provisionalHint') : undefined} data-testid="case-due">{c.dueDate}{c.dueDateProvisional ? t('common.provisional') : ''}</Tag> : '—'}
              </Descriptions.Item>
              {c.deadline && <Descriptions.Item label={t('approvals.cases.detail.usedDays')}>{t('approvals.cases.detail.usedOf', { used: c.deadline.usedDays, total: c.deadline.totalDays, remaining: c.deadline.remainingDays })}</Descriptions.Item>}
              {c.acceptSeconds !== null && (
                <Descriptions.Item label={t('approvals.cases.detail.acceptTime')}>
                  <span data-testid="accept-time">{t('approvals.cases.detail.minutesSeconds', { m: Math.floor(c.acceptSeconds / 60), s: c.acceptSeconds % 60 })}</span>
                  {c.acceptOverStandard !== null && <Tag style={{ marginLeft: 8 }} color={c.acceptOverStandard ? 'red' : 'green'}>{c.acceptOverStandard ? t('approvals.cases.detail.overStandard') : t('approvals.cases.detail.withinStandard')}</Tag>}
                </Descriptions.Item>
              )}
              {c.workdaysUsed !== null && <Descriptions.Item label={t('approvals.cases.detail.workdaysUsed')}>{t('approvals.journey.guide.workdays', { count: c.workdaysUsed })}</Descriptions.Item>}
            </Descriptions>
            {c.deadlineExplanation.length > 0 && (
              <>
                <Typography.Text strong>{t('approvals.journey.track.howComputed')}</Typography.Text>
                <ol style={{ margin: '6px 0 0', paddingLeft: 20 }}>{c.deadlineExplanation.map((s) => <li key={s}>{s}</li>)}</ol>
              </>
            )}
          </Card>
          <Card size="small" title={t('approvals.cases.detail.documents')} style={{ marginBottom: 16 }}>
            <List size="small" dataSource={c.documents} locale={{ emptyText: t('common.none') }} renderItem={(d) => (
              <List.Item actions={[
                <Button key="dl" size="small" icon={<DownloadOutlined />}
                  onClick={() => void downloadPdf(`${base}/documents/${d.documentId}/pdf`, d.docNo).catch((e) => showError(t, e, message))}>PDF</Button>,
              ]}>
                <List.Item.Meta title={documentKindName(t, d.kind)} description={`${d.docNo} · ${dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}`} />
              </List.Item>
            )} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('approvals.cases.detail.stages')} style={{ marginBottom: 16 }} data-testid="case-stages">
            {c.stages.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : c.stages.map((s) => (
              <div key={s.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Space wrap>
                  <b>{s.idx + 1}. {s.name}</b>
                  <Tag color={s.status === 'passed' ? 'green' : s.status === 'failed' ? 'red' : s.status === 'active' ? 'processing' : 'default'}>
                    {t(`approvals.cases.stageStatus.${s.status}`, { defaultValue: s.status })}
                  </Tag>
                  {s.kind === 'parallel' && <Tag>{t(`approvals.cases.rules.${s.rule}`, { defaultValue: s.rule })}</Tag>}
                  {s.pausesClock && <Tag color="orange">{t('approvals.journey.guide.pausesClock')}</Tag>}
                  <Typography.Text type="secondary">{t('approvals.journey.guide.workdays', { count: s.limitDays })}{s.dueDate ? ` · ${t('approvals.cases.detail.stageDue', { date: s.dueDate })}${s.dueDateProvisional ? t('common.provisional') : ''}` : ''}</Typography.Text>
                  {s.dueDate && s.status === 'active' && <Tag color={LIGHT_COLOR[s.warnLevel] ?? 'default'}>{t(`approvals.cases.lights.${s.warnLevel}`, { defaultValue: s.warnLevel })}</Tag>}
                </Space>
                <div style={{ marginTop: 4 }}>
                  {s.departments.map((d) => {
                    const o = s.opinions.find((x) => x.department === d);
                    return (
                      <div key={d} style={{ paddingLeft: 12 }}>
                        {departmentName(t, d)}：
                        {o ? <><Tag color={o.verdict === 'agree' ? 'green' : 'red'}>{t(`approvals.cases.verdicts.${o.verdict}`)}</Tag>{o.comment} <Typography.Text type="secondary">{dayjs(o.createdAt).format('MM-DD HH:mm')}</Typography.Text></>
                          : <Typography.Text type="secondary">{t('approvals.cases.detail.noOpinion')}</Typography.Text>}
                      </div>
                    );
                  })}
                </div>
              </div>
            ))}
          </Card>
          {(c.clockStops.length > 0 || c.extensions.length > 0) && (
            <Card size="small" title={t('approvals.cases.detail.stopsAndExtensions')} style={{ marginBottom: 16 }}>
              {c.clockStops.length > 0 && (
                <Table size="small" rowKey="id" pagination={false} dataSource={c.clockStops} style={{ marginBottom: 12 }} columns={[
                  { title: t('approvals.cases.detail.stopKind'), dataIndex: 'kind', render: (v: string) => t(`approvals.cases.pauseKinds.${v}`, { defaultValue: v }) },
                  { title: t('approvals.cases.detail.reason'), dataIndex: 'reason' },
                  { title: t('approvals.cases.detail.from'), dataIndex: 'startedOn', width: 110 },
                  { title: t('approvals.cases.detail.to'), dataIndex: 'endedOn', width: 110, render: (v: string | null) => v ?? t('approvals.cases.detail.ongoing') },
                  { title: t('approvals.cases.detail.workdays'), dataIndex: 'workdays', width: 80, render: (v: number | null) => v ?? '—' },
                ]} />
              )}
              {c.extensions.length > 0 && (
                <Table size="small" rowKey="id" pagination={false} dataSource={c.extensions} columns={[
                  { title: t('approvals.cases.detail.extensionDays'), dataIndex: 'days', width: 90 },
                  { title: t('approvals.cases.detail.reason'), dataIndex: 'reason' },
                  { title: t('approvals.cases.list.status'), dataIndex: 'status', width: 100, render: (v: string) => t(`approvals.cases.extensionStatus.${v}`, { defaultValue: v }) },
                  { title: t('approvals.cases.detail.requestedAt'), dataIndex: 'requestedAt', width: 140, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
                ]} />
              )}
            </Card>
          )}
          <Card size="small" title={t('approvals.journey.track.timeline')}>
            <Timeline items={c.events.map((e, i) => ({
              key: i,
              content: <span>{dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {eventName(t, e.kind)}{e.actorName ? ` · ${e.actorName}` : ''}</span>,
            }))} />
          </Card>
        </Col>
      </Row>
      {(c.refusalReason || c.decisionReason) && (
        <Card size="small" title={t('approvals.cases.detail.reasons')}>
          {c.refusalReason && <p>{t('approvals.cases.detail.refusalReason')}：{c.refusalReason}</p>}
          {c.decisionReason && <p>{t('approvals.cases.detail.decisionReason')}：{c.decisionReason}</p>}
        </Card>
      )}
    </Space>
  );
}
