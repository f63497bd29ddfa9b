/**
 * New batch and its import (新建批次并导入图斑): the batch's facts and imagery, then the file
 * (zipped Shapefile or GeoJSON) checked in a dry run — counts per county, invalid geometries
 * with their location, duplicates, patches outside every county — and applied, with progress.
 */
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, List, Modal, Progress, Select, Space, Steps, Switch, Table, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { importFile, patchesApi, type Batch, type ImportProgress, type ImportReport } from './patches-api.ts';

/** The bar: 20 % for the upload, then the server's validation and (apply) insertion with the pre-check. */
function serverPercent(p: ImportProgress): number {
  if (p.phase === 'done') return 100;
  const total = Math.max(1, p.total);
  if (p.dryRun) return 20 + Math.round((p.validated / total) * 80);
  return 20 + Math.round((p.validated / total) * 30) + Math.round((p.inserted / total) * 50);
}

export function ImportWizard({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [batch, setBatch] = useState<Batch | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [stage, setStage] = useState<ImportProgress | null>(null);
  const [skip, setSkip] = useState(false);
  const [applied, setApplied] = useState(false);
  const step = applied ? 3 : report ? 2 : batch ? 1 : 0;

  const create = async (v: Record<string, unknown>) => {
    const d = (x: unknown) => (x as Dayjs).format('YYYY-MM-DD');
    try {
      setBatch(await patchesApi.createBatch({
        name: v.name, source: v.source, areaDesc: v.areaDesc ?? '', beforeDate: d(v.beforeDate), afterDate: d(v.afterDate), deadline: d(v.deadline),
        imageryBeforeUrl: v.imageryBeforeUrl || null, imageryAfterUrl: v.imageryAfterUrl || null,
      }));
    } catch (e) { showError(t, e, message, form); }
  };
  const run = async (dryRun: boolean) => {
    if (!batch || !file) return;
    setProgress(0);
    setStage(null);
    // The upload is the first fifth of the bar; the server's progress (polled) the rest.
    const token = crypto.randomUUID();
    let polling = true;
    const poll = async () => {
      while (polling) {
        await new Promise((r) => setTimeout(r, 500));
        if (!polling) break;
        try {
          const p = await patchesApi.importProgress(token);
          if (!polling) break;
          setStage(p);
          setProgress(serverPercent(p));
        } catch { /* not started yet: the upload is still under way */ }
      }
    };
    const polled = poll();
    try {
      const r = await importFile(batch.batchNo, file, dryRun, skip, (p) => setProgress((x) => Math.max(x ?? 0, Math.round(p * 20))), token);
      setReport(r.report);
      if (r.applied) { setApplied(true); message.success(t('patches.import.applied', { n: r.report.valid })); }
    } catch (e) { showError(t, e, message); } finally { polling = false; await polled; setProgress(null); setStage(null); }
  };
  const problems = report ? report.invalid.length + report.outside.length : 0;
  return (
    <Modal open title={t('patches.import.title')} onCancel={onClose} footer={null} width="min(860px, 100vw)">
      <Steps current={step} size="small" style={{ marginBottom: 16 }} items={[{ title: t('patches.import.stepBatch') }, { title: t('patches.import.stepFile') }, { title: t('patches.import.stepCheck') }, { title: t('patches.import.stepDone') }]} />
      {!batch && (
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ source: 'ministry' }}>
          <Form.Item name="name" label={t('patches.batches.name')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="source" label={t('patches.batches.source')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={['ministry', 'province', 'self'].map((s) => ({ value: s, label: t(`patches.source.${s}`) }))} />
            </Form.Item>
            <Form.Item name="beforeDate" label={t('patches.batches.beforeDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="afterDate" label={t('patches.batches.afterDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="deadline" label={t('patches.batches.deadline')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="areaDesc" label={t('patches.batches.area')}><Input maxLength={500} /></Form.Item>
          <Form.Item name="imageryBeforeUrl" label={t('patches.batches.imageryBefore')} extra={t('patches.batches.imageryHint')}><Input maxLength={1000} /></Form.Item>
          <Form.Item name="imageryAfterUrl" label={t('patches.batches.imageryAfter')}><Input maxLength={1000} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('patches.import.create')}</Button>
        </Form>
      )}
      {batch && !applied && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" title={t('patches.import.batchCreated', { batchNo: batch.batchNo })} />
          <Space wrap>
            <Upload beforeUpload={(f) => { setFile(f); setReport(null); return false; }} maxCount={1} accept=".zip,.geojson,.json" showUploadList={false}>
              <Button>{t('patches.import.choose')}</Button>
            </Upload>
            {file && <span data-testid="import-file">{file.name}（{(file.size / 1024).toFixed(1)} KB）</span>}
          </Space>
          <Space wrap>
            <Button disabled={!file || progress !== null} onClick={() => run(true)}>{t('patches.import.dryRun')}</Button>
            <Space><Switch checked={skip} onChange={setSkip} aria-label={t('patches.import.skipDuplicates')} />{t('patches.import.skipDuplicates')}</Space>
            <Button type="primary" disabled={!report || problems > 0 || (report.duplicates.length > 0 && !skip) || progress !== null} onClick={() => run(false)}>{t('patches.import.apply')}</Button>
          </Space>
          {progress !== null && <Progress percent={progress} status="active" aria-label={t('patches.import.progress')} />}
          {progress !== null && (
            <span data-testid="import-stage" aria-live="polite">
              {stage ? t(`patches.import.phase.${stage.phase}`, { total: stage.total, validated: stage.validated, inserted: stage.inserted }) : t('patches.import.uploading')}
            </span>
          )}
        </Space>
      )}
      {report && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="dry-run-report">
          <Alert type={problems ? 'error' : report.duplicates.length ? 'warning' : 'success'} showIcon
            title={t('patches.import.summary', { total: report.total, valid: report.valid, invalid: report.invalid.length, outside: report.outside.length, duplicates: report.duplicates.length })} />
          <Table size="small" pagination={false} rowKey="countyCode" dataSource={report.counties} columns={[
            { title: t('patches.import.county'), dataIndex: 'countyCode' }, { title: t('patches.import.count'), dataIndex: 'count', align: 'right' },
          ]} />
          {report.invalid.length > 0 && <List size="small" header={t('patches.import.invalid')} dataSource={report.invalid} renderItem={(x) => <List.Item>{`#${x.index + 1} ${x.tbbh}: ${x.message}${x.location ? ` (${x.location.map((c) => c.toFixed(6)).join(', ')})` : ''}`}</List.Item>} />}
          {report.outside.length > 0 && <List size="small" header={t('patches.import.outside')} dataSource={report.outside} renderItem={(x) => <List.Item>{`#${x.index + 1} ${x.tbbh} (${x.lon.toFixed(5)}, ${x.lat.toFixed(5)})`}</List.Item>} />}
          {report.duplicates.length > 0 && <List size="small" header={t('patches.import.duplicates')} dataSource={report.duplicates} renderItem={(x) => <List.Item>{t('patches.import.duplicateOf', { tbbh: x.tbbh, batchNo: x.batchNo, earlier: x.earlierTbbh })}</List.Item>} />}
        </Space>
      )}
      {applied && <Button type="primary" style={{ marginTop: 16 }} onClick={onClose}>{t('patches.import.close')}</Button>}
    </Modal>
  );
}
