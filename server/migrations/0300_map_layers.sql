-- One map (一张图): the layer registry (图层目录), the features of every layer (要素) and the
-- version history of each feature (要素历史).
--
-- Geometries are GeoJSON geometries in EPSG:4490 (CGCS2000 longitude/latitude) in a jsonb
-- column; a Postgres `box` of the geometry's extent under a GiST index finds the candidates of
-- a bounding-box or overlay query, the exact test is done in the application (JSTS).
--
-- Row-level security: a feature of a public layer (division boundaries, spatial-plan zones,
-- disclosed approved and supplied land) is readable by everyone, including anonymous visitors;
-- the others only inside the actor's scope (数据权限). Edits only inside the scope.
create schema map;
comment on schema map is 'One map (一张图): layers, features and their history';
grant usage on schema map to sunland_app;

create extension if not exists btree_gist;

create table map.layers (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text not null check (length(name) between 1 and 60),
  name_en text not null check (length(name_en) between 1 and 80),
  kind text not null check (kind in ('boundary', 'cadastre', 'landuse', 'plan', 'protection', 'mining', 'hazard', 'approval', 'supply', 'other')),
  geometry_type text not null check (geometry_type in ('Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon')),
  attribute_schema jsonb not null default '[]' check (jsonb_typeof(attribute_schema) = 'array'),
  visibility text not null check (visibility in ('public', 'scoped')),
  org_path ltree not null,
  synthetic boolean not null default false,
  source_note text not null default '',
  style jsonb not null default '{}' check (jsonb_typeof(style) = 'object'),
  sort_order int not null default 100,
  feature_count int not null default 0,
  version int not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by bigint
);
comment on table map.layers is 'Layer registry (图层目录): what each layer holds, who may see it, its legend and its version';
comment on column map.layers.id is 'Surrogate key';
comment on column map.layers.code is 'Stable layer code used in URLs (图层编码), e.g. parcels, landuse, plan_zones';
comment on column map.layers.name is 'Chinese name (图层名称), e.g. 宗地';
comment on column map.layers.name_en is 'English name for the en-US UI';
comment on column map.layers.kind is 'Kind (图层类别): boundary 行政区划, cadastre 地籍, landuse 土地利用现状, plan 国土空间规划, protection 保护红线, mining 矿业权, hazard 地质灾害, approval 批地, supply 供地, other';
comment on column map.layers.geometry_type is 'GeoJSON geometry type of the features (几何类型)';
comment on column map.layers.attribute_schema is 'Attribute schema (属性结构): [{key, label, labelEn, type text|number|date|code, unit?}]';
comment on column map.layers.visibility is 'public = readable without login (公开图层); scoped = inside the actor''s posts and scope (按岗位与数据权限)';
comment on column map.layers.org_path is 'Owning subtree (权属单位): who manages the layer; features carry their own org_path';
comment on column map.layers.synthetic is 'True when the data is generated demo data, not real survey data (模拟数据)';
comment on column map.layers.source_note is 'Where the data comes from (数据来源说明)';
comment on column map.layers.style is 'Legend (图例): {field?, default: {fill, stroke}, classes: [{value, label, labelEn, fill, stroke}]}';
comment on column map.layers.sort_order is 'Order in the layer tree (排序)';
comment on column map.layers.feature_count is 'Number of features, kept with every change (要素数)';
comment on column map.layers.version is 'Bumped on every feature change of the layer: the tile-cache key (图层版本)';
comment on column map.layers.created_at is 'When the layer was registered';
comment on column map.layers.updated_at is 'Last change of the layer or one of its features';
comment on column map.layers.updated_by is 'User who changed it last';
grant select, insert, update on map.layers to sunland_app;
alter table map.layers enable row level security;
-- The registry itself is not secret (the API hides scoped layers from the anonymous); only the
-- owning subtree manages a layer.
create policy layers_read on map.layers for select to sunland_app using (true);
create policy layers_insert on map.layers for insert to sunland_app with check (platform.in_scope(org_path));
create policy layers_update on map.layers for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- A feature edit inside the editor's scope bumps the version of a layer owned higher up.
create or replace function map.touch_layer(p_layer_id bigint, p_count_delta int, p_user bigint) returns int
  language sql volatile security definer set search_path = map, pg_temp as
$$ update map.layers set version = version + 1, feature_count = feature_count + p_count_delta,
     updated_at = now(), updated_by = p_user where id = p_layer_id returning version $$;
comment on function map.touch_layer(bigint, int, bigint) is 'Bumps a layer''s version (图层版本) and feature count after a feature change; callable by the application role';
revoke all on function map.touch_layer(bigint, int, bigint) from public;
grant execute on function map.touch_layer(bigint, int, bigint) to sunland_app;

create table map.features (
  id bigint generated always as identity primary key,
  layer_id bigint not null references map.layers(id),
  code text,
  name text,
  properties jsonb not null default '{}' check (jsonb_typeof(properties) = 'object'),
  geom jsonb not null check (geom ? 'type' and geom ? 'coordinates'),
  bbox box not null,
  area_m2 double precision,
  is_public boolean not null,
  org_path ltree not null,
  version int not null default 1 check (version > 0),
  updated_at timestamptz not null default now(),
  updated_by bigint
);
comment on table map.features is 'Features of the layers (要素): one parcel, zone, mining right, hazard site …';
comment on column map.features.id is 'Surrogate key; stable across edits';
comment on column map.features.layer_id is 'The layer (所属图层)';
comment on column map.features.code is 'Business code (要素编码): 宗地代码, 矿权编号, 灾害点编号 …';
comment on column map.features.name is 'Display name (名称), e.g. 地类名称 or 项目名称';
comment on column map.features.properties is 'Attributes (属性) following the layer''s attribute schema';
comment on column map.features.geom is 'GeoJSON geometry in EPSG:4490, [lon, lat] (几何, CGCS2000)';
comment on column map.features.bbox is 'Extent of geom as a box ((minLon,minLat),(maxLon,maxLat)) for GiST candidate search (外包矩形)';
comment on column map.features.area_m2 is 'Ellipsoidal area on CGCS2000 in m² for polygons (椭球面积)';
comment on column map.features.is_public is 'Copied from the layer''s visibility: readable without login (公开)';
comment on column map.features.org_path is 'Division path the feature belongs to (所属区划), for RLS';
comment on column map.features.version is 'Feature version (要素版本), 1 on create';
comment on column map.features.updated_at is 'Last change (更新时间)';
comment on column map.features.updated_by is 'User who changed it last (更新人)';
create index features_layer_bbox on map.features using gist (layer_id, bbox);
create index features_layer_id on map.features (layer_id, id);
create index features_code on map.features (code text_pattern_ops) where code is not null;
grant select, insert, update, delete on map.features to sunland_app;
alter table map.features enable row level security;
create policy features_read on map.features for select to sunland_app using (is_public or platform.in_scope(org_path));
create policy features_insert on map.features for insert to sunland_app with check (platform.in_scope(org_path));
create policy features_update on map.features for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
create policy features_delete on map.features for delete to sunland_app using (platform.in_scope(org_path));

create table map.feature_versions (
  id bigint generated always as identity primary key,
  feature_id bigint not null,
  layer_id bigint not null references map.layers(id),
  version int not null check (version > 0),
  change text not null check (change in ('create', 'update', 'delete')),
  code text,
  properties jsonb not null,
  geom jsonb not null,
  is_public boolean not null,
  org_path ltree not null,
  changed_by bigint,
  changed_at timestamptz not null default now(),
  unique (feature_id, version)
);
comment on table map.feature_versions is 'Version history of every feature (要素历史): who changed what and when; append-only';
comment on column map.feature_versions.id is 'Surrogate key';
comment on column map.feature_versions.feature_id is 'The feature (要素); kept after the feature is deleted';
comment on column map.feature_versions.layer_id is 'The layer (所属图层)';
comment on column map.feature_versions.version is 'Feature version this row records (版本号)';
comment on column map.feature_versions.change is 'create 新增, update 修改, delete 删除';
comment on column map.feature_versions.code is 'Business code at this version (要素编码)';
comment on column map.feature_versions.properties is 'Attributes at this version (属性)';
comment on column map.feature_versions.geom is 'Geometry at this version (几何, EPSG:4490)';
comment on column map.feature_versions.is_public is 'Readable without login, as the feature was (公开)';
comment on column map.feature_versions.org_path is 'Division path of the feature (所属区划), for RLS';
comment on column map.feature_versions.changed_by is 'User who made the change (修改人); null for the seed';
comment on column map.feature_versions.changed_at is 'When (修改时间)';
create index feature_versions_feature on map.feature_versions (feature_id, version);
grant select, insert on map.feature_versions to sunland_app;
alter table map.feature_versions enable row level security;
create policy feature_versions_read on map.feature_versions for select to sunland_app using (is_public or platform.in_scope(org_path));
create policy feature_versions_insert on map.feature_versions for insert to sunland_app with check (platform.in_scope(org_path));
