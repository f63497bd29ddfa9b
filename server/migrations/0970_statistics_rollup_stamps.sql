-- 汇总 cache stamps. A roll-up of one form and period is kept by the server and served again
-- while nothing it summed has changed. What it summed is stamped from one sequence: every change
-- of a report row (status, revision, unit …) and of its packed values (statistics.report_cells)
-- takes a new number, and every change of the division hierarchy (行政区划) bumps a hierarchy
-- stamp. The server compares (count, highest number) of the reports it would sum, and the
-- hierarchy stamp, with the ones its cached roll-up was computed from: a submit, an acceptance,
-- a return, a deleted report or a 撤县设区 row all change them. Sequences take no row lock, so
-- 200 simultaneous submissions of one period do not queue on a shared counter row.
create sequence statistics.rollup_change_seq;
comment on sequence statistics.rollup_change_seq is 'Change numbers of reports and packed values (汇总缓存版本号)';
grant usage on sequence statistics.rollup_change_seq to sunland_app;

alter table statistics.reports add column changed_seq bigint not null default nextval('statistics.rollup_change_seq');
comment on column statistics.reports.changed_seq is 'Change number of the last change of this report (汇总缓存失效用)';
alter table statistics.report_cells add column changed_seq bigint not null default nextval('statistics.rollup_change_seq');
comment on column statistics.report_cells.changed_seq is 'Change number of the last change of these values (汇总缓存失效用)';
create index reports_period_status_seq on statistics.reports (period_id, status, changed_seq);

create or replace function statistics.reports_touch() returns trigger
  language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.changed_seq := nextval('statistics.rollup_change_seq');
  return new;
end $$;
comment on function statistics.reports_touch() is 'Gives a changed report a new change number (汇总缓存失效)';
create trigger reports_touch before update on statistics.reports for each row execute function statistics.reports_touch();

-- The packed values: as in 0941, plus a new change number on every write.
create or replace function statistics.report_cells_sync() returns trigger
  language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'DELETE' then
    update statistics.report_cells c set cells = c.cells - d.cells, changed_seq = nextval('statistics.rollup_change_seq')
      from (select report_id, array_agg(cell) as cells from old_rows group by report_id) d
     where c.report_id = d.report_id;
  else
    insert into statistics.report_cells (report_id, org_path, cells)
    select report_id, (array_agg(org_path))[1], jsonb_object_agg(cell, value) from new_rows group by report_id
    on conflict (report_id) do update set cells = statistics.report_cells.cells || excluded.cells, changed_seq = nextval('statistics.rollup_change_seq');
  end if;
  return null;
end $$;

create table statistics.hierarchy_stamp (
  id boolean primary key default true check (id),
  stamp bigint not null
);
comment on table statistics.hierarchy_stamp is 'One row: the change number of the last change of orgs.divisions (行政区划变更), for the 汇总 cache';
comment on column statistics.hierarchy_stamp.id is 'Always true: a single row';
comment on column statistics.hierarchy_stamp.stamp is 'Change number taken when the division hierarchy last changed';
insert into statistics.hierarchy_stamp (stamp) values (nextval('statistics.rollup_change_seq'));
grant select on statistics.hierarchy_stamp to sunland_app;

create or replace function statistics.hierarchy_touch() returns trigger
  language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  update statistics.hierarchy_stamp set stamp = nextval('statistics.rollup_change_seq');
  return null;
end $$;
comment on function statistics.hierarchy_touch() is 'Bumps statistics.hierarchy_stamp when orgs.divisions changes (roll-ups group by the hierarchy)';
revoke all on function statistics.hierarchy_touch() from public;
create trigger statistics_hierarchy_touch after insert or update or delete or truncate on orgs.divisions
  for each statement execute function statistics.hierarchy_touch();
