-- The service clock (业务时钟) of a transaction, for the time columns that default to "now": a
-- transaction that replays past events (the demo seed's story, with a past-dated service clock)
-- sets sunland.clock, and its timeline rows, case documents, opinions and ratings carry those past
-- times instead of the day the seed ran (issue 10). Unset — every ordinary request — it is now().
create function platform.clock_now() returns timestamptz
  language sql stable parallel safe as
$$ select coalesce(nullif(current_setting('sunland.clock', true), '')::timestamptz, now()) $$;
comment on function platform.clock_now() is 'The transaction''s service clock (业务时钟): sunland.clock when set (replaying past events), else now()';
grant execute on function platform.clock_now() to sunland_app;

alter table approvals.cases alter column submitted_at set default platform.clock_now();
alter table approvals.case_materials alter column created_at set default platform.clock_now();
alter table approvals.supplement_requests alter column requested_at set default platform.clock_now();
alter table approvals.opinions alter column created_at set default platform.clock_now();
alter table approvals.clock_stops alter column started_at set default platform.clock_now();
alter table approvals.extensions alter column requested_at set default platform.clock_now();
alter table approvals.case_events alter column at set default platform.clock_now();
alter table approvals.case_documents alter column created_at set default platform.clock_now();
alter table approvals.warnings alter column raised_at set default platform.clock_now();
alter table approvals.urges alter column urged_at set default platform.clock_now();
alter table approvals.ratings alter column created_at set default platform.clock_now();
alter table approvals.rectifications alter column created_at set default platform.clock_now();
alter table approvals.disclosures alter column published_at set default platform.clock_now();
alter table files.uploads alter column created_at set default platform.clock_now();

comment on column approvals.case_events.at is 'When it happened (发生时间): the transaction''s service clock (platform.clock_now())';
comment on column approvals.case_documents.created_at is 'When it was issued: the transaction''s service clock (platform.clock_now())';
