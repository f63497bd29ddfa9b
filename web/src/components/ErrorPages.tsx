import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result status="403" title="403" subTitle={t('common.forbidden')}
      extra={<Link to="/app"><Button type="primary">{t('common.backToWorkbench')}</Button></Link>} />
  );
}

export function NotFound({ home = '/app' }: { home?: string }) {
  const { t } = useTranslation();
  return (
    <Result status="404" title="404" subTitle={t('common.notFound')}
      extra={<Link to={home}><Button type="primary">{t('common.backHome')}</Button></Link>} />
  );
}
