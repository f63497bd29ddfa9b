-- The 两卡一表 of hazard sites are issued through platform.documents (DOCUMENT_KINDS in
-- documents.service.ts): hazard_work_card 防灾工作明白卡, hazard_avoid_card 防灾避险明白卡,
-- hazard_plan 防御预案表. The kind list is extended from whatever the constraint lists now, so
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
  kinds := array(select distinct unnest(coalesce(kinds, '{}') || array['hazard_work_card', 'hazard_avoid_card', 'hazard_plan']) order by 1);
  alter table documents.documents drop constraint documents_kind_check;
  execute format('alter table documents.documents add constraint documents_kind_check check (kind = any (%L::text[]))', kinds);
end $$;
