-- The overlay analysis report (用地叠加分析报告) is issued through platform.documents as kind
-- overlay_report (DOCUMENT_KINDS in documents.service.ts): the registry's kind list gains it.
-- The list is repeated in full; a later migration adding another kind must keep this one.
alter table documents.documents drop constraint documents_kind_check;
alter table documents.documents add constraint documents_kind_check check (kind in (
  'acceptance_notice', 'supplement_notice', 'refusal_notice', 'decision', 'licence',
  'receipt', 'extension_notice', 'certificate', 'notice', 'penalty_decision', 'sale_confirmation',
  'overlay_report'
));
comment on column documents.documents.kind is 'Kind (文书种类): acceptance_notice 受理通知书, supplement_notice 补正/一次性告知通知书, refusal_notice 不予受理通知书, decision 决定书, licence 许可证, overlay_report 用地叠加分析报告 …';
