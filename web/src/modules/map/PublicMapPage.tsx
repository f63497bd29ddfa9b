/** The public map (公众一张图): public layers only, read-only — identify and measure, no login. */
import { Layout } from 'antd';
import { PublicHeader } from '../../app/layout/PublicHeader.tsx';
import { MapWorkspace } from './MapWorkspace.tsx';

export default function PublicMapPage() {
  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: 16 }}>
        <MapWorkspace mode="public" height="calc(100vh - 96px)" />
      </Layout.Content>
    </Layout>
  );
}
