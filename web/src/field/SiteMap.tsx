/** A small sketch of the subject and the inspector's position: SVG, no tiles, works offline. */
import type { Assignment } from './store.ts';

type Pos = [number, number];

function rings(g: Assignment['geometry']): Pos[][] {
  if (g.type === 'Polygon') return g.coordinates as Pos[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as Pos[][][]).flat();
  return [];
}

export function SiteMap({ geometry, position, label }: { geometry: Assignment['geometry']; position: Pos | null; label: string }) {
  const rs = rings(geometry);
  const pts: Pos[] = geometry.type === 'Point' ? [geometry.coordinates as Pos] : rs.flat();
  const [cx, cy] = pts.reduce((a, p) => [a[0] + p[0] / pts.length, a[1] + p[1] / pts.length], [0, 0]);
  const kx = Math.cos((cy * Math.PI) / 180) * 111_320;
  const ky = 110_574;
  const xy = (p: Pos): Pos => [(p[0] - cx) * kx, -(p[1] - cy) * ky];
  // The position counts for the frame when it is within 2 km; farther, an arrow at the edge would do (not drawn).
  const posXY = position ? xy(position) : null;
  const frame = [...pts.map(xy), ...(posXY && Math.hypot(posXY[0], posXY[1]) < 2000 ? [posXY] : [])];
  const half = Math.max(40, ...frame.map((p) => Math.max(Math.abs(p[0]), Math.abs(p[1])))) * 1.25;
  const path = rs.map((r) => `M${r.map((p) => xy(p).map((v) => v.toFixed(1)).join(' ')).join('L')}Z`).join('');
  const scale = half > 400 ? 200 : 50;
  return (
    <svg className="site-map" viewBox={`${-half} ${-half} ${2 * half} ${2 * half}`} role="img" aria-label={label}>
      <rect x={-half} y={-half} width={2 * half} height={2 * half} fill="#eef2ee" />
      {geometry.type === 'Point'
        ? <circle cx={0} cy={0} r={half / 25} fill="#6b6b6b" />
        : <path d={path} fill="rgba(90,90,90,0.35)" stroke="#3d3d3d" strokeWidth={half / 150} fillRule="evenodd" />}
      {posXY && Math.hypot(posXY[0], posXY[1]) < 2000 && (
        <circle cx={posXY[0]} cy={posXY[1]} r={half / 30} fill="#1458c7" stroke="#fff" strokeWidth={half / 150} />
      )}
      <line x1={-half * 0.9} y1={half * 0.9} x2={-half * 0.9 + scale} y2={half * 0.9} stroke="#222" strokeWidth={half / 100} />
      <text x={-half * 0.9} y={half * 0.85} fontSize={half / 12} fill="#222">{scale} m</text>
    </svg>
  );
}
