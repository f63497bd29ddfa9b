/**
 * One matter's guide (办事指南): legal basis, conditions, the materials list, fees, time limits,
 * counter visits and the review flow — everything needed before applying.
 */
import { Button, Card, Descriptions, Result, Space, Steps, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../../components/useLoad.ts';
import { PublicShell } from './PublicShell.tsx';
import { matter, type FlowStageDef, type MaterialDef } from './journey-api.ts';
import { departmentName } from './labels.ts';

export default function ServiceGuidePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const data = useLoad(() => matter(code), [code]);
  const m = data.data;
  if (data.error && !m) {
    return <PublicShell><Result status="404" title={t('approvals.journey.guide.notFound')} extra={<Link to="/services"><Button>{t('approvals.journey.guide.backToList')}</Button></Link>} /></PublicShell>;
  }
  const flow = (m?.flow ?? []) as FlowStageDef[];
  return (
    <PublicShell>
      {/* While loading, the card holds a screen's height: the footer stays below until the guide is in (no layout shift). */}
      <Card loading={data.loading} title={<span data-testid="guide-title">{m?.name}</span>} style={data.loading ? { minHeight: '100vh' } : undefined}
        extra={m && <Link to={`/services/${m.code}/apply`}><Button type="primary">{t('approvals.journey.guide.apply')}</Button></Link>}>
        {m && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('approvals.journey.guide.code')}>{m.code}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.type')}>{m.type}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.department')}>{m.department}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.level')}>{t(`approvals.journey.levels.${m.implementingLevel}`, { defaultValue: m.implementingLevel })}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.statutoryDays')}><span data-testid="guide-statutory">{t('approvals.journey.guide.workdays', { count: m.statutoryDays })}</span></Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.promisedDays')}><span data-testid="guide-promised">{t('approvals.journey.guide.workdays', { count: m.promisedDays })}</span></Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.counterVisits')}>{t('approvals.journey.guide.visits', { count: m.counterVisits })}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.fees')}>{m.fees}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.legalBasis')} span={2}>{m.legalBasis}</Descriptions.Item>
              <Descriptions.Item label={t('approvals.journey.guide.conditions')} span={2}>{m.conditions}</Descriptions.Item>
            </Descriptions>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('approvals.journey.guide.materials')}</Typography.Title>
              <Table<MaterialDef> rowKey="key" size="small" pagination={false} dataSource={m.materials as MaterialDef[]} scroll={{ x: 700 }}
                columns={[
                  { title: '#', width: 48, render: (_v, _r, i) => i + 1 },
                  { title: t('approvals.journey.guide.materialName'), dataIndex: 'name', render: (v: string, r) => <>{v}{r.note ? <Typography.Text type="secondary"> （{r.note}）</Typography.Text> : null}</> },
                  { title: t('approvals.journey.guide.required'), dataIndex: 'required', width: 90, render: (v: boolean) => v ? <Tag color="red">{t('approvals.journey.guide.requiredYes')}</Tag> : <Tag>{t('approvals.journey.guide.requiredNo')}</Tag> },
                  { title: t('approvals.journey.guide.form'), dataIndex: 'form', width: 100, render: (v: string, r) => r.kind === 'eform' ? t('approvals.journey.guide.eform') : t(`approvals.journey.guide.forms.${v}`, { defaultValue: v }) },
                  { title: t('approvals.journey.guide.copies'), width: 80, render: (_v, r) => r.kind === 'eform' ? '—' : 1 },
                  { title: t('approvals.journey.guide.pages'), dataIndex: 'pages', width: 80 },
                  { title: t('approvals.journey.guide.sample'), dataIndex: 'sampleFileId', width: 90, render: (v: string | null | undefined) => v ? <a href={`/api/files/${v}`} target="_blank" rel="noreferrer">{t('approvals.journey.guide.sampleOpen')}</a> : t('approvals.journey.guide.sampleNone') },
                ]} />
            </div>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('approvals.journey.guide.flow')}</Typography.Title>
              <Steps orientation="vertical" size="small" current={-1} items={[
                { title: t('approvals.journey.guide.stepApply'), content: t('approvals.journey.guide.stepApplyBody') },
                { title: t('approvals.journey.guide.stepAccept'), content: t('approvals.journey.guide.stepAcceptBody') },
                ...flow.map((s) => ({
                  title: `${s.name}（${t('approvals.journey.guide.workdays', { count: s.limitDays })}）`,
                  content: [
                    s.kind === 'parallel' ? t('approvals.journey.guide.parallel', { departments: s.departments.map((d) => departmentName(t, d)).join('、') }) : s.departments.map((d) => departmentName(t, d)).join('、'),
                    s.pausesClock ? t('approvals.journey.guide.pausesClock') : '',
                  ].filter(Boolean).join(' · '),
                })),
                { title: t('approvals.journey.guide.stepDecide'), content: t('approvals.journey.guide.stepDecideBody') },
              ]} />
            </div>
          </Space>
        )}
      </Card>
    </PublicShell>
  );
}
