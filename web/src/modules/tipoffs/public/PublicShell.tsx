/** The portal frame of the public tip-off pages: the shared public header and a centred column. */
import type { ReactNode } from 'react';
import { Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { PublicHeader } from '../../../app/layout/PublicHeader.tsx';

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: '24px 16px 48px' }}>
        <div style={{ maxWidth: 880, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#595959' }}>{t('portal.footer')}</Layout.Footer>
    </Layout>
  );
}
