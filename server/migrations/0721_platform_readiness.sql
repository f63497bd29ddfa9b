-- Readiness of a server process (就绪检查): /readyz answers 200 only when every migration the
-- process knows is applied. The application role cannot read platform.schema_migrations
-- itself; this function tells it which versions are applied and nothing else.

create function platform.applied_migrations()
  returns setof text
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$ select version from platform.schema_migrations $$;
comment on function platform.applied_migrations() is 'Versions of the applied migrations (已执行的数据库迁移), for the readiness endpoint';
revoke all on function platform.applied_migrations() from public;
grant execute on function platform.applied_migrations() to sunland_app;
