-- Township workbench (乡镇国土资源所工作台) and 网上督察: what the township's information clerk
-- (信息采集员) files and reports (巡查发现, 用地变化), notices between the county and its townships
-- with read receipts (已阅回执), questions to the county with an answer deadline in working days
-- (站内信 咨询答复), and the patrol areas (巡查片区) the offline field app hands out.
--
-- Row-level security: every row carries org_path, the path of the township (or, for a county
-- notice, the county) it belongs to. A township sees its own rows; the county sees its townships';
-- the city sees all of its counties' townships (platform.in_scope). A county notice is read by
-- the townships below it: its policy also lets a scope that lies under the notice's path read it.
create schema township;
comment on schema township is 'Township workbench and online supervision (乡镇工作台与网上督察)';
grant usage on schema township to sunland_app;

-- True when one of the current scopes lies inside p (the actor is below p: a township reading its county's notice).
create or replace function township.below_scope(p ltree) returns boolean
  language sql stable parallel safe as
$$ select exists (select 1 from unnest(platform.current_scopes()) s where s <@ p) $$;
comment on function township.below_scope(ltree) is 'True when a current scope lies inside the path (下级读取上级通知)';
grant execute on function township.below_scope(ltree) to sunland_app;

create table township.entries (
  id uuid primary key default gen_random_uuid(),
  org_path ltree not null,
  township_code text not null check (township_code ~ '^\d{9}$'),
  kind text not null check (kind in ('patrol', 'land_change')),
  finding text not null check (finding in ('illegal_building', 'small_mine', 'hazard_sign', 'nothing_found', 'land_change')),
  place text not null check (length(place) between 2 and 200),
  lon double precision check (lon between 73 and 136),
  lat double precision check (lat between 3 and 54),
  description text not null check (length(description) between 2 and 2000),
  observed_on date not null,
  status text not null default 'draft' check (status in ('draft', 'reported')),
  reported_at timestamptz,
  field_record_id uuid unique,
  version int not null default 1,
  created_at timestamptz not null default now(),
  created_by bigint,
  updated_at timestamptz not null default now(),
  check ((status = 'reported') = (reported_at is not null)),
  check ((kind = 'land_change') = (finding = 'land_change'))
);
comment on table township.entries is 'Entries the township clerk fills and reports (乡镇填报): daily patrol findings (日常巡查发现) and land-use change notes (土地利用变化情况)';
comment on column township.entries.id is 'Entry id (also the exchange record id of township.report)';
comment on column township.entries.org_path is 'The township (乡镇) the entry belongs to';
comment on column township.entries.township_code is 'GB/T 2260 code of the township (乡镇代码)';
comment on column township.entries.kind is 'patrol 日常巡查 / land_change 土地利用变化';
comment on column township.entries.finding is 'illegal_building 违法建设 / small_mine 小矿（无证开采） / hazard_sign 地灾隐患迹象 / nothing_found 未发现异常 / land_change 用地变化';
comment on column township.entries.place is 'Where (地点：村、组、地名)';
comment on column township.entries.lon is 'Longitude (经度, CGCS2000), optional';
comment on column township.entries.lat is 'Latitude (纬度, CGCS2000), optional';
comment on column township.entries.description is 'What was seen (情况描述)';
comment on column township.entries.observed_on is 'Day of the patrol or observation (巡查日期)';
comment on column township.entries.status is 'draft 草稿 / reported 已上报';
comment on column township.entries.reported_at is 'When reported to the county (上报时间)';
comment on column township.entries.field_record_id is 'Record id of the offline field app when filed there (外业记录号, idempotency)';
comment on column township.entries.version is 'Row version, raised on every change (exchange record version)';
comment on column township.entries.created_at is 'When filed (填报时间)';
comment on column township.entries.created_by is 'Who filed it (填报人)';
comment on column township.entries.updated_at is 'Last change';
create index entries_org_created on township.entries using gist (org_path);
create index entries_reported on township.entries (reported_at, id) where status = 'reported';
grant select, insert, update on township.entries to sunland_app;
alter table township.entries enable row level security;
alter table township.entries force row level security;
create policy entries_rw on township.entries for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));

create table township.notices (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  origin text not null check (origin in ('county', 'township')),
  column_kind text not null check (column_kind in ('notice', 'news')),
  title text not null check (length(title) between 2 and 200),
  body text not null check (length(body) between 2 and 20000),
  read_by date,
  portal_article_id text,
  published_at timestamptz not null default now(),
  published_by bigint,
  publisher_name text not null
);
comment on table township.notices is 'Notices and news (通知公告、工作动态): from the county to its townships (县局下发), or a township''s own (乡镇发布, handed to the portal for review)';
comment on column township.notices.id is 'Notice id';
comment on column township.notices.org_path is 'The publisher: the county for county notices, the township for its own';
comment on column township.notices.origin is 'county 县局下发 / township 乡镇自行发布';
comment on column township.notices.column_kind is 'notice 通知公告 / news 工作动态';
comment on column township.notices.title is 'Title (标题)';
comment on column township.notices.body is 'Text (正文, plain text)';
comment on column township.notices.read_by is 'County notices: read before this day (阅知期限); unread after it counts as overdue';
comment on column township.notices.portal_article_id is 'Township notices: the draft article the portal made of it (门户稿件号), null without a portal';
comment on column township.notices.published_at is 'When published (发布时间)';
comment on column township.notices.published_by is 'Who published it';
comment on column township.notices.publisher_name is 'Publishing office as shown (发布单位)';
create index notices_org on township.notices using gist (org_path);
grant select, insert, update on township.notices to sunland_app;
alter table township.notices enable row level security;
alter table township.notices force row level security;
create policy notices_read on township.notices for select to sunland_app
  using (platform.in_scope(org_path) or (origin = 'county' and township.below_scope(org_path)));
create policy notices_write on township.notices for insert to sunland_app with check (platform.in_scope(org_path));
create policy notices_update on township.notices for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table township.notice_reads (
  notice_id bigint not null references township.notices(id),
  org_path ltree not null,
  user_id bigint not null,
  read_at timestamptz not null default now(),
  primary key (notice_id, org_path)
);
comment on table township.notice_reads is 'Read receipts (已阅回执): the first reading of a county notice by each township';
comment on column township.notice_reads.notice_id is 'The notice';
comment on column township.notice_reads.org_path is 'The township that read it';
comment on column township.notice_reads.user_id is 'Who read it first (阅读人)';
comment on column township.notice_reads.read_at is 'When first read (阅读时间)';
create index notice_reads_org on township.notice_reads using gist (org_path);
grant select, insert on township.notice_reads to sunland_app;
alter table township.notice_reads enable row level security;
alter table township.notice_reads force row level security;
create policy notice_reads_rw on township.notice_reads for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));

create table township.messages (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  subject text not null check (length(subject) between 2 and 200),
  question text not null check (length(question) between 2 and 4000),
  asked_by bigint,
  asker_name text not null,
  asked_at timestamptz not null default now(),
  due_date date not null,
  answer text check (answer is null or length(answer) between 2 and 4000),
  answered_by bigint,
  answerer_name text,
  answered_at timestamptz,
  answer_workdays int,
  check ((answer is null) = (answered_at is null))
);
comment on table township.messages is 'Questions of a township to the county and their answers (站内信 咨询答复)';
comment on column township.messages.id is 'Message id';
comment on column township.messages.org_path is 'The township that asked';
comment on column township.messages.subject is 'Subject (主题)';
comment on column township.messages.question is 'Question (问题)';
comment on column township.messages.asked_by is 'Who asked';
comment on column township.messages.asker_name is 'Name of the asker as shown';
comment on column township.messages.asked_at is 'When asked (提问时间)';
comment on column township.messages.due_date is 'Answer due (答复期限): working days after the question (platform calendar)';
comment on column township.messages.answer is 'Answer of the county (答复内容)';
comment on column township.messages.answered_by is 'Who answered';
comment on column township.messages.answerer_name is 'Name of the answerer as shown';
comment on column township.messages.answered_at is 'When answered (答复时间)';
comment on column township.messages.answer_workdays is 'Working days from question to answer (答复用时, 工作日)';
create index messages_org on township.messages using gist (org_path);
grant select, insert, update on township.messages to sunland_app;
alter table township.messages enable row level security;
alter table township.messages force row level security;
create policy messages_rw on township.messages for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));

create table township.patrol_areas (
  id uuid primary key default gen_random_uuid(),
  org_path ltree not null,
  township_code text not null check (township_code ~ '^\d{9}$'),
  name text not null check (length(name) between 2 and 100),
  geometry jsonb not null,
  version int not null default 1
);
comment on table township.patrol_areas is 'Patrol areas (巡查片区) handed to the offline field app as the township''s daily patrol';
comment on column township.patrol_areas.id is 'Area id (field assignment id)';
comment on column township.patrol_areas.org_path is 'The township';
comment on column township.patrol_areas.township_code is 'GB/T 2260 code of the township';
comment on column township.patrol_areas.name is 'Name (片区名称, e.g. 新街村—红花村)';
comment on column township.patrol_areas.geometry is 'GeoJSON geometry (lon/lat CGCS2000) of the area';
comment on column township.patrol_areas.version is 'Raised when the area changes (field assignment version)';
grant select, insert, update on township.patrol_areas to sunland_app;
alter table township.patrol_areas enable row level security;
alter table township.patrol_areas force row level security;
create policy patrol_areas_rw on township.patrol_areas for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));
