/**
 * 报表审核: the reports of the units below, by form, period and state. A report opens read
 * only — the level above never edits a unit's values — with its check report and explanations,
 * the history and the diff between submissions; click a cell to comment on it, then accept or
 * return (退回) with the comments.
 */
import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useLoad } from '../../components/useLoad.ts';
import { showError } from '../../app/errors.ts';
import { FormGrid, CheckList } from './FormGrid.tsx';
import { statisticsApi, type CellComment, type ReportRow, type ReportView, type Status } from './statistics-api.ts';

const COLORS: Record<Status, string> = { draft: 'default', submitted: 'blue', returned: 'red', accepted: 'green' };

export default function ReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>('submitted');
  const list = useLoad(() => statisticsApi.reports({ status }), [status]);
  const [view, setView] = useState<ReportView>();
  const [comments, setComments] = useState<CellComment[]>([]);
  const [comment, setComment] = useState('');
  const [diff, setDiff] = useState<{ cell: string; before: number | null; after: number | null }[]>();

  async function open(id: number) {
    try {
      const v = await statisticsApi.report(id);
      setView(v); setComments([]); setComment('');
      setDiff(v.report.revision > 1 ? (await statisticsApi.diff(id, v.report.revision - 1, v.report.revision)).changes : undefined);
    } catch (e) { showError(t, e, message); }
  }
  async function decide(decision: 'accept' | 'return') {
    if (!view) return;
    try {
      await statisticsApi.review(view.report.id, { decision, comment: comment.trim() || null, cellComments: comments.filter((c) => c.comment.trim()) });
      message.success(t(decision === 'accept' ? 'statistics.review.acceptedMsg' : 'statistics.review.returnedMsg'));
      await list.reload();
      await open(view.report.id);
    } catch (e) { showError(t, e, message); }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('statistics.review.title')} extra={
        <Select aria-label={t('statistics.review.status')} style={{ width: 160 }} allowClear value={status} onChange={setStatus}
          options={(['submitted', 'returned', 'accepted', 'draft'] as const).map((s) => ({ value: s, label: t(`statistics.status.${s}`) }))} />
      }>
        <Table<ReportRow> size="small" rowKey="id" loading={list.loading} dataSource={list.data ?? []} pagination={{ pageSize: 20 }}
          onRow={(r) => ({ onClick: () => void open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('statistics.unit'), dataIndex: 'unitName', render: (v: string, r) => <a onClick={(e) => { e.preventDefault(); void open(r.id); }} href={`#report-${r.id}`}>{v}</a> },
            { title: t('statistics.form'), dataIndex: 'formName' },
            { title: t('statistics.period'), dataIndex: 'period' },
            { title: t('statistics.review.status'), dataIndex: 'status', render: (s: Status) => <Tag color={COLORS[s]}>{t(`statistics.status.${s}`)}</Tag> },
            { title: t('statistics.review.revision'), dataIndex: 'revision' },
            { title: t('statistics.review.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '') },
          ]} />
      </Card>
      {view ? (
        <Card title={`${view.report.unitName} · ${view.form.name} · ${view.period.period}`} extra={<Tag color={COLORS[view.report.status]}>{t(`statistics.status.${view.report.status}`)}</Tag>}>
          <Typography.Paragraph type="secondary">{t('statistics.review.readOnly')}</Typography.Paragraph>
          <FormGrid caption={`${view.form.tableNo} ${view.form.name}`} def={view.definition} values={view.values} computed={view.computed} failures={view.checks}
            comments={comments} sources={view.sources} changed={new Set((diff ?? []).map((d) => d.cell))}
            onCellClick={view.report.status === 'submitted' ? (cell) => setComments((cs) => (cs.some((c) => c.cell === cell) ? cs : [...cs, { cell, comment: '' }])) : undefined} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('statistics.checks.title')}</Typography.Title>
          <CheckList failures={view.checks} explanations={view.report.explanations} />
          {diff?.length ? (
            <>
              <Typography.Title level={5}>{t('statistics.review.diff', { from: view.report.revision - 1, to: view.report.revision })}</Typography.Title>
              <Table size="small" rowKey="cell" pagination={false} dataSource={diff} columns={[
                { title: t('statistics.grid.cell'), dataIndex: 'cell' }, { title: t('statistics.review.before'), dataIndex: 'before' }, { title: t('statistics.review.after'), dataIndex: 'after' },
              ]} />
            </>
          ) : null}
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('statistics.review.signedBy', { head: view.report.responsiblePerson ?? '—', stat: view.report.statistician ?? '—' })}</Typography.Paragraph>
          {view.report.status === 'submitted' ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{t('statistics.review.clickCell')}</Typography.Text>
              {comments.map((c, i) => (
                <label key={c.cell} style={{ display: 'block' }}>
                  <code>{c.cell}</code>{' '}
                  <Input style={{ width: '70%' }} aria-label={t('statistics.review.cellComment', { cell: c.cell })} value={c.comment}
                    onChange={(e) => setComments((cs) => cs.map((x, j) => (j === i ? { ...x, comment: e.target.value } : x)))} />
                </label>
              ))}
              <label>{t('statistics.review.comment')}<Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} /></label>
              <Space>
                <Button type="primary" onClick={() => void decide('accept')}>{t('statistics.review.accept')}</Button>
                <Button danger onClick={() => void decide('return')}>{t('statistics.review.return')}</Button>
              </Space>
            </Space>
          ) : null}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('statistics.review.history')}</Typography.Title>
          <ul>
            {view.events.map((e, i) => (
              <li key={i}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')} {t(`statistics.events.${e.kind}`)} #{e.revision} {e.actorName ?? ''} {e.comment ?? ''}
                {e.cellComments.length ? ` — ${e.cellComments.map((c) => `${c.cell}: ${c.comment}`).join('; ')}` : ''}</li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Space>
  );
}
