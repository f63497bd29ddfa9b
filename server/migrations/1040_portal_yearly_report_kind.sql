-- The 政府网站工作年度报表 (yearly report of a government website, 国办发〔2017〕47号) is issued as a
-- PDF through platform.documents: kind portal_yearly_report (DOCUMENT_KINDS in
-- documents.service.ts). The kind list is extended from whatever the constraint lists now, so
-- kinds that other migrations added before this one stay allowed.
do $$
declare
  kinds text[];
begin
  -- The definition lists the kinds either as 'a'::text items or as one '{a,b}'::text[] literal.
  select array_agg(distinct k) into kinds
  from pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
       unnest(string_to_array(trim(both '{}' from m[1]), ',')) as k
  where c.conname = 'documents_kind_check' and c.conrelid = 'documents.documents'::regclass;
  kinds := array(select distinct unnest(coalesce(kinds, '{}') || array['portal_yearly_report']) order by 1);
  alter table documents.documents drop constraint documents_kind_check;
  execute format('alter table documents.documents add constraint documents_kind_check check (kind = any (%L::text[]))', kinds);
end $$;
