/**
 * 我的出让合同与缴款 (the buyer's own view): the registered contract, its instalments (首付款, 余款)
 * with their due dates, what has been paid, overdue flags, and when reminders come. Only the buyer
 * gets it from the server; before the contract is registered the card says so.
 */
import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { lotPath, yuan } from './trading-api.ts';

interface BuyerContractView {
  contractNo: string; signedOn: string; price: number; depositCredited: number; remindWorkdays: number;
  instalments: { seq: number; label: string; amount: number; dueDate: string; paid: number; paidOn: string | null; overdueSince: string | null; state: 'open' | 'paid' | 'overdue' }[];
}

const STATE_COLOR = { open: 'default', paid: 'green', overdue: 'red' } as const;

export function BuyerContract({ lotNo }: { lotNo: string }) {
  const { t } = useTranslation();
  const c = useLoad(() => api.get<BuyerContractView>(`${lotPath(lotNo)}/me/contract`).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'trading.contract_not_found') return null;
    throw e;
  }), [lotNo]);
  return (
    <Card size="small" data-testid="buyer-contract" loading={c.loading} style={{ marginTop: 8 }}
      title={<Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>{t('trading.buyer.title')}</Typography.Title>}>
      {c.data === null && <Typography.Text type="secondary">{t('trading.buyer.none')}</Typography.Text>}
      {c.data && (
        <>
          {c.data.instalments.some((i) => i.state === 'overdue') && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('trading.contract.overdueFlag')} />}
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('trading.contract.contractNo')}>{c.data.contractNo}</Descriptions.Item>
            <Descriptions.Item label={t('trading.contract.signedOn')}>{c.data.signedOn}</Descriptions.Item>
            <Descriptions.Item label={t('trading.result.price')}>{yuan(c.data.price)}</Descriptions.Item>
            <Descriptions.Item label={t('trading.contract.depositCredited')}>{yuan(c.data.depositCredited)}</Descriptions.Item>
          </Descriptions>
          <Table rowKey="seq" size="small" pagination={false} style={{ marginTop: 12 }} scroll={{ x: true }} dataSource={c.data.instalments}
            title={() => t('trading.contract.plan')}
            columns={[
              { title: t('trading.contract.label'), dataIndex: 'label' },
              { title: t('trading.contract.amount'), dataIndex: 'amount', align: 'right', render: yuan },
              { title: t('trading.contract.dueDate'), dataIndex: 'dueDate' },
              { title: t('trading.contract.paid'), dataIndex: 'paid', align: 'right', render: yuan },
              { title: t('trading.contract.paidOn'), dataIndex: 'paidOn', render: (v: string | null) => v ?? '—' },
              { title: t('trading.fields.status'), dataIndex: 'state', render: (s: 'open' | 'paid' | 'overdue') => <Tag color={STATE_COLOR[s]}>{t(`trading.contract.states.${s}`)}</Tag> },
            ]} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('trading.buyer.reminders', { n: c.data.remindWorkdays })}</Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
