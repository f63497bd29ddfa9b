-- Working-day calendar (工作日历): the State Council schedule comes from the chinese-days
-- package; these tables hold the security admin's overrides and declared years.
create schema calendar;
comment on schema calendar is 'Working days, holidays and make-up days (工作日历, 节假日与调休)';
grant usage on schema calendar to sunland_app;

create table calendar.overrides (
  date date primary key,
  kind text not null check (kind in ('workday', 'holiday')),
  name text not null check (length(name) between 1 and 100),
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table calendar.overrides is 'Days set by the security admin (日历调整): they win over the State Council data';
comment on column calendar.overrides.date is 'The day (日期)';
comment on column calendar.overrides.kind is 'workday (工作日/调休上班) or holiday (放假)';
comment on column calendar.overrides.name is 'Why (名称), e.g. 春节 or 地方假日';
comment on column calendar.overrides.created_by is 'User who set it (设置人)';
comment on column calendar.overrides.created_at is 'When it was first set';
comment on column calendar.overrides.updated_at is 'When it was last changed';

create table calendar.covered_years (
  year integer primary key check (year between 1949 and 2200),
  source text not null default 'override' check (source in ('chinese-days', 'override')),
  note text not null default '',
  declared_by bigint,
  declared_at timestamptz not null default now()
);
comment on table calendar.covered_years is 'Years declared complete by the security admin (已维护年份) after filling overrides; years of the chinese-days data are covered without a row';
comment on column calendar.covered_years.year is 'Calendar year (年份)';
comment on column calendar.covered_years.source is 'override: declared here (手工维护); chinese-days: reserved for data imported from the package';
comment on column calendar.covered_years.note is 'Basis of the declaration (依据), e.g. the notice number 国办发明电〔2026〕x号';
comment on column calendar.covered_years.declared_by is 'User who declared it (声明人)';
comment on column calendar.covered_years.declared_at is 'When it was declared';

-- Every server process caches the calendar; it re-reads when this counter moved.
create table calendar.state (
  id boolean primary key default true check (id),
  version bigint not null default 0,
  changed_at timestamptz not null default now()
);
comment on table calendar.state is 'Change counter of the calendar tables (缓存版本), read by every process to invalidate its cache';
comment on column calendar.state.id is 'Always true: the table has one row';
comment on column calendar.state.version is 'Increases on every change of overrides or covered_years';
comment on column calendar.state.changed_at is 'When the calendar last changed';
insert into calendar.state default values;

create function calendar.bump_version() returns trigger
  language plpgsql security definer set search_path = pg_catalog, calendar as
$$
begin
  update calendar.state set version = version + 1, changed_at = now();
  return null;
end
$$;
comment on function calendar.bump_version() is 'Moves calendar.state.version after any change of the calendar tables';
create trigger overrides_changed after insert or update or delete or truncate on calendar.overrides
  for each statement execute function calendar.bump_version();
create trigger covered_years_changed after insert or update or delete or truncate on calendar.covered_years
  for each statement execute function calendar.bump_version();

-- The calendar is national: not scoped; the routes require platform.calendar.manage to change it.
grant select, insert, update, delete on calendar.overrides to sunland_app;
grant select, insert, update, delete on calendar.covered_years to sunland_app;
grant select on calendar.state to sunland_app;
