/**
 * 审计日志 (audit admin): search the hash-chained audit log and verify the chain. Read-only:
 * nobody can edit the log, the audit admin included.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { errorText, showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';

interface Entry {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: unknown;
  hash: string;
}

interface Page {
  items: Entry[];
  nextBefore: number | null;
}

interface Verification {
  ok: boolean;
  checked: number;
  problems: { seq: number; kind: string; count?: number; message: string }[];
}

interface Filters {
  range?: [Dayjs, Dayjs] | null;
  action?: string;
  actor?: string;
}

const LIMIT = 50;

export default function AuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [form] = Form.useForm<Filters>();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [nextBefore, setNextBefore] = useState<Page['nextBefore']>(null);
  const [loading, setLoading] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | { error: string } | null>(null);

  const fetchPage = async (before: Page['nextBefore'], append: boolean) => {
    const f = form.getFieldsValue();
    setLoading(true);
    try {
      const page = await api.get<Page>('/api/audit/entries', {
        // Whole days in China Standard Time, as the server reads a bare date.
        from: f.range?.[0]?.format('YYYY-MM-DD'),
        to: f.range?.[1]?.format('YYYY-MM-DD'),
        action: f.action?.trim(),
        actor: f.actor?.trim(),
        limit: LIMIT,
        before: before ?? undefined,
      });
      setEntries((prev) => (append ? [...prev, ...page.items] : page.items));
      setNextBefore(page.nextBefore);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setLoading(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    try {
      setVerification(await api.post<Verification>('/api/audit/verify'));
    } catch (e) {
      setVerification({ error: errorText(t, e) });
    } finally {
      setVerifying(false);
    }
  };

  useEffect(() => {
    void fetchPage(null, false);
    // First page once on open; later pages on demand.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Card title={t('platform.audit.title')}
      extra={can('platform.audit.verify') && (
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
          {t('platform.audit.verify')}
        </Button>
      )}>
      {verification && ('error' in verification ? (
        <Alert type="error" showIcon closable style={{ marginBottom: 16 }} title={verification.error} />
      ) : verification.ok ? (
        <Alert type="success" showIcon closable style={{ marginBottom: 16 }} data-testid="audit-verify-result"
          title={t('platform.audit.verifyOk', { count: verification.checked })} />
      ) : (
        <Alert type="error" showIcon closable style={{ marginBottom: 16 }} data-testid="audit-verify-result"
          title={t('platform.audit.verifyFailed', { count: verification.checked, problems: verification.problems.length })}
          description={<ul style={{ margin: 0, paddingLeft: 20 }}>
            {verification.problems.slice(0, 20).map((p) => (
              <li key={`${p.seq}-${p.kind}`}>#{p.seq}: {t(`platform.audit.problems.${p.kind}`, { defaultValue: p.message, count: p.count ?? 1 })}</li>
            ))}
          </ul>} />
      ))}
      <Form form={form} layout="inline" onFinish={() => void fetchPage(null, false)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="range" label={t('platform.audit.period')}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="action" label={t('platform.audit.action')} tooltip={t('platform.audit.actionHint')}
          rules={[{ pattern: /^[a-z0-9_.]+(\.\*)?$/, message: t('platform.audit.actionInvalid') }]}>
          <Input placeholder="identity.*" allowClear />
        </Form.Item>
        <Form.Item name="actor" label={t('platform.audit.actor')}><Input allowClear style={{ width: 140 }} /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button></Form.Item>
      </Form>
      <Table<Entry>
        rowKey="seq" size="small" loading={loading} dataSource={entries} pagination={false} scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (e) => (
            <div>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(e.details, null, 2)}</pre>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('platform.audit.hash')}: <code>{e.hash}</code></Typography.Text>
            </div>
          ),
        }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('platform.audit.time'), dataIndex: 'occurredAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: t('platform.audit.actor'), dataIndex: 'actorUsername', width: 130, render: (v: string | null) => v ?? t('platform.audit.system') },
          { title: t('platform.audit.action'), dataIndex: 'action', render: (v: string) => <code>{v}</code> },
          { title: t('platform.audit.entity'), key: 'entity', render: (_, e) => `${e.entityType}${e.entityId !== null ? ` #${e.entityId}` : ''}` },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        {nextBefore !== null && nextBefore !== undefined && (
          <Button loading={loading} onClick={() => void fetchPage(nextBefore, true)}>{t('platform.audit.more')}</Button>
        )}
        <Typography.Text type="secondary">{t('platform.audit.shown', { count: entries.length })}</Typography.Text>
      </Space>
    </Card>
  );
}
