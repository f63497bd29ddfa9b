-- Indexes for the ledger list's filters and the trends' date ranges (举报台账查询、趋势统计).
create index reports_received_on on tipoffs.reports (received_on, id);
create index reports_type on tipoffs.reports (violation_type, id desc);
create index reports_channel on tipoffs.reports (channel, id desc);
create index reports_warn on tipoffs.reports (warn_level, id desc) where warn_level <> 'green';
create index duplicates_open on tipoffs.duplicates (report_id) where status = 'open';
