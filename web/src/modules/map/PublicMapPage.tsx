/**
 * The public map (公众一张图): public layers only, read-only — identify and measure, no login.
 * Loaded at /map, the app mounts into the server-rendered shell's container (`data-embedded="map"`,
 * portal public-services.routes.ts), which already has the header, navigation and legend: then
 * only the map is drawn. Reached inside the app (client-side navigation), it keeps its own header.
 */
import { Layout } from 'antd';
import { PublicHeader } from '../../app/layout/PublicHeader.tsx';
import { MapWorkspace } from './MapWorkspace.tsx';

const embedded = () => typeof document !== 'undefined' && document.getElementById('root')?.dataset.embedded === 'map' && location.pathname === '/map';

export default function PublicMapPage() {
  if (embedded()) return <MapWorkspace mode="public" height="70vh" />;
  return (
    <Layout style={{ minHeight: '100%' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: 16 }}>
        <MapWorkspace mode="public" height="calc(100vh - 96px)" />
      </Layout.Content>
    </Layout>
  );
}
