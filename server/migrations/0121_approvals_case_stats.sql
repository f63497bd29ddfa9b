-- Daily figures of the approval statistics (审批统计日汇总), written by triggers on
-- approvals.cases in the transaction of every change, so the statistics read a few thousand
-- rows a year instead of every case of the period (bench/suites/approvals.ts, 100,000 cases).
--
-- Rows are deltas: each statement that inserts, updates or deletes cases appends, per bureau,
-- matter and day, the change of each figure (old row counted −1, new row +1). Appending only
-- takes no row lock, so concurrent transitions never wait on each other here (the case-number
-- row and the audit chain already order them). approvals.compact_case_stats() (run by the
-- deadline scan) folds the rows of a bureau, matter and day into one.
--
-- A case counts on its own days, as statistics.ts has always counted it: received on the CST
-- day of submitted_at, accepted on accepted_on, completed (办结) on decided_on once decided or
-- completed, with its working days used, on time (used ≤ promised + extensions), early
-- (used < promised) and the working days saved (max(0, promised − used)).

create table approvals.case_stats (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  org_unit_id bigint not null,
  matter_id bigint not null,
  day date not null,
  received int not null default 0,
  accepted int not null default 0,
  completed int not null default 0,
  on_time int not null default 0,
  early int not null default 0,
  used_sum int not null default 0,
  saved_days int not null default 0
);
comment on table approvals.case_stats is 'Daily statistics deltas (审批统计日汇总) per handling bureau, matter and day, kept by triggers on approvals.cases';
comment on column approvals.case_stats.id is 'Surrogate key';
comment on column approvals.case_stats.org_path is 'Path of the handling bureau (受理机关): the RLS scope';
comment on column approvals.case_stats.org_unit_id is 'Handling bureau (受理机关)';
comment on column approvals.case_stats.matter_id is 'The matter (事项)';
comment on column approvals.case_stats.day is 'Day of the events counted (China Standard Time)';
comment on column approvals.case_stats.received is 'Change of cases received on the day (收件数)';
comment on column approvals.case_stats.accepted is 'Change of cases accepted on the day (受理数)';
comment on column approvals.case_stats.completed is 'Change of cases decided on the day (办结数)';
comment on column approvals.case_stats.on_time is 'Change of those decided within promised + extension days (按时办结数)';
comment on column approvals.case_stats.early is 'Change of those decided in fewer than the promised days (提前办结数)';
comment on column approvals.case_stats.used_sum is 'Change of the working days used by those decided (用时合计)';
comment on column approvals.case_stats.saved_days is 'Change of the working days saved, max(0, promised − used) (节省工作日)';
create index case_stats_day on approvals.case_stats (day);
create index case_stats_key on approvals.case_stats (org_unit_id, matter_id, day);
comment on index approvals.case_stats_day is 'Statistics of a period (审批统计)';
comment on index approvals.case_stats_key is 'Compaction: the rows of one bureau, matter and day';

-- Read like the cases: by the scope of the active post, read once per statement. Only the
-- trigger and compaction functions (SECURITY DEFINER, the owner) write; the app role cannot.
grant select on approvals.case_stats to sunland_app;
alter table approvals.case_stats enable row level security;
alter table approvals.case_stats force row level security;
create policy case_stats_read on approvals.case_stats for select to sunland_app
  using (org_path <@ (select platform.current_scopes()));
do $$ begin
  execute format('create policy case_stats_owner on approvals.case_stats for all to %I using (true) with check (true)', current_user);
end $$;

-- One function for the three triggers: the rows of the statement (new +1, old −1) go through
-- one query; EXECUTE names only the transition tables the firing trigger has.
create function approvals.case_stats_apply() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as
$$
declare
  cols constant text := 'org_path, org_unit_id, matter_id, submitted_at, accepted_on, status, decided_on, coalesce(workdays_used, 0) as used, promised_days, extension_days';
  src text := case tg_op
    when 'INSERT' then format('select %s, 1 as sign from new_rows', cols)
    when 'DELETE' then format('select %s, -1 as sign from old_rows', cols)
    else format('select %s, 1 as sign from new_rows union all select %s, -1 from old_rows', cols, cols) end;
begin
  execute format($q$
    insert into approvals.case_stats (org_path, org_unit_id, matter_id, day, received, accepted, completed, on_time, early, used_sum, saved_days)
    select c.org_path, c.org_unit_id, c.matter_id, v.day,
      sum(c.sign * v.received), sum(c.sign * v.accepted), sum(c.sign * v.completed), sum(c.sign * v.on_time),
      sum(c.sign * v.early), sum(c.sign * v.used_sum), sum(c.sign * v.saved_days)
    from (%s) c
    cross join lateral (values
      ((c.submitted_at at time zone 'Asia/Shanghai')::date, 1, 0, 0, 0, 0, 0, 0),
      (c.accepted_on, 0, 1, 0, 0, 0, 0, 0),
      (case when c.status in ('decided', 'completed') then c.decided_on end, 0, 0, 1,
        (c.used <= c.promised_days + c.extension_days)::int, (c.used < c.promised_days)::int, c.used, greatest(0, c.promised_days - c.used))
    ) as v(day, received, accepted, completed, on_time, early, used_sum, saved_days)
    where v.day is not null
    group by 1, 2, 3, 4
    having sum(c.sign * v.received) <> 0 or sum(c.sign * v.accepted) <> 0 or sum(c.sign * v.completed) <> 0
        or sum(c.sign * v.on_time) <> 0 or sum(c.sign * v.early) <> 0 or sum(c.sign * v.used_sum) <> 0 or sum(c.sign * v.saved_days) <> 0
  $q$, src);
  return null;
end
$$;
comment on function approvals.case_stats_apply() is 'Appends the change of the daily statistics (审批统计) made by one statement on approvals.cases';
revoke all on function approvals.case_stats_apply() from public;

create trigger cases_stats_insert after insert on approvals.cases
  referencing new table as new_rows for each statement execute function approvals.case_stats_apply();
create trigger cases_stats_update after update on approvals.cases
  referencing old table as old_rows new table as new_rows for each statement execute function approvals.case_stats_apply();
create trigger cases_stats_delete after delete on approvals.cases
  referencing old table as old_rows for each statement execute function approvals.case_stats_apply();

-- Folds the rows of each bureau, matter and day into one. Deleting and re-inserting in one
-- statement is safe beside running transitions: rows they append after this statement's
-- snapshot are neither deleted nor summed, and a row another compaction took is skipped.
create function approvals.compact_case_stats() returns integer
  language plpgsql security definer set search_path = pg_catalog, public as
$$
declare
  n integer;
begin
  with dup as (
    select org_path, org_unit_id, matter_id, day from approvals.case_stats group by 1, 2, 3, 4 having count(*) > 1
  ), gone as (
    delete from approvals.case_stats s using dup
    where s.org_path = dup.org_path and s.org_unit_id = dup.org_unit_id and s.matter_id = dup.matter_id and s.day = dup.day
    returning s.*
  )
  insert into approvals.case_stats (org_path, org_unit_id, matter_id, day, received, accepted, completed, on_time, early, used_sum, saved_days)
  select org_path, org_unit_id, matter_id, day, sum(received), sum(accepted), sum(completed), sum(on_time), sum(early), sum(used_sum), sum(saved_days)
  from gone group by org_path, org_unit_id, matter_id, day
  having sum(received) <> 0 or sum(accepted) <> 0 or sum(completed) <> 0 or sum(on_time) <> 0 or sum(early) <> 0 or sum(used_sum) <> 0 or sum(saved_days) <> 0;
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function approvals.compact_case_stats() is 'Folds the statistics deltas (审批统计日汇总) of each bureau, matter and day into one row; returns the rows written';
revoke all on function approvals.compact_case_stats() from public;
grant execute on function approvals.compact_case_stats() to sunland_app;

-- The cases already there, as one statement would add them.
insert into approvals.case_stats (org_path, org_unit_id, matter_id, day, received, accepted, completed, on_time, early, used_sum, saved_days)
select c.org_path, c.org_unit_id, c.matter_id, v.day, sum(v.received), sum(v.accepted), sum(v.completed), sum(v.on_time), sum(v.early), sum(v.used_sum), sum(v.saved_days)
from (select *, coalesce(workdays_used, 0) as used from approvals.cases) c
cross join lateral (values
  ((c.submitted_at at time zone 'Asia/Shanghai')::date, 1, 0, 0, 0, 0, 0, 0),
  (c.accepted_on, 0, 1, 0, 0, 0, 0, 0),
  (case when c.status in ('decided', 'completed') then c.decided_on end, 0, 0, 1,
    (c.used <= c.promised_days + c.extension_days)::int, (c.used < c.promised_days)::int, c.used, greatest(0, c.promised_days - c.used))
) as v(day, received, accepted, completed, on_time, early, used_sum, saved_days)
where v.day is not null
group by 1, 2, 3, 4;
