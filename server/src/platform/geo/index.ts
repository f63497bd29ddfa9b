export { geoRoutes } from './geo.routes.ts';
export { ellipsoidalArea, ellipsoidalAreaM2, lonLatEdgeAreaM2, areaFromM2, geodesicLengthM, openRing, CGCS2000, MU_PER_HA, type Area } from './area.ts';
export {
  listCrs, getCrs, toCgcs2000, fromCgcs2000, transformGeometry, gk3ZoneEpsg, gk3CmEpsg, zoneOfLongitude,
  crsFromPrefixedEasting, setDatumTransformation, type CrsInfo,
} from './crs.ts';
export { geometryEngine, setGeometryEngine, type GeometryEngine } from './engine.ts';
export { validateGeometry, repairGeometry, rewind, type GeometryProblem } from './validate.ts';
export { readGeoFile, writeGeoFile, checkFeatures, FORMATS, type GeoFormat } from './convert.ts';
export type * from './geo.types.ts';
export { createGeoPool, type GeoPool, type GeoPoolOptions } from './pool.ts';
export type { GeoTask } from './geo.tasks.ts';
