/**
 * 网站普查 (portal.health.read): the post's site and the sites below it — each column's days since
 * its last article against its quota (动态: a failure after 14 days; 不定期: exempt), empty
 * columns, broken internal links, published articles missing required fields, and the footer.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { showError } from '../../app/errors.ts';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { portalApi, type SiteHealth } from './portal-api.ts';

/** External links (外部链接): the last check's day and the unreachable ones; the site's staff check now. */
function ExternalLinksPart({ h, onChecked }: { h: SiteHealth; onChecked: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const ext = h.externalLinks;
  const check = async () => {
    setBusy(true);
    try {
      const r = await portalApi.checkLinks(h.site.id);
      message.success(t('website.health.checkedNow', { n: r.checked, broken: r.broken }));
      await onChecked();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginTop: 12 }}>
      <Space wrap>
        <Typography.Text strong>{t('website.health.external')}</Typography.Text>
        <Typography.Text type="secondary">{ext?.checkedOn ? t('website.health.externalSummary', { date: ext.checkedOn, n: ext.checked, broken: ext.broken.length }) : t('website.health.externalNever')}</Typography.Text>
        <Button size="small" loading={busy} onClick={() => void check()}>{t('website.health.checkNow')}</Button>
      </Space>
      {ext?.broken.length ? <Table style={{ marginTop: 8 }} rowKey="url" size="small" pagination={false} dataSource={ext.broken} scroll={{ x: true }} columns={[
        { title: t('website.health.url'), dataIndex: 'url', render: (u: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{u}</Typography.Text> },
        { title: t('website.health.answer'), render: (_, b) => <Tag color="red">{b.httpStatus ?? (b.error === 'timeout' ? t('website.health.timeout') : b.error)}</Tag> },
        { title: t('website.health.articles'), dataIndex: 'articleIds', render: (ids: number[]) => ids.map((id) => `#${id}`).join('、') },
      ]} /> : null}
    </div>
  );
}

function SiteCard({ h, onChecked }: { h: SiteHealth; onChecked: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <Card title={<span>{h.site.name} {h.failures ? <Tag color="red">{t('website.health.failures', { n: h.failures })}</Tag> : <Tag color="green">{t('website.health.ok')}</Tag>}</span>}>
      <Table rowKey="id" size="small" pagination={false} dataSource={h.columns} scroll={{ x: true }} columns={[
        { title: t('website.health.column'), dataIndex: 'name' },
        { title: t('website.health.quota'), dataIndex: 'updateQuota', render: (q: string) => t(`website.quota.${q}`) },
        { title: t('website.health.published'), dataIndex: 'published' },
        { title: t('website.health.days'), dataIndex: 'daysSinceUpdate', render: (d: number | null) => (d === null ? '—' : d) },
        { title: t('website.health.result'), render: (_, c) => (c.failing ? <Tag color="red">{t('website.health.stale', { n: h.quotaDays })}</Tag> : c.empty ? <Tag color="orange">{t('website.health.empty')}</Tag> : <Tag color="green">{t('website.health.ok')}</Tag>) },
      ]} />
      {h.brokenLinks.length ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('website.health.brokenLinks')} description={<ul>{h.brokenLinks.map((l) => <li key={`${l.articleId}${l.href}`}>{l.title}: {l.href}</li>)}</ul>} /> : null}
      {h.missingFields.length ? <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('website.health.missingFields')} description={<ul>{h.missingFields.map((m) => <li key={m.articleId}>{m.title}: {m.fields.map((f) => t(`website.articles.${f}`)).join('、')}</li>)}</ul>} /> : null}
      {h.footerMissing.length ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('website.health.footerMissing', { fields: h.footerMissing.join(', ') })} /> : null}
      <ExternalLinksPart h={h} onChecked={onChecked} />
    </Card>
  );
}

/** 政府网站工作年度报表 of the post's site: the figures of a year, unrecorded and unconfirmed rows marked; Excel, and a PDF issued through platform/documents. */
function YearlyCard() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const r = useLoad(() => portalApi.yearly(year), [year]);
  const { message } = App.useApp();
  const [issuing, setIssuing] = useState(false);
  const issuePdf = async () => {
    setIssuing(true);
    try {
      message.success(t('website.yearly.pdfIssued', { docNo: await portalApi.yearlyPdf(year) }));
    } catch (e) {
      showError(t, e, message);
    } finally {
      setIssuing(false);
    }
  };
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('website.yearly.title')}</Typography.Title>}
      extra={<Space wrap><Select aria-label={t('website.yearly.year')} value={year} onChange={setYear} options={[0, 1, 2].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))} />
        <Button href={portalApi.yearlyXlsxUrl(year)} download>{t('website.yearly.excel')}</Button>
        <Button onClick={issuePdf} loading={issuing} data-testid="yearly-pdf">{t('website.yearly.pdf')}</Button></Space>}>
      <Typography.Paragraph type="secondary">{t('website.yearly.intro')}</Typography.Paragraph>
      <Table rowKey="key" size="small" pagination={false} loading={r.loading} dataSource={r.data?.rows ?? []} scroll={{ x: 760 }} columns={[
        { title: t('website.yearly.section'), dataIndex: 'section' },
        { title: t('website.yearly.item'), dataIndex: 'label' },
        { title: t('website.yearly.value'), dataIndex: 'value', render: (v: string | number | null) => (v === null ? '—' : v) },
        { title: t('website.yearly.note'), render: (_, x) => (x.unrecorded ? <Tag>{t('website.yearly.unrecorded')}</Tag> : <>{x.note}{x.unconfirmed && <Tag color="orange">{t('website.yearly.unconfirmed')}</Tag>}</>) },
      ]} />
    </Card>
  );
}

export default function HealthPage() {
  const { t } = useTranslation();
  const h = useLoad(() => portalApi.health(), []);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card><Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('website.health.title')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('website.health.intro')}</Typography.Paragraph></Card>
      {h.data ? <SiteCard h={h.data.site} onChecked={h.reload} /> : null}
      {h.data?.children.map((c) => <SiteCard key={c.site.id} h={c} onChecked={h.reload} />)}
      <YearlyCard />
    </Space>
  );
}
