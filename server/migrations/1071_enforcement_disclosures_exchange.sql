-- 行政处罚结果公示 crosses too (exchange kind enforcement.disclosure): the internet side holds the
-- published decision without its case, which stays on the intranet.
alter table enforcement.disclosures alter column case_id drop not null;
comment on column enforcement.disclosures.case_id is 'The case; null on the internet side (the case stays on the intranet, its 公示 crosses)';
create unique index enforcement_disclosures_case_no on enforcement.disclosures (case_no);
