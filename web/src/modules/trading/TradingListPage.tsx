/** 网上招拍挂 (public): the published announcements, newest first. */
import { Card, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';
import { yuan, type LotView } from './trading-api.ts';

export default function TradingListPage() {
  const { t } = useTranslation();
  const lots = useLoad(() => api.get<LotView[]>('/api/public/trading/lots'), []);
  return (
    <PublicShell>
      <Typography.Title level={1} style={{ fontSize: 26 }}>{t('trading.list.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('trading.list.intro')}</Typography.Paragraph>
      <Card>
        <Table<LotView> rowKey="lotNo" size="small" loading={lots.loading} dataSource={lots.data ?? []} scroll={{ x: true }} locale={{ emptyText: t('trading.list.empty') }}
          columns={[
            { title: t('trading.fields.lotNo'), dataIndex: 'lotNo', render: (v: string) => <Link to={`/trading/${v}`}>{v}</Link> },
            { title: t('trading.fields.title'), dataIndex: 'title' },
            { title: t('trading.fields.kind'), dataIndex: 'kind', render: (v: LotView['kind']) => t(`trading.kinds.${v}`) },
            { title: t('trading.fields.method'), dataIndex: 'method', render: (v: LotView['method']) => t(`trading.methods.${v}`) },
            { title: t('trading.fields.startPrice'), dataIndex: 'startPrice', align: 'right', render: yuan },
            { title: t('trading.fields.listingEnd'), dataIndex: 'listingEnd', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            { title: t('trading.fields.status'), dataIndex: 'status', render: (v: LotView['status']) => <Tag color={v === 'closed' ? 'default' : 'blue'}>{t(`trading.statuses.${v}`)}</Tag> },
          ]} />
      </Card>
    </PublicShell>
  );
}
