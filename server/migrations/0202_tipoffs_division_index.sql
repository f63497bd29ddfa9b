-- The ledger's area filter (地区筛选): a township is an equality, a county or city a code range.
create index reports_division_code on tipoffs.reports (division_code, id desc);
