/** 一张图 in the workbench: every layer the post may read, identify with history, red lines and the overlay analysis. */
import { MapWorkspace } from './MapWorkspace.tsx';

export default function MapPage() {
  // The workbench header (64) and the content padding (2 × 20).
  return <MapWorkspace mode="staff" height="calc(100vh - 104px)" />;
}
