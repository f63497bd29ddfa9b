-- 汇总预聚合: the first (cold) roll-up of a period read and summed every submitted report's packed
-- values (~300,000 jsonb pairs nationally). Here the sums per (period, status, part, cell) are kept
-- up to date in the same transaction as the submit, acceptance, return or value change; a part is
-- the reporting units under one city-level org path (the report's org_path cut to 3 labels). A
-- national roll-up then reads ~330 parts × the form's cells. The roll-up uses a part only when the
-- actor sees the whole part (RLS below) and every division that reported in it falls in one group
-- of the hierarchy valid in the period; otherwise it sums that part's reports one by one.
create table statistics.rollup_parts (
  period_id bigint not null references statistics.periods(id) on delete cascade,
  status text not null check (status in ('submitted', 'accepted')),
  part_path ltree not null,
  cell text not null,
  total numeric not null,
  n int not null,
  primary key (period_id, status, part_path, cell)
);
comment on table statistics.rollup_parts is 'Roll-up sums kept per period, report status, city-level org path and cell (汇总预聚合); the empty cell counts the reports';
comment on column statistics.rollup_parts.period_id is 'The period';
comment on column statistics.rollup_parts.status is 'Report status summed: submitted 已上报 / accepted 审核通过';
comment on column statistics.rollup_parts.part_path is 'The reports'' org_path cut to 3 labels (city level, 市级)';
comment on column statistics.rollup_parts.cell is 'Cell ROW.COL; the empty string holds the number of reports';
comment on column statistics.rollup_parts.total is 'Sum of the cell over the reports (exact numeric); for the empty cell the number of reports';
comment on column statistics.rollup_parts.n is 'How many reports have the cell (0: the row is removed)';
grant select on statistics.rollup_parts to sunland_app;
-- A part is read only when the whole part is in scope (all its reports are visible then); written
-- only by the trigger functions (their owner), so not FORCEd.
alter table statistics.rollup_parts enable row level security;
create policy rollup_parts_read on statistics.rollup_parts for select to sunland_app using (part_path <@ (select platform.current_scopes()));

create or replace function statistics.rollup_part_of(p public.ltree) returns public.ltree
  language sql immutable parallel safe as $$ select public.subpath(p, 0, least(public.nlevel(p), 3)) $$;
comment on function statistics.rollup_part_of(public.ltree) is 'The roll-up part of an org path: its first 3 labels (city level)';
grant execute on function statistics.rollup_part_of(public.ltree) to sunland_app;

-- Each trigger adds its signed deltas (period, status, part, cell, total, n) in a fixed order (no
-- deadlock between two transactions touching the same part) and drops rows no report has any more.

-- Reports entering or leaving a summed status (or moving to another org path): add or take away
-- their packed values and one report.
create or replace function statistics.rollup_parts_reports() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, '' as cell, 1::numeric as total, 1 as n
        from new_rows r where r.status in ('submitted', 'accepted')
      union all
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path), kv.key, kv.value::numeric, 1
        from new_rows r join statistics.report_cells c on c.report_id = r.id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted')) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (select period_id from new_rows);
  else -- UPDATE
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select o.period_id, o.status, statistics.rollup_part_of(o.org_path) as part_path, '' as cell, -1::numeric as total, -1 as n
        from old_rows o join new_rows r on r.id = o.id where o.status in ('submitted', 'accepted') and (o.status <> r.status or o.org_path <> r.org_path or o.period_id <> r.period_id)
      union all
      select o.period_id, o.status, statistics.rollup_part_of(o.org_path), kv.key, -(kv.value::numeric), -1
        from old_rows o join new_rows r on r.id = o.id join statistics.report_cells c on c.report_id = o.id cross join lateral jsonb_each_text(c.cells) kv
       where o.status in ('submitted', 'accepted') and (o.status <> r.status or o.org_path <> r.org_path or o.period_id <> r.period_id)
      union all
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path), '', 1, 1
        from old_rows o join new_rows r on r.id = o.id where r.status in ('submitted', 'accepted') and (o.status <> r.status or o.org_path <> r.org_path or o.period_id <> r.period_id)
      union all
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path), kv.key, kv.value::numeric, 1
        from old_rows o join new_rows r on r.id = o.id join statistics.report_cells c on c.report_id = r.id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted') and (o.status <> r.status or o.org_path <> r.org_path or o.period_id <> r.period_id)) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (select period_id from old_rows union select period_id from new_rows);
  end if;
  return null;
end $$;
comment on function statistics.rollup_parts_reports() is 'Keeps statistics.rollup_parts when reports are inserted or change status (statement level)';
revoke all on function statistics.rollup_parts_reports() from public;
create trigger rollup_parts_ins after insert on statistics.reports referencing new table as new_rows for each statement execute function statistics.rollup_parts_reports();
create trigger rollup_parts_upd after update on statistics.reports referencing old table as old_rows new table as new_rows for each statement execute function statistics.rollup_parts_reports();

-- A deleted report (its packed values are still there before the delete).
create or replace function statistics.rollup_parts_report_deleted() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if old.status in ('submitted', 'accepted') then
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select old.period_id, old.status, statistics.rollup_part_of(old.org_path) as part_path, '' as cell, -1::numeric as total, -1 as n
      union all
      select old.period_id, old.status, statistics.rollup_part_of(old.org_path), kv.key, -(kv.value::numeric), -1
        from statistics.report_cells c cross join lateral jsonb_each_text(c.cells) kv where c.report_id = old.id) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (old.period_id);
  end if;
  return old;
end $$;
comment on function statistics.rollup_parts_report_deleted() is 'Takes a deleted report out of statistics.rollup_parts';
revoke all on function statistics.rollup_parts_report_deleted() from public;
create trigger rollup_parts_del before delete on statistics.reports for each row execute function statistics.rollup_parts_report_deleted();

-- Values changing under a summed report (packed values inserted, changed or removed on their own;
-- a cascade from a deleted report finds no report any more and is left to the trigger above).
create or replace function statistics.rollup_parts_cells() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, kv.key as cell, (kv.value::numeric) as total, 1 as n
        from new_rows c join statistics.reports r on r.id = c.report_id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted')) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (select r.period_id from new_rows c join statistics.reports r on r.id = c.report_id);
  elsif tg_op = 'UPDATE' then
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, kv.key as cell, -(kv.value::numeric) as total, -1 as n
        from old_rows c join statistics.reports r on r.id = c.report_id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted')
      union all
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, kv.key as cell, (kv.value::numeric) as total, 1 as n
        from new_rows c join statistics.reports r on r.id = c.report_id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted')) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (select r.period_id from new_rows c join statistics.reports r on r.id = c.report_id);
  else -- DELETE
    insert into statistics.rollup_parts as rp (period_id, status, part_path, cell, total, n)
    select period_id, status, part_path, cell, sum(total), sum(n) from (
      select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, kv.key as cell, -(kv.value::numeric) as total, -1 as n
        from old_rows c join statistics.reports r on r.id = c.report_id cross join lateral jsonb_each_text(c.cells) kv
       where r.status in ('submitted', 'accepted')) d
     group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (period_id, status, part_path, cell) do update set total = rp.total + excluded.total, n = rp.n + excluded.n;
    delete from statistics.rollup_parts where n <= 0 and period_id in (select r.period_id from old_rows c join statistics.reports r on r.id = c.report_id);
  end if;
  return null;
end $$;
comment on function statistics.rollup_parts_cells() is 'Keeps statistics.rollup_parts when the packed values of a summed report change (statement level)';
revoke all on function statistics.rollup_parts_cells() from public;
create trigger rollup_parts_cells_ins after insert on statistics.report_cells referencing new table as new_rows for each statement execute function statistics.rollup_parts_cells();
create trigger rollup_parts_cells_upd after update on statistics.report_cells referencing old table as old_rows new table as new_rows for each statement execute function statistics.rollup_parts_cells();
create trigger rollup_parts_cells_del after delete on statistics.report_cells referencing old table as old_rows for each statement execute function statistics.rollup_parts_cells();

-- The reports already there.
insert into statistics.rollup_parts (period_id, status, part_path, cell, total, n)
select period_id, status, part_path, cell, sum(total), sum(n) from (
  select r.period_id, r.status, statistics.rollup_part_of(r.org_path) as part_path, '' as cell, 1::numeric as total, 1 as n
    from statistics.reports r where r.status in ('submitted', 'accepted')
  union all
  select r.period_id, r.status, statistics.rollup_part_of(r.org_path), kv.key, kv.value::numeric, 1
    from statistics.reports r join statistics.report_cells c on c.report_id = r.id cross join lateral jsonb_each_text(c.cells) kv
   where r.status in ('submitted', 'accepted')) x
group by 1, 2, 3, 4;
