/**
 * 报表填报: the unit picks a form and period, fills the grid (auto-saved cell by cell), sees
 * the checks on the cells and in the check report, explains soft failures, signs and submits;
 * or downloads the Excel template and uploads it filled (dry run first, then import).
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { showError } from '../../app/errors.ts';
import { FormGrid, CheckList } from './FormGrid.tsx';
import { currentPeriod, statisticsApi, type ExcelResult, type ReportView } from './statistics-api.ts';

export default function FillPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const en = i18n.language === 'en-US';
  const my = useLoad(() => statisticsApi.my(), []);
  const [form, setForm] = useState<string>();
  const [period, setPeriod] = useState('');
  const [view, setView] = useState<ReportView>();
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [explanations, setExplanations] = useState<Record<string, string>>({});
  const [sign, setSign] = useState({ responsiblePerson: '', statistician: '', phone: '' });
  const [excel, setExcel] = useState<{ file: File; result: ExcelResult }>();
  const queue = useRef<Record<string, number | string | null>>({});
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const first = my.data?.[0];
    if (first && !form) { setForm(first.code); setPeriod(currentPeriod(first.periodType)); }
  }, [my.data, form]);

  async function open(f = form, p = period) {
    if (!f || !p) return;
    try {
      const v = await statisticsApi.open(f, p);
      setView(v);
      setExplanations(v.report.explanations ?? {});
      setSign({ responsiblePerson: v.report.responsiblePerson ?? '', statistician: v.report.statistician ?? '', phone: v.report.phone ?? '' });
      setExcel(undefined);
    } catch (e) { setView(undefined); showError(t, e, message); }
  }
  useEffect(() => { if (form && period) void open(form, period); }, [form]); // eslint-disable-line react-hooks/exhaustive-deps

  async function flush() {
    if (!view) return;
    const batch = queue.current;
    queue.current = {};
    if (!Object.keys(batch).length) return;
    setSaving('saving');
    try {
      await statisticsApi.save(view.form.code, view.period.period, batch as Record<string, number | null>);
      const v = await statisticsApi.open(view.form.code, view.period.period);
      setView(v);
      setSaving('saved');
    } catch (e) { setSaving('idle'); showError(t, e, message); }
  }
  function commit(cell: string, raw: string) {
    const s = raw.trim().replace(/,/g, '');
    queue.current[cell] = s === '' ? null : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 300);
  }

  async function submit() {
    if (!view) return;
    clearTimeout(timer.current);
    await flush();
    try {
      await statisticsApi.submit(view.form.code, view.period.period, { explanations, responsiblePerson: sign.responsiblePerson, statistician: sign.statistician, phone: sign.phone || null, expectedRevision: view.report.revision });
      message.success(t('statistics.fill.submitted'));
      await open(view.form.code, view.period.period);
    } catch (e) { showError(t, e, message); }
  }

  async function upload(file: File, dryRun: boolean) {
    if (!view) return;
    try {
      const result = await statisticsApi.excel(view.form.code, view.period.period, file, dryRun);
      setExcel({ file, result });
      if (!dryRun && result.ok) { message.success(t('statistics.excel.imported', { count: result.values })); setExcel(undefined); await open(view.form.code, view.period.period); }
    } catch (e) { showError(t, e, message); }
  }

  const editable = !!view && view.report.windowOpen && (view.report.status === 'draft' || view.report.status === 'returned');
  const lastReturn = view ? [...view.events].reverse().find((e) => e.kind === 'returned') : undefined;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('statistics.fill.title')}>
        <Space wrap>
          <label htmlFor="stat-form">{t('statistics.form')}</label>
          <Select id="stat-form" style={{ minWidth: 260 }} value={form} onChange={(v) => { setForm(v); const f = my.data?.find((x) => x.code === v); if (f) setPeriod(currentPeriod(f.periodType)); }}
            options={(my.data ?? []).map((f) => ({ value: f.code, label: `${f.tableNo} ${en && f.nameEn ? f.nameEn : f.name}` }))} />
          <label htmlFor="stat-period">{t('statistics.period')}</label>
          <Input id="stat-period" style={{ width: 120 }} value={period} onChange={(e) => setPeriod(e.target.value.trim())} onPressEnter={() => void open()} placeholder="202611" />
          <Button type="primary" onClick={() => void open()}>{t('statistics.fill.open')}</Button>
        </Space>
      </Card>
      {view ? (
        <Card
          title={`${en && view.form.nameEn ? view.form.nameEn : view.form.name} · ${view.period.period}`}
          extra={<Space>
            <Tag color={view.report.status === 'accepted' ? 'green' : view.report.status === 'returned' ? 'red' : view.report.status === 'submitted' ? 'blue' : 'default'}>{t(`statistics.status.${view.report.status}`)}</Tag>
            <span role="status" aria-live="polite">{saving === 'saving' ? t('statistics.fill.saving') : saving === 'saved' ? t('statistics.fill.saved') : ''}</span>
          </Space>}
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
            { key: 'no', label: t('statistics.tableNo'), children: view.form.tableNo },
            { key: 'auth', label: t('statistics.authority'), children: view.form.authority },
            { key: 'appr', label: t('statistics.approvalNo'), children: view.form.approvalNo ?? '' },
            { key: 'valid', label: t('statistics.validUntil'), children: view.form.validUntil ?? '' },
            { key: 'unit', label: t('statistics.unit'), children: view.report.unitName },
            { key: 'due', label: t('statistics.window'), children: `${view.period.opensOn} – ${view.period.dueOn}${view.report.reopenedUntil ? ` (${t('statistics.reopenedUntil', { date: view.report.reopenedUntil })})` : ''}` },
          ]} />
          {view.form.simplified ? <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{view.form.simplified}</Typography.Paragraph> : null}
          {!view.report.windowOpen && view.report.status !== 'accepted' && view.report.status !== 'submitted' ? <Alert type="warning" showIcon message={t('statistics.fill.locked', { date: view.period.dueOn })} style={{ marginBottom: 12 }} /> : null}
          {view.report.status === 'returned' && lastReturn ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('statistics.fill.returned', { by: lastReturn.actorName ?? '' })}
              description={<>{lastReturn.comment ? <p>{lastReturn.comment}</p> : null}<ul>{lastReturn.cellComments.map((c) => <li key={c.cell}><code>{c.cell}</code> {c.comment}</li>)}</ul></>} />
          ) : null}
          <FormGrid caption={`${view.form.tableNo} ${view.form.name}`} def={view.definition} values={view.values} computed={view.computed} editable={editable}
            onCommit={commit} failures={view.checks} comments={view.cellComments} sources={view.sources} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('statistics.checks.title')}</Typography.Title>
          <CheckList failures={view.checks} explanations={explanations} onExplain={editable ? (k, v) => setExplanations((x) => ({ ...x, [k]: v })) : undefined} />
          {editable ? (
            <Space wrap style={{ marginTop: 16 }} align="end">
              <label>{t('statistics.fill.responsiblePerson')}<Input value={sign.responsiblePerson} onChange={(e) => setSign({ ...sign, responsiblePerson: e.target.value })} /></label>
              <label>{t('statistics.fill.statistician')}<Input value={sign.statistician} onChange={(e) => setSign({ ...sign, statistician: e.target.value })} /></label>
              <label>{t('statistics.fill.phone')}<Input value={sign.phone} onChange={(e) => setSign({ ...sign, phone: e.target.value })} /></label>
              <Button type="primary" onClick={() => void submit()}>{t('statistics.fill.submit')}</Button>
            </Space>
          ) : null}
          <Space wrap style={{ marginTop: 16 }}>
            <Button icon={<DownloadOutlined />} href={statisticsApi.templateUrl(view.form.code, view.period.period, false)}>{t('statistics.excel.template')}</Button>
            <Button icon={<DownloadOutlined />} href={statisticsApi.templateUrl(view.form.code, view.period.period, true)}>{t('statistics.excel.filled')}</Button>
            {editable ? (
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file, true); return false; }}>
                <Button icon={<UploadOutlined />}>{t('statistics.excel.upload')}</Button>
              </Upload>
            ) : null}
          </Space>
          {excel ? (
            <div style={{ marginTop: 12 }}>
              {excel.result.ok
                ? <Alert type="success" showIcon message={t('statistics.excel.dryOk', { count: excel.result.values })} action={<Button type="primary" onClick={() => void upload(excel.file, false)}>{t('statistics.excel.import')}</Button>} />
                : <>
                  <Alert type="error" showIcon message={t('statistics.excel.dryErrors', { count: excel.result.errors.length })} />
                  <Table size="small" rowKey={(r) => `${r.sheet}!${r.address}:${r.cell}`} pagination={false} dataSource={excel.result.errors}
                    columns={[{ title: t('statistics.excel.sheet'), dataIndex: 'sheet' }, { title: t('statistics.excel.address'), dataIndex: 'address' }, { title: t('statistics.excel.message'), dataIndex: 'message' }]} />
                </>}
            </div>
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}
