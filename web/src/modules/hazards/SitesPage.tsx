/** 隐患点台账: the register with a detail drawer (roster, households, history) and the 两卡一表 PDFs. */
import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, GlobalOutlined, PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../app/session.tsx';
import { SiteRegisterModal } from './SiteRegisterModal.tsx';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';

interface Site {
  id: number; siteNo: string; name: string; hazardType: string; townshipCode: string; location: string; lon: number; lat: number; scale: string; stability: string;
  threatenedHouseholds: number; threatenedPeople: number; threatenedProperty: string; riskLevel: string; measures: string; evacuationRoute: string; shelter: string;
  warningSignal: string; status: string; version: number;
}
interface SiteView extends Site {
  township: string;
  people: { id: number; role: string; name: string; phone: string }[];
  households: { id: number; headName: string; members: number; phone: string | null; address: string }[];
  history: { version: number; change: string; changedFields: string[]; changedAt: string }[];
}

const RISK_COLOUR: Record<string, string> = { low: 'blue', medium: 'gold', high: 'orange', very_high: 'red' };

async function downloadCard(siteId: number, card: string, householdId: number | null) {
  const res = await fetch(`/api/hazards/sites/${siteId}/cards`, {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ card, householdId }),
  });
  if (!res.ok) throw new Error(`${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export default function SitesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sites = useLoad(() => api.get<Site[]>('/api/hazards/sites'), []);
  const [openId, setOpenId] = useState<number | null>(null);
  const [registering, setRegistering] = useState(false);
  const { can } = useSession();
  const view = useLoad(() => (openId ? api.get<SiteView>(`/api/hazards/sites/${openId}`) : Promise.resolve(null)), [openId]);
  const card = (siteId: number, kind: string, householdId: number | null = null) =>
    downloadCard(siteId, kind, householdId).catch((e: unknown) => message.error(errorText(t, e)));
  const v = view.data;
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('hazards.sites.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        {can('hazards.site.manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>{t('hazards.register.open')}</Button>}
        <Link to="/app/map"><GlobalOutlined /> {t('hazards.sites.map')}</Link>
      </Space>
      <SiteRegisterModal open={registering} onClose={() => setRegistering(false)} onSaved={(id) => { setRegistering(false); void sites.reload(); setOpenId(id); }} />
      <Table<Site> rowKey="id" loading={sites.loading} dataSource={sites.data ?? []} size="middle" scroll={{ x: 900 }} pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('hazards.sites.noData') }}
        columns={[
          { title: t('hazards.sites.siteNo'), dataIndex: 'siteNo' },
          { title: t('hazards.sites.name'), dataIndex: 'name', render: (n: string, s) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(s.id)} data-testid={`site-${s.siteNo}`}>{n}</Button> },
          { title: t('hazards.sites.type'), dataIndex: 'hazardType', render: (x: string) => t(`hazards.types.${x}`) },
          { title: t('hazards.sites.scale'), dataIndex: 'scale', render: (x: string) => t(`hazards.scales.${x}`) },
          { title: t('hazards.sites.threatened'), render: (_: unknown, s) => `${s.threatenedHouseholds} / ${s.threatenedPeople}` },
          { title: t('hazards.sites.risk'), dataIndex: 'riskLevel', render: (x: string) => <Tag color={RISK_COLOUR[x]}>{t(`hazards.risks.${x}`)}</Tag> },
          { title: t('hazards.sites.status'), dataIndex: 'status', render: (x: string) => <Tag color={x === 'registered' ? 'green' : 'default'}>{t(`hazards.statuses.${x}`)}</Tag> },
        ]} />
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} width={Math.min(720, window.innerWidth)} title={v?.name ?? ''} loading={view.loading}>
        {v && (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('hazards.sites.siteNo')}>{v.siteNo}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.location')}>{v.township}{v.location}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.coordinates')}>{v.lon.toFixed(5)}, {v.lat.toFixed(5)}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.type')}>{t(`hazards.types.${v.hazardType}`)} · {t(`hazards.scales.${v.scale}`)} · {t(`hazards.stabilities.${v.stability}`)}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.threatened')}>{v.threatenedHouseholds} / {v.threatenedPeople}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.property')}>{Number(v.threatenedProperty)}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.risk')}>{t(`hazards.risks.${v.riskLevel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.measures')}>{v.measures || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.route')}>{v.evacuationRoute || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.shelter')}>{v.shelter || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.sites.signal')}>{v.warningSignal || '—'}</Descriptions.Item>
            </Descriptions>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('hazards.sites.cards')}</Typography.Title>
              <Space wrap>
                <Button icon={<FilePdfOutlined />} onClick={() => card(v.id, 'work_card')}>{t('hazards.sites.workCard')}</Button>
                <Button icon={<FilePdfOutlined />} onClick={() => card(v.id, 'plan')}>{t('hazards.sites.plan')}</Button>
              </Space>
            </div>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('hazards.sites.roster')}</Typography.Title>
              <Table rowKey="id" size="small" pagination={false} dataSource={v.people} columns={[
                { title: t('hazards.sites.role'), dataIndex: 'role', render: (x: string) => t(`hazards.roles.${x}`) },
                { title: t('hazards.sites.name'), dataIndex: 'name' },
                { title: t('hazards.sites.phone'), dataIndex: 'phone' },
              ]} />
            </div>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('hazards.sites.households')}</Typography.Title>
              <Table rowKey="id" size="small" pagination={false} dataSource={v.households} scroll={{ x: 520 }} columns={[
                { title: t('hazards.sites.head'), dataIndex: 'headName' },
                { title: t('hazards.sites.members'), dataIndex: 'members' },
                { title: t('hazards.sites.address'), dataIndex: 'address' },
                { title: t('hazards.sites.avoidCard'), render: (_: unknown, h) => <Button size="small" icon={<FilePdfOutlined />} aria-label={`${t('hazards.sites.avoidCard')} ${h.headName}`} onClick={() => card(v.id, 'avoid_card', h.id)} /> },
              ]} />
            </div>
            <div>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('hazards.sites.history')}</Typography.Title>
              <Table rowKey="version" size="small" pagination={false} dataSource={v.history} columns={[
                { title: t('hazards.sites.version'), dataIndex: 'version' },
                { title: t('hazards.sites.change'), dataIndex: 'change', render: (x: string) => t(`hazards.sites.changes.${x}`) },
                { title: t('hazards.sites.fields'), dataIndex: 'changedFields', render: (x: string[]) => x.join(', ') || '—' },
                { title: t('hazards.sites.at'), dataIndex: 'changedAt', render: (x: string) => dayjs(x).format('YYYY-MM-DD HH:mm') },
              ]} />
            </div>
          </Space>
        )}
      </Drawer>
    </div>
  );
}
