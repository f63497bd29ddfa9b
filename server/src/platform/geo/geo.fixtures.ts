/** Hand-checkable test data: Gauss-Krüger squares in 3° zone 35 (CM 105°E) near 27°N. */
import { gk3ZoneEpsg, toCgcs2000 } from './crs.ts';
import type { Feature, PolygonGeometry, Position, Ring } from './geo.types.ts';

/** Counter-clockwise GK square (starting south-west) of `side` m centred at (easting, northing), in EPSG:4490. */
export function gkSquareRing(easting: number, northing: number, side: number): Ring {
  const h = side / 2;
  const c: Position[] = [[easting - h, northing - h], [easting + h, northing - h], [easting + h, northing + h], [easting - h, northing + h]];
  return [...c, c[0]!].map((p) => toCgcs2000(gk3ZoneEpsg(35), p));
}

/** 1 km square with a 200 m hole: 960,000 m² = 96 公顷. */
export function parcelWithHole(): PolygonGeometry {
  return { type: 'Polygon', coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000), [...gkSquareRing(35_500_000, 2_988_000, 200)].reverse()] };
}

export function sampleFeatures(): Feature[] {
  return [
    { type: 'Feature', geometry: parcelWithHole(), properties: { code: 'DK-001', name: '一号地块', use: '工业用地', landClass: '0601' } },
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [gkSquareRing(35_502_000, 2_988_000, 500)] },
      properties: { code: 'DK-002', name: '二号地块', use: '商业用地', landClass: '05' } },
  ];
}

/** The parcel with hole as an official red-line file in zone 35 (Y zone-prefixed). */
export const REDLINE_ZONE35 = [
  '[属性描述]',
  '格式版本号=1.00版本',
  '数据产生单位=遵义市播州区自然资源局',
  '数据产生日期=2024-05-01',
  '坐标系=2000国家大地坐标系',
  '几度分带=3',
  '投影类型=高斯克吕格',
  '计量单位=米',
  '带号=35',
  '精度=0.001',
  '转换参数=,,,,,,',
  '[地块坐标]',
  '10,96.0000,DK-001,一号地块,面,,工业用地,0601,@',
  'J1,1,2988500.000,35499500.000',
  'J2,1,2988500.000,35500500.000',
  'J3,1,2987500.000,35500500.000',
  'J4,1,2987500.000,35499500.000',
  'J1,1,2988500.000,35499500.000',
  'J5,2,2988100.000,35499900.000',
  'J6,2,2987900.000,35499900.000',
  'J7,2,2987900.000,35500100.000',
  'J8,2,2988100.000,35500100.000',
  'J5,2,2988100.000,35499900.000',
].join('\r\n') + '\r\n';

/** The same parcel in CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544): Y without the zone prefix. */
export const REDLINE_CM105 = REDLINE_ZONE35.replace(/,35(\d{6}\.\d{3})/g, ',$1');
