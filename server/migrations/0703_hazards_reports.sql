-- 灾情/险情速报: reports of geological hazard events (灾情: casualties and losses; 险情: a
-- danger threatening people), graded by 《地质灾害防治条例》 art. 4 (灾情) and the national
-- emergency plan's 险情 thresholds, with the time limit for the county to report up the levels.
create table hazards.event_reports (
  id bigint generated always as identity primary key,
  report_no text not null unique,
  org_path ltree not null,
  kind text not null check (kind in ('disaster', 'danger')),
  site_id bigint references hazards.sites(id),
  township_code text not null,
  place text not null check (length(place) between 2 and 200),
  hazard_type text not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  deaths int not null default 0 check (deaths >= 0),
  missing int not null default 0 check (missing >= 0),
  injured int not null default 0 check (injured >= 0),
  direct_loss numeric(14,2) not null default 0 check (direct_loss >= 0),
  threatened_people int not null default 0 check (threatened_people >= 0),
  potential_loss numeric(14,2) not null default 0 check (potential_loss >= 0),
  grade text not null check (grade in ('small', 'medium', 'large', 'huge')),
  report_to text[] not null,
  due_at timestamptz not null,
  reported jsonb not null default '{}',
  summary text not null check (length(summary) between 4 and 2000),
  created_by bigint not null
);
comment on table hazards.event_reports is '灾情/险情速报: graded events and their reporting up the levels';
comment on column hazards.event_reports.id is 'Surrogate key';
comment on column hazards.event_reports.report_no is 'Report number (速报编号)';
comment on column hazards.event_reports.org_path is 'Township path, for RLS';
comment on column hazards.event_reports.kind is 'disaster 灾情 (happened: casualties, losses) / danger 险情 (threatens people)';
comment on column hazards.event_reports.site_id is 'Registered site concerned, if any';
comment on column hazards.event_reports.township_code is 'Township';
comment on column hazards.event_reports.place is 'Place (发生地点)';
comment on column hazards.event_reports.hazard_type is 'Hazard type (灾害类型)';
comment on column hazards.event_reports.occurred_at is 'When it happened or was found (发生时间)';
comment on column hazards.event_reports.received_at is 'When the county received the report (接报时间); the time limit runs from here';
comment on column hazards.event_reports.deaths is 'Deaths (死亡)';
comment on column hazards.event_reports.missing is 'Missing (失踪), counted with deaths for grading';
comment on column hazards.event_reports.injured is 'Injured (受伤)';
comment on column hazards.event_reports.direct_loss is 'Direct economic loss, 万元 (直接经济损失)';
comment on column hazards.event_reports.threatened_people is 'People threatened (受威胁人数), 险情';
comment on column hazards.event_reports.potential_loss is 'Potential economic loss, 万元 (潜在经济损失), 险情';
comment on column hazards.event_reports.grade is 'small 小型 / medium 中型 / large 大型 / huge 特大型';
comment on column hazards.event_reports.report_to is 'Levels to report to (county_gov 县政府, city 市级, province 省级, ministry 部)';
comment on column hazards.event_reports.due_at is 'Report up by (速报时限): 4 h for 大型/特大型, 12 h for 中型/小型';
comment on column hazards.event_reports.reported is 'When each level was reported to {level: ISO time}';
comment on column hazards.event_reports.summary is 'What happened (基本情况)';
comment on column hazards.event_reports.created_by is 'Who recorded it';
grant select, insert, update on hazards.event_reports to sunland_app;
alter table hazards.event_reports enable row level security;
alter table hazards.event_reports force row level security;
create policy event_reports_rw on hazards.event_reports for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
