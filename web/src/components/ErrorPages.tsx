import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The result's title as the page's <h1>, in the result's own type size. */
const HEADING = { font: 'inherit', margin: 0, color: 'inherit' } as const;

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result status="403" title={<h1 style={HEADING}>403</h1>} subTitle={t('common.forbidden')}
      extra={<Link to="/app"><Button type="primary">{t('common.backToWorkbench')}</Button></Link>} />
  );
}

export function NotFound({ home = '/app' }: { home?: string }) {
  const { t } = useTranslation();
  return (
    <Result status="404" title={<h1 style={HEADING}>404</h1>} subTitle={t('common.notFound')}
      extra={<Link to={home}><Button type="primary">{t('common.backHome')}</Button></Link>} />
  );
}

/** A page whose data could not be loaded, with a retry. */
export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return <Result status="error" title={t('common.loadFailed')} subTitle={message} extra={<Button type="primary" onClick={onRetry}>{t('common.retry')}</Button>} />;
}
