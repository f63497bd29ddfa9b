/** 地质灾害气象风险预警 (public): warnings of 三级 and above in force or recent, with their CAP files. */
import { Alert, Card, Empty, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { PublicShell } from '../approvals/journey/PublicShell.tsx';

interface PublicWarning { warningNo: string; level: number; headline: string; advice: string; areaDesc: string; validFrom: string; validTo: string; publishedAt: string; status: string; capUrl: string }
const LEVEL_COLOUR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold', 4: 'blue' };

export default function PublicWarningsPage() {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<PublicWarning[]>('/api/public/hazards/warnings'), []);
  return (
    <PublicShell width={960}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>{t('hazards.public.title')}</Typography.Title>
      <Typography.Paragraph>{t('hazards.public.intro')} <a href="/cap/feed.atom" style={{ textDecoration: 'underline' }}>{t('hazards.public.feed')}</a></Typography.Paragraph>
      {list.data?.length === 0 && <Empty description={t('hazards.public.none')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(list.data ?? []).map((w) => (
          <Card key={w.warningNo} loading={list.loading} data-testid={`public-warning-${w.warningNo}`}
            title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0, whiteSpace: 'normal' }}><Tag color={LEVEL_COLOUR[w.level]}>{t(`hazards.levels.${w.level}`)}</Tag>{w.headline}</Typography.Title>}>
            <Alert type={w.level <= 2 ? 'error' : 'warning'} showIcon message={w.areaDesc} description={w.advice} style={{ marginBottom: 8 }} />
            <Typography.Text type="secondary">{t('hazards.warnings.validity')}: {dayjs(w.validFrom).format('YYYY-MM-DD HH:mm')} – {dayjs(w.validTo).format('YYYY-MM-DD HH:mm')} · </Typography.Text>
            <a href={w.capUrl} style={{ textDecoration: 'underline' }}>{t('hazards.warnings.cap')}</a>
          </Card>
        ))}
      </Space>
    </PublicShell>
  );
}
