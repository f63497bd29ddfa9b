-- Indexes of the ledger list (举报台账查询) at 200,000 reports.
--
-- 1. Free text `q=` is `address LIKE '%…%' OR party LIKE '%…%'`: a trigram GIN index per
--    column (pg_trgm, a contrib extension shipped with PostgreSQL) lets it avoid the table scan.
--    Under row-level security PostgreSQL may use an index condition only when its function is
--    LEAKPROOF (as for map's box_overlap, 0340): `text LIKE text` (pg_catalog.textlike) compares
--    two strings and raises no error that depends on the row's value (only a malformed
--    pattern, which is the caller's own input, can raise one), so it reveals nothing about rows
--    the policy hides; marking it LEAKPROOF is safe.
-- 2. Status and warning colour combined (`warnLevel=yellow&status=verified`, the supervisor's
--    question "which verified ones are about to run late"): (status, warn_level, id desc) for
--    the coloured ones, newest first.
--
-- Creating the extension and setting LEAKPROOF need a superuser. The embedded PostgreSQL
-- migrates as one; on a server of your own, run once as a superuser in the database
-- `CREATE EXTENSION IF NOT EXISTS pg_trgm; ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;`
-- before migrating (docs/operations.md): otherwise this file only warns and `q=` stays a scan.
do $$
declare
  super boolean := (select rolsuper from pg_roles where rolname = current_user);
begin
  if super or exists (select 1 from pg_extension where extname = 'pg_trgm') then
    create extension if not exists pg_trgm;
    execute 'create index reports_address_trgm on tipoffs.reports using gin (address gin_trgm_ops)';
    execute 'create index reports_party_trgm on tipoffs.reports using gin (party gin_trgm_ops)';
  else
    raise warning 'tipoffs: pg_trgm is not installed and the migration role is no superuser; the ledger''s '
      'free-text search will scan the table. As a superuser run: CREATE EXTENSION pg_trgm; then '
      'CREATE INDEX reports_address_trgm ON tipoffs.reports USING gin (address gin_trgm_ops); '
      'CREATE INDEX reports_party_trgm ON tipoffs.reports USING gin (party gin_trgm_ops);';
  end if;
  if super then
    alter function pg_catalog.textlike(text, text) leakproof;
  else
    raise warning 'tipoffs: textlike is not LEAKPROOF and the migration role is no superuser; the free-text '
      'search under RLS cannot use its trigram index. As a superuser run: '
      'ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;';
  end if;
end $$;

create index reports_status_warn on tipoffs.reports (status, warn_level, id desc) where warn_level <> 'green';
