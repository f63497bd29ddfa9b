/** Placeholder for the public-service login (公众服务登录: SMS code); arrives with the portal. */
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthShell } from '../../components/AuthShell.tsx';

export default function PublicLoginPage() {
  const { t } = useTranslation();
  return (
    <AuthShell title={t('publicLogin.title')}>
      <Result status="info" title={t('publicLogin.comingSoon')} subTitle={t('publicLogin.hint')}
        extra={<Link to="/"><Button>{t('publicLogin.back')}</Button></Link>} />
    </AuthShell>
  );
}
