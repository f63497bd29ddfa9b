-- Geological hazards (地质灾害防治): the registry of hazard sites (隐患点) with its history, the
-- 群测群防 roster and threatened households, live monitoring after OGC SensorThings (Thing,
-- Location, Sensor, ObservedProperty, Datastream, Observation — observations partitioned by
-- month), device credentials, thresholds and alarms, and meteorological risk warnings
-- (气象风险预警) co-signed by the weather bureau.
--
-- Row-level security: every row carries the division path of its township (org_path); a county
-- sees its own townships. A warning is also visible to the co-signing organisation.
create schema hazards;
comment on schema hazards is 'Geological hazards (地质灾害防治): sites, monitoring, alarms, warnings';
grant usage on schema hazards to sunland_app;

create table hazards.sites (
  id bigint generated always as identity primary key,
  site_no text not null unique check (site_no ~ '^[0-9A-Z-]{4,30}$'),
  name text not null check (length(name) between 2 and 100),
  hazard_type text not null check (hazard_type in ('landslide', 'collapse', 'debris_flow', 'ground_collapse', 'ground_fissure', 'ground_subsidence', 'unstable_slope')),
  township_code text not null,
  org_path ltree not null,
  location text not null check (length(location) between 2 and 200),
  lon double precision not null check (lon between 73 and 136),
  lat double precision not null check (lat between 3 and 54),
  scale text not null check (scale in ('small', 'medium', 'large', 'huge')),
  volume_m3 double precision check (volume_m3 >= 0),
  stability text not null check (stability in ('stable', 'basically_stable', 'unstable')),
  threatened_households int not null default 0 check (threatened_households >= 0),
  threatened_people int not null default 0 check (threatened_people >= 0),
  threatened_property numeric(12,2) not null default 0 check (threatened_property >= 0),
  risk_level text not null check (risk_level in ('low', 'medium', 'high', 'very_high')),
  measures text not null default '',
  evacuation_route text not null default '',
  shelter text not null default '',
  warning_signal text not null default '',
  status text not null default 'registered' check (status in ('registered', 'cancelled')),
  cancel_reason text,
  version int not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by bigint,
  check (status = 'registered' or cancel_reason is not null)
);
comment on table hazards.sites is 'Hazard sites (地质灾害隐患点) on the register';
comment on column hazards.sites.id is 'Surrogate key';
comment on column hazards.sites.site_no is 'Site number (隐患点编号), unique';
comment on column hazards.sites.name is 'Site name (隐患点名称)';
comment on column hazards.sites.hazard_type is 'Hazard type (灾害类型): landslide 滑坡 / collapse 崩塌 / debris_flow 泥石流 / ground_collapse 地面塌陷 / ground_fissure 地裂缝 / ground_subsidence 地面沉降 / unstable_slope 不稳定斜坡';
comment on column hazards.sites.township_code is 'Township division code (所在乡镇)';
comment on column hazards.sites.org_path is 'Division path of the township, for RLS (所属区划)';
comment on column hazards.sites.location is 'Location description (地理位置), village and group';
comment on column hazards.sites.lon is 'Longitude, CGCS2000 (经度)';
comment on column hazards.sites.lat is 'Latitude, CGCS2000 (纬度)';
comment on column hazards.sites.scale is 'Scale grade (规模等级): small 小型 / medium 中型 / large 大型 / huge 特大型';
comment on column hazards.sites.volume_m3 is 'Volume in m³ (体积)';
comment on column hazards.sites.stability is 'Stability (稳定性): stable 稳定 / basically_stable 基本稳定 / unstable 不稳定';
comment on column hazards.sites.threatened_households is 'Households threatened (威胁户数)';
comment on column hazards.sites.threatened_people is 'People threatened (威胁人数)';
comment on column hazards.sites.threatened_property is 'Property threatened, 万元 (威胁财产)';
comment on column hazards.sites.risk_level is 'Risk level (险情等级): low 低 / medium 中 / high 高 / very_high 极高';
comment on column hazards.sites.measures is 'Prevention measures (防治措施)';
comment on column hazards.sites.evacuation_route is 'Evacuation route (撤离路线)';
comment on column hazards.sites.shelter is 'Shelter (避险场所)';
comment on column hazards.sites.warning_signal is 'Warning signal (预警信号), e.g. 鸣锣';
comment on column hazards.sites.status is 'registered 在册 / cancelled 核销';
comment on column hazards.sites.cancel_reason is 'Why cancelled (核销原因)';
comment on column hazards.sites.version is 'Record version, 1 on registration (版本)';
comment on column hazards.sites.created_at is 'When registered';
comment on column hazards.sites.updated_at is 'Last change';
comment on column hazards.sites.updated_by is 'Who changed it last';
create index sites_org_path on hazards.sites using gist (org_path);
grant select, insert, update on hazards.sites to sunland_app;
alter table hazards.sites enable row level security;
alter table hazards.sites force row level security;
create policy sites_rw on hazards.sites for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.site_versions (
  site_id bigint not null references hazards.sites(id),
  version int not null,
  change text not null check (change in ('registered', 'updated', 'cancelled', 'restored')),
  snapshot jsonb not null,
  changed_fields text[] not null default '{}',
  org_path ltree not null,
  changed_by bigint,
  changed_at timestamptz not null default now(),
  primary key (site_id, version)
);
comment on table hazards.site_versions is 'History of a site (隐患点变更历史): every version as it was';
comment on column hazards.site_versions.site_id is 'The site';
comment on column hazards.site_versions.version is 'Version number';
comment on column hazards.site_versions.change is 'registered 登记 / updated 变更 / cancelled 核销 / restored 恢复在册';
comment on column hazards.site_versions.snapshot is 'The whole record at this version';
comment on column hazards.site_versions.changed_fields is 'Fields changed from the previous version';
comment on column hazards.site_versions.org_path is 'Scope, the site''s';
comment on column hazards.site_versions.changed_by is 'Who';
comment on column hazards.site_versions.changed_at is 'When';
grant select, insert on hazards.site_versions to sunland_app;
alter table hazards.site_versions enable row level security;
alter table hazards.site_versions force row level security;
create policy site_versions_rw on hazards.site_versions for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.site_people (
  id bigint generated always as identity primary key,
  site_id bigint not null references hazards.sites(id),
  org_path ltree not null,
  role text not null check (role in ('monitor', 'village', 'township')),
  name text not null check (length(name) between 2 and 40),
  phone text not null check (phone ~ '^1[3-9][0-9]{9}$'),
  user_id bigint,
  created_at timestamptz not null default now()
);
comment on table hazards.site_people is '群测群防 roster of a site: monitor and responsible persons';
comment on column hazards.site_people.id is 'Surrogate key';
comment on column hazards.site_people.site_id is 'The site';
comment on column hazards.site_people.org_path is 'Scope, the site''s';
comment on column hazards.site_people.role is 'monitor 监测员 / village 村级责任人 / township 乡镇责任人';
comment on column hazards.site_people.name is 'Name (姓名)';
comment on column hazards.site_people.phone is 'Mobile phone (手机号)';
comment on column hazards.site_people.user_id is 'Platform account, for in-app messages (optional)';
comment on column hazards.site_people.created_at is 'When added';
create index site_people_site on hazards.site_people (site_id);
grant select, insert, delete on hazards.site_people to sunland_app;
alter table hazards.site_people enable row level security;
alter table hazards.site_people force row level security;
create policy site_people_rw on hazards.site_people for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.households (
  id bigint generated always as identity primary key,
  site_id bigint not null references hazards.sites(id),
  org_path ltree not null,
  head_name text not null check (length(head_name) between 2 and 40),
  members int not null check (members between 1 and 50),
  phone text check (phone ~ '^1[3-9][0-9]{9}$'),
  address text not null check (length(address) between 2 and 200),
  created_at timestamptz not null default now()
);
comment on table hazards.households is 'Households threatened by a site (受威胁户)';
comment on column hazards.households.id is 'Surrogate key';
comment on column hazards.households.site_id is 'The site';
comment on column hazards.households.org_path is 'Scope, the site''s';
comment on column hazards.households.head_name is 'Head of household (户主)';
comment on column hazards.households.members is 'Members (家庭人数)';
comment on column hazards.households.phone is 'Phone (联系电话)';
comment on column hazards.households.address is 'Address (住址)';
comment on column hazards.households.created_at is 'When added';
create index households_site on hazards.households (site_id);
grant select, insert, delete on hazards.households to sunland_app;
alter table hazards.households enable row level security;
alter table hazards.households force row level security;
create policy households_rw on hazards.households for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- OGC SensorThings entities. Sensors and observed properties are shared catalogue rows.
create table hazards.sensors (
  id bigint generated always as identity primary key,
  name text not null unique,
  description text not null,
  encoding_type text not null default 'application/pdf',
  metadata text not null default ''
);
comment on table hazards.sensors is 'SensorThings Sensor: a kind of instrument (传感器型号)';
comment on column hazards.sensors.id is '@iot.id';
comment on column hazards.sensors.name is 'Name';
comment on column hazards.sensors.description is 'Description';
comment on column hazards.sensors.encoding_type is 'Encoding of metadata';
comment on column hazards.sensors.metadata is 'Datasheet link or text';
grant select on hazards.sensors to sunland_app;

create table hazards.observed_properties (
  id bigint generated always as identity primary key,
  code text not null unique check (code in ('rainfall', 'displacement', 'crack_width', 'tilt', 'water_level')),
  name text not null,
  definition text not null,
  description text not null
);
comment on table hazards.observed_properties is 'SensorThings ObservedProperty (监测要素): rainfall 降雨量, displacement 位移, crack_width 裂缝宽度, tilt 倾角, water_level 水位';
comment on column hazards.observed_properties.id is '@iot.id';
comment on column hazards.observed_properties.code is 'Internal code';
comment on column hazards.observed_properties.name is 'Name';
comment on column hazards.observed_properties.definition is 'URI of the definition';
comment on column hazards.observed_properties.description is 'Description';
grant select on hazards.observed_properties to sunland_app;

create table hazards.things (
  id bigint generated always as identity primary key,
  site_id bigint references hazards.sites(id),
  org_path ltree not null,
  name text not null check (length(name) between 2 and 100),
  description text not null default '',
  device_id text not null unique check (device_id ~ '^[A-Za-z0-9_-]{3,40}$'),
  secret_hash text not null,
  lon double precision not null,
  lat double precision not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table hazards.things is 'SensorThings Thing: a monitoring device at a site (监测设备) with its MQTT credentials; its Location is lon/lat';
comment on column hazards.things.id is '@iot.id (also the Location id)';
comment on column hazards.things.site_id is 'Site monitored';
comment on column hazards.things.org_path is 'Scope, the site''s';
comment on column hazards.things.name is 'Name';
comment on column hazards.things.description is 'Description';
comment on column hazards.things.device_id is 'Device id: MQTT client id and user name, topic sunland/devices/<device_id>/observations (设备编号)';
comment on column hazards.things.secret_hash is 'scrypt hash of the device secret (设备密钥)';
comment on column hazards.things.lon is 'Location longitude';
comment on column hazards.things.lat is 'Location latitude';
comment on column hazards.things.active is 'False = credentials revoked (停用)';
comment on column hazards.things.created_at is 'When registered';
grant select, insert, update on hazards.things to sunland_app;
alter table hazards.things enable row level security;
alter table hazards.things force row level security;
create policy things_rw on hazards.things for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.datastreams (
  id bigint generated always as identity primary key,
  thing_id bigint not null references hazards.things(id),
  sensor_id bigint not null references hazards.sensors(id),
  observed_property_id bigint not null references hazards.observed_properties(id),
  org_path ltree not null,
  code text not null check (code ~ '^[a-z0-9_]{1,30}$'),
  name text not null,
  description text not null default '',
  unit_name text not null,
  unit_symbol text not null,
  unit_definition text not null default '',
  last_result double precision,
  last_time timestamptz,
  unique (thing_id, code)
);
comment on table hazards.datastreams is 'SensorThings Datastream: one series of a device (监测数据流)';
comment on column hazards.datastreams.id is '@iot.id';
comment on column hazards.datastreams.thing_id is 'Thing';
comment on column hazards.datastreams.sensor_id is 'Sensor';
comment on column hazards.datastreams.observed_property_id is 'ObservedProperty';
comment on column hazards.datastreams.org_path is 'Scope, the thing''s';
comment on column hazards.datastreams.code is 'Code in device payloads, e.g. rain, disp, crack';
comment on column hazards.datastreams.name is 'Name';
comment on column hazards.datastreams.description is 'Description';
comment on column hazards.datastreams.unit_name is 'unitOfMeasurement.name';
comment on column hazards.datastreams.unit_symbol is 'unitOfMeasurement.symbol';
comment on column hazards.datastreams.unit_definition is 'unitOfMeasurement.definition';
comment on column hazards.datastreams.last_result is 'Latest result (最新值)';
comment on column hazards.datastreams.last_time is 'Time of the latest result';
grant select, insert, update on hazards.datastreams to sunland_app;
alter table hazards.datastreams enable row level security;
alter table hazards.datastreams force row level security;
create policy datastreams_rw on hazards.datastreams for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.observations (
  id bigint generated always as identity,
  datastream_id bigint not null,
  org_path ltree not null,
  phenomenon_time timestamptz not null,
  result_time timestamptz not null default now(),
  result double precision not null,
  primary key (datastream_id, phenomenon_time)
) partition by range (phenomenon_time);
comment on table hazards.observations is 'SensorThings Observation (监测数据), partitioned by month of phenomenon time; a repeat of (datastream, time) is the same observation (QoS 1 redelivery)';
comment on column hazards.observations.id is '@iot.id';
comment on column hazards.observations.datastream_id is 'Datastream';
comment on column hazards.observations.org_path is 'Scope, the datastream''s';
comment on column hazards.observations.phenomenon_time is 'When measured (观测时间)';
comment on column hazards.observations.result_time is 'When received (接收时间)';
comment on column hazards.observations.result is 'Value (观测值)';
do $$
declare m date := date '2024-01-01';
begin
  while m < date '2031-01-01' loop
    execute format('create table hazards.observations_%s partition of hazards.observations for values from (%L) to (%L)',
      to_char(m, 'YYYYMM'), m, (m + interval '1 month')::date);
    m := (m + interval '1 month')::date;
  end loop;
end $$;
create table hazards.observations_default partition of hazards.observations default;
create index observations_id on hazards.observations (id);
grant select, insert on hazards.observations to sunland_app;
alter table hazards.observations enable row level security;
alter table hazards.observations force row level security;
create policy observations_rw on hazards.observations for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.ingest_rejections (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  source text not null check (source in ('mqtt', 'http')),
  device_id text,
  topic text,
  reason text not null,
  payload text
);
comment on table hazards.ingest_rejections is 'Refused device input (拒收记录): unknown device or topic, malformed payload, time far in the future';
comment on column hazards.ingest_rejections.id is 'Surrogate key';
comment on column hazards.ingest_rejections.at is 'When';
comment on column hazards.ingest_rejections.source is 'mqtt or http';
comment on column hazards.ingest_rejections.device_id is 'Device id claimed';
comment on column hazards.ingest_rejections.topic is 'MQTT topic or HTTP path';
comment on column hazards.ingest_rejections.reason is 'Why refused';
comment on column hazards.ingest_rejections.payload is 'First 500 characters of the payload';
grant select, insert on hazards.ingest_rejections to sunland_app;

create table hazards.thresholds (
  id bigint generated always as identity primary key,
  datastream_id bigint not null references hazards.datastreams(id),
  org_path ltree not null,
  metric text not null check (metric in ('value', 'sum_1h', 'sum_24h', 'rate_24h')),
  blue double precision,
  yellow double precision,
  orange double precision,
  red double precision,
  unique (datastream_id, metric),
  check (coalesce(blue, yellow, orange, red) is not null)
);
comment on table hazards.thresholds is 'Alarm thresholds of a datastream (预警阈值): level reached when the metric is at or above it';
comment on column hazards.thresholds.id is 'Surrogate key';
comment on column hazards.thresholds.datastream_id is 'Datastream';
comment on column hazards.thresholds.org_path is 'Scope, the datastream''s';
comment on column hazards.thresholds.metric is 'value 当前值 (crack width) / sum_1h 1小时累计 / sum_24h 24小时累计 (rainfall) / rate_24h 24小时变化量 (displacement rate)';
comment on column hazards.thresholds.blue is '蓝色 (四级) threshold';
comment on column hazards.thresholds.yellow is '黄色 (三级) threshold';
comment on column hazards.thresholds.orange is '橙色 (二级) threshold';
comment on column hazards.thresholds.red is '红色 (一级) threshold';
grant select, insert, update, delete on hazards.thresholds to sunland_app;
alter table hazards.thresholds enable row level security;
alter table hazards.thresholds force row level security;
create policy thresholds_rw on hazards.thresholds for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.alarms (
  id bigint generated always as identity primary key,
  datastream_id bigint not null references hazards.datastreams(id),
  site_id bigint references hazards.sites(id),
  org_path ltree not null,
  metric text not null,
  severity int not null check (severity between 1 and 4),
  peak_severity int not null check (peak_severity between 1 and 4),
  status text not null default 'active' check (status in ('active', 'cleared')),
  raised_value double precision not null,
  last_value double precision not null,
  raised_at timestamptz not null default now(),
  cleared_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by bigint
);
comment on table hazards.alarms is 'Monitoring alarms (监测报警), ThingsBoard-style: one active alarm per datastream and metric, escalated or cleared, acknowledged by a person';
comment on column hazards.alarms.id is 'Surrogate key';
comment on column hazards.alarms.datastream_id is 'Datastream';
comment on column hazards.alarms.site_id is 'Site';
comment on column hazards.alarms.org_path is 'Scope';
comment on column hazards.alarms.metric is 'Metric of the threshold';
comment on column hazards.alarms.severity is 'Current level: 4 蓝 / 3 黄 / 2 橙 / 1 红';
comment on column hazards.alarms.peak_severity is 'Highest level reached';
comment on column hazards.alarms.status is 'active 报警中 / cleared 已解除';
comment on column hazards.alarms.raised_value is 'Metric value when raised';
comment on column hazards.alarms.last_value is 'Latest metric value';
comment on column hazards.alarms.raised_at is 'When raised';
comment on column hazards.alarms.cleared_at is 'When cleared';
comment on column hazards.alarms.acknowledged_at is 'When acknowledged (确认)';
comment on column hazards.alarms.acknowledged_by is 'Who acknowledged';
create unique index alarms_one_active on hazards.alarms (datastream_id, metric) where status = 'active';
grant select, insert, update on hazards.alarms to sunland_app;
alter table hazards.alarms enable row level security;
alter table hazards.alarms force row level security;
create policy alarms_rw on hazards.alarms for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.alarm_events (
  id bigint generated always as identity primary key,
  alarm_id bigint not null references hazards.alarms(id),
  org_path ltree not null,
  kind text not null check (kind in ('raised', 'escalated', 'lowered', 'cleared', 'acknowledged')),
  severity int,
  value double precision,
  by_user bigint,
  at timestamptz not null default now()
);
comment on table hazards.alarm_events is 'What happened to an alarm (报警过程)';
comment on column hazards.alarm_events.id is 'Surrogate key';
comment on column hazards.alarm_events.alarm_id is 'Alarm';
comment on column hazards.alarm_events.org_path is 'Scope';
comment on column hazards.alarm_events.kind is 'raised 触发 / escalated 升级 / lowered 降级 / cleared 解除 / acknowledged 确认';
comment on column hazards.alarm_events.severity is 'Level after the event';
comment on column hazards.alarm_events.value is 'Metric value';
comment on column hazards.alarm_events.by_user is 'Who (acknowledgement)';
comment on column hazards.alarm_events.at is 'When';
grant select, insert on hazards.alarm_events to sunland_app;
alter table hazards.alarm_events enable row level security;
alter table hazards.alarm_events force row level security;
create policy alarm_events_rw on hazards.alarm_events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- Reference rows: the instruments and observed properties of 群专结合 monitoring.
insert into hazards.observed_properties (code, name, definition, description) values
  ('rainfall', '降雨量', 'http://vocabs.lter-europe.net/EnvThes/22035', 'Precipitation amount (降雨量), mm per reporting interval'),
  ('displacement', '位移', 'http://sunland.local/def/displacement', 'Cumulative surface displacement (地表位移), mm'),
  ('crack_width', '裂缝宽度', 'http://sunland.local/def/crack_width', 'Crack width (裂缝宽度), mm'),
  ('tilt', '倾角', 'http://sunland.local/def/tilt', 'Tilt (倾角), degrees'),
  ('water_level', '水位', 'http://sunland.local/def/water_level', 'Water level (水位), m');
insert into hazards.sensors (name, description) values
  ('雨量计', 'Tipping-bucket rain gauge (翻斗式雨量计)'),
  ('GNSS位移监测站', 'GNSS surface displacement station (GNSS地表位移监测站)'),
  ('裂缝计', 'Crack meter (裂缝计)'),
  ('倾角计', 'Inclinometer (倾角计)'),
  ('水位计', 'Water-level gauge (水位计)');
