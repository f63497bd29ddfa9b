-- Feature geometry (几何) kept as the JSON text it was written in (`json`) instead of `jsonb`.
--
-- Geometry is read far more often than it is written, and always whole: every overlay, tile, map
-- page and OGC item prints it back as text. From `jsonb` every coordinate is a numeric printed
-- anew (≈ 1 ms of the 2.2 ms it took to read the ≈ 500 candidates of an overlay); `json` hands
-- the stored text over as it is. Nothing queries inside the geometry (`->`, `->>` work on json
-- as well); the version history keeps `jsonb`.
alter table map.features drop constraint features_geom_check;
alter table map.features alter column geom type json using geom::json;
alter table map.features add constraint features_geom_check
  check (json_typeof(geom) = 'object' and geom->>'type' is not null and geom->'coordinates' is not null);
comment on column map.features.geom is 'GeoJSON geometry in EPSG:4490, [lon, lat] (几何, CGCS2000), as written (json)';
