-- Per-address and per-account request limits (请求频率限制: login, SMS codes, public forms,
-- Open311) counted in PostgreSQL, so that several server processes behind one load balancer
-- share one count instead of each allowing the full number of attempts.

create table platform.rate_limit_hits (
  key text primary key,
  hits int not null,
  window_start timestamptz not null,
  window_ms int not null
);
comment on table platform.rate_limit_hits is 'Windowed request counters (请求频率计数) of the routes'' rate limits, shared by every server process; written only through platform.rate_limit_hit';
comment on column platform.rate_limit_hits.key is 'Route and client key: "<METHOD> <route>|<address or address|login name>"';
comment on column platform.rate_limit_hits.hits is 'Requests counted since window_start';
comment on column platform.rate_limit_hits.window_start is 'Start of the fixed counting window; a request after it ends starts a new one';
comment on column platform.rate_limit_hits.window_ms is 'Length of the window in milliseconds (the route''s timeWindow)';
alter table platform.rate_limit_hits enable row level security;
-- No grant and no policy: only the SECURITY DEFINER functions below touch it.

create function platform.rate_limit_hit(p_key text, p_window_ms int, p_increment boolean)
  returns table (hits int, ttl_ms int)
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as
$$
begin
  if not p_increment then
    return query
      select t.hits, greatest(0, (extract(epoch from (t.window_start + make_interval(secs => p_window_ms / 1000.0) - clock_timestamp())) * 1000)::int)
        from platform.rate_limit_hits t
       where t.key = p_key and t.window_start + make_interval(secs => p_window_ms / 1000.0) > clock_timestamp();
    if not found then return query select 0, 0; end if;
    return;
  end if;
  return query
    insert into platform.rate_limit_hits as t (key, hits, window_start, window_ms)
    values (p_key, 1, clock_timestamp(), p_window_ms)
    on conflict (key) do update
       set hits = case when t.window_start + make_interval(secs => p_window_ms / 1000.0) > clock_timestamp() then t.hits + 1 else 1 end,
           window_start = case when t.window_start + make_interval(secs => p_window_ms / 1000.0) > clock_timestamp() then t.window_start else clock_timestamp() end,
           window_ms = p_window_ms
    returning t.hits, greatest(0, (extract(epoch from (t.window_start + make_interval(secs => p_window_ms / 1000.0) - clock_timestamp())) * 1000)::int);
end
$$;
comment on function platform.rate_limit_hit(text, int, boolean) is 'Counts one request of a key within its window (请求频率计数), atomically, and returns the count and the milliseconds left; with p_increment false only reads';
revoke all on function platform.rate_limit_hit(text, int, boolean) from public;
grant execute on function platform.rate_limit_hit(text, int, boolean) to sunland_app;

create function platform.rate_limit_sweep()
  returns int
  language sql volatile security definer set search_path = pg_catalog, pg_temp as
$$
  with gone as (
    delete from platform.rate_limit_hits t
     where t.window_start + make_interval(secs => t.window_ms / 1000.0) < clock_timestamp() - interval '1 minute'
    returning 1)
  select count(*)::int from gone
$$;
comment on function platform.rate_limit_sweep() is 'Forgets the counters whose window ended (清理过期计数); called now and then by the processes';
revoke all on function platform.rate_limit_sweep() from public;
grant execute on function platform.rate_limit_sweep() to sunland_app;
