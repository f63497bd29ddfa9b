-- The enforcement case documents are issued through platform.documents (DOCUMENT_KINDS in
-- documents.service.ts): 立案呈批表, 询问笔录, 现场勘验笔录, 行政处罚告知书, 听证告知书, 结案呈批表
-- (行政处罚决定书 is penalty_decision, there already). The registry's kind list gains them.
-- The current list is read from the catalogue and extended, so that kinds other migrations added
-- (built in parallel) are kept whatever the order.
do $$
declare
  def text;
  kinds text[];
  k text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
   where conrelid = 'documents.documents'::regclass and conname = 'documents_kind_check';
  -- The kinds stand either as 'a'::text items or as one '{a,b}'::text[] literal.
  select array_agg(x) into kinds from regexp_matches(def, '''([^'']+)''', 'g') as m, unnest(string_to_array(trim(both '{}' from m[1]), ',')) as x;
  foreach k in array array['case_filing_form', 'inquiry_record', 'site_record', 'penalty_notice', 'hearing_notice', 'case_closing_form'] loop
    if not (k = any(kinds)) then kinds := kinds || k; end if;
  end loop;
  execute 'alter table documents.documents drop constraint documents_kind_check';
  execute format('alter table documents.documents add constraint documents_kind_check check (kind = any (%L::text[]))', kinds);
end $$;
comment on column documents.documents.kind is 'Kind (文书种类): acceptance_notice 受理通知书, supplement_notice 补正/一次性告知通知书, refusal_notice 不予受理通知书, decision 决定书, licence 许可证, overlay_report 用地叠加分析报告, penalty_decision 行政处罚决定书, case_filing_form 立案呈批表, inquiry_record 询问笔录, site_record 现场勘验笔录, penalty_notice 行政处罚告知书, hearing_notice 听证告知书, case_closing_form 结案呈批表 …';
