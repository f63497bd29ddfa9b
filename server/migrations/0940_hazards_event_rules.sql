-- 灾情/险情速报 rules as data: the grading thresholds and the reporting time limits. The 灾情
-- grades are 《地质灾害防治条例》 art. 4 (confirmed in DOMAIN.md §7); the 险情 thresholds below
-- 重大 (500 people / 5000万元) and the 4 h / 12 h time limits are from the national emergency plan
-- as remembered, NOT confirmed in DOMAIN.md: `confirmed = false` marks them; an administrator
-- corrects a row without a code change (the next report is graded by the corrected row).
create table hazards.event_grading (
  kind text not null check (kind in ('disaster', 'danger')),
  grade text not null check (grade in ('medium', 'large', 'huge')),
  min_people int not null check (min_people > 0),
  min_loss numeric(14,2) not null check (min_loss > 0),
  confirmed boolean not null,
  source text not null,
  primary key (kind, grade)
);
comment on table hazards.event_grading is '速报分级标准: the lowest people count or loss (万元) of each grade above 小型 (小型 is everything below 中型)';
comment on column hazards.event_grading.kind is 'disaster 灾情 (people = deaths + missing, loss = direct loss) / danger 险情 (people = threatened, loss = potential loss)';
comment on column hazards.event_grading.grade is 'medium 中型 / large 大型 / huge 特大型';
comment on column hazards.event_grading.min_people is 'From this many people (死亡失踪 or 受威胁人数) the event is of this grade';
comment on column hazards.event_grading.min_loss is 'From this loss in 万元 (直接 or 潜在经济损失) the event is of this grade';
comment on column hazards.event_grading.confirmed is 'True when the threshold is confirmed from the published rule (DOMAIN.md); false = from memory, to be checked';
comment on column hazards.event_grading.source is 'Where the threshold comes from';
insert into hazards.event_grading values
  ('disaster', 'huge',   30,  1000, true,  '《地质灾害防治条例》第四条'),
  ('disaster', 'large',  10,   500, true,  '《地质灾害防治条例》第四条'),
  ('disaster', 'medium',  3,   100, true,  '《地质灾害防治条例》第四条'),
  ('danger',   'huge',  1000, 10000, false, '突发地质灾害应急预案 险情分级 (DOMAIN.md §7 "likely", one city''s plan)'),
  ('danger',   'large',  500,  5000, false, '突发地质灾害应急预案 险情分级 (DOMAIN.md §7 "likely", one city''s plan)'),
  ('danger',   'medium', 100,   500, false, '国家突发地质灾害应急预案 (from memory, not in DOMAIN.md)');

create table hazards.event_time_limits (
  grade text primary key check (grade in ('small', 'medium', 'large', 'huge')),
  hours int not null check (hours between 1 and 72),
  report_to text[] not null check (report_to <@ array['county_gov', 'city', 'province', 'ministry']::text[] and cardinality(report_to) > 0),
  remind_minutes int not null check (remind_minutes >= 0),
  confirmed boolean not null,
  source text not null
);
comment on table hazards.event_time_limits is '速报时限: per grade, the hours from receipt within which the county reports, and to which levels';
comment on column hazards.event_time_limits.grade is 'small 小型 / medium 中型 / large 大型 / huge 特大型';
comment on column hazards.event_time_limits.hours is 'Hours from 接报 to the deadline';
comment on column hazards.event_time_limits.report_to is 'Levels to report to: county_gov 县政府, city 市级, province 省级, ministry 部';
comment on column hazards.event_time_limits.remind_minutes is 'The responsible staff are reminded this many minutes before the deadline (催报)';
comment on column hazards.event_time_limits.confirmed is 'True when confirmed from the published rule; false = from memory, to be checked';
comment on column hazards.event_time_limits.source is 'Where the limit comes from';
insert into hazards.event_time_limits values
  ('huge',   4,  array['county_gov', 'city', 'province', 'ministry'], 60,  false, '国家突发地质灾害应急预案 速报 (from memory, not in DOMAIN.md)'),
  ('large',  4,  array['county_gov', 'city', 'province', 'ministry'], 60,  false, '国家突发地质灾害应急预案 速报 (from memory, not in DOMAIN.md)'),
  ('medium', 12, array['county_gov', 'city', 'province'],             120, false, '国家突发地质灾害应急预案 速报 (from memory, not in DOMAIN.md)'),
  ('small',  12, array['county_gov', 'city'],                         120, false, '国家突发地质灾害应急预案 速报 (from memory, not in DOMAIN.md)');

-- Reference data: every staff member reads it; only the owner (a migration, an administrator) changes it.
grant select on hazards.event_grading, hazards.event_time_limits to sunland_app;

alter table hazards.event_reports add column reminded_at timestamptz, add column overdue_notified_at timestamptz;
comment on column hazards.event_reports.reminded_at is 'When the responsible staff were reminded before the deadline (催报), once';
comment on column hazards.event_reports.overdue_notified_at is 'When the responsible staff were told the deadline passed with levels not reported, once';
