-- The case list (执法案件台账) at 200,000 cases, filtered and searched (bench/suites/enforcement.ts).
-- EXPLAIN ANALYZE under the app role with RLS (docs/performance notes in the module README) showed:
--
-- 1. Free text `q=` was `case_no ILIKE '%…%' OR title ILIKE … OR party_name ILIKE …`: ILIKE
--    (texticlike) is not LEAKPROOF, so under row-level security no index could serve it and every
--    request read the whole table (≈ 330 ms of CPU with two parallel workers each). Now one stored,
--    lower-cased search column `search_text` (案件编号 + 案由 + 当事人) with a trigram GIN index, searched
--    with LIKE on the lower-cased input: `textlike` is LEAKPROOF (0203_tipoffs_ledger_indexes.sql sets
--    it), so the index condition may run before the policy. Chinese text gets trigrams too (the
--    database's ctype C.UTF-8 counts CJK characters as letters).
-- 2. Filtered by status and sorted by created_at, the planner took the older (status, id desc)
--    index, read every row of the status (22,000) and sorted them: the RLS qual's selectivity
--    guess (1 %) made that look cheap. Dropping that index leaves (status, created_at desc, id desc)
--    (0642), which reads a page in order.
-- 3. The policy parsed the scope text into ltree[] again for every row; written with a scalar
--    subquery the scope is an InitPlan computed once per statement (as map did in 0341). The rows
--    seen are exactly the same.
alter table enforcement.cases add column search_text text
  generated always as (lower(case_no || ' ' || title || ' ' || coalesce(party_name, ''))) stored;
comment on column enforcement.cases.search_text is 'Lower-cased 案件编号 + 案由 + 当事人 for the ledger''s free-text search (台账检索), trigram-indexed';

do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index cases_search_trgm on enforcement.cases using gin (search_text gin_trgm_ops)';
  else
    raise warning 'enforcement: pg_trgm is not installed; the case list''s free-text search will scan the table. '
      'As a superuser run: CREATE EXTENSION pg_trgm; then '
      'CREATE INDEX cases_search_trgm ON enforcement.cases USING gin (search_text gin_trgm_ops);';
  end if;
end $$;

drop index enforcement.cases_status;

drop policy cases_rw on enforcement.cases;
create policy cases_rw on enforcement.cases for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (org_path <@ (select platform.current_scopes()));
comment on policy cases_rw on enforcement.cases is 'Cases within the acting post''s scope (数据权限范围); the scope read once per statement';
