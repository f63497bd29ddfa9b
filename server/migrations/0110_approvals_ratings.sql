-- 好差评 (ratings of government services, 国办发〔2019〕51号, GB/T 39734-2020): one rating per case
-- after the decision, a rectification task (差评整改) for a bad rating (levels 1–2), one follow-up
-- rating (追评) once the rectification is done; and the public disclosure (公示) of decisions.
--
-- Ratings are written by the public (no login) through the system context after the case
-- number + ID number pair is proven; staff read them in their scope (RLS on org_path).

-- Rating settings of a subtree (the nearest ancestor row of approvals.settings applies).
alter table approvals.settings
  add column rating_good_tags text[] not null default '{办事便捷,一次办成,服务热情,材料精简,办理高效,指引清楚}',
  add column rating_bad_tags text[] not null default '{多次跑腿,超时办理,态度不好,材料繁琐,指引不清,推诿扯皮}',
  add column rectify_days int not null default 5 check (rectify_days between 1 and 60),
  add column visit_days int not null default 1 check (visit_days between 0 and 10);
comment on column approvals.settings.rating_good_tags is 'Tags offered with a good rating, levels 3–5 (好评标签)';
comment on column approvals.settings.rating_bad_tags is 'Tags offered with a bad rating, levels 1–3 (差评标签)';
comment on column approvals.settings.rectify_days is 'Working days to rectify a bad rating and report back (差评整改时限, default 5)';
comment on column approvals.settings.visit_days is 'Working days to call the rater back (回访时限, default 1)';

create table approvals.ratings (
  id bigserial primary key,
  case_id bigint not null references approvals.cases(id),
  org_path ltree not null,
  level smallint not null check (level between 1 and 5),
  tags text[] not null default '{}',
  comment text check (comment is null or length(comment) <= 500),
  follow_up boolean not null default false,
  created_at timestamptz not null default now(),
  unique (case_id, follow_up)
);
comment on table approvals.ratings is 'Ratings of a case by the applicant (好差评): one initial rating, and one follow-up (追评) after a rectification';
comment on column approvals.ratings.id is 'Surrogate key';
comment on column approvals.ratings.case_id is 'The rated case (办件)';
comment on column approvals.ratings.org_path is 'Handling bureau path (被评价单位, RLS)';
comment on column approvals.ratings.level is 'Level (评价等级): 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; 1–2 are 差评';
comment on column approvals.ratings.tags is 'Chosen tags (评价标签), from the settings of the bureau';
comment on column approvals.ratings.comment is 'Free text of the rater (评价内容)';
comment on column approvals.ratings.follow_up is 'True for the one follow-up rating after the rectification (追评)';
comment on column approvals.ratings.created_at is 'When the rating was given (评价时间)';
create index ratings_org_path on approvals.ratings using gist (org_path);
create index ratings_created on approvals.ratings (created_at);
grant select, insert on approvals.ratings to sunland_app;
grant usage on sequence approvals.ratings_id_seq to sunland_app;
alter table approvals.ratings enable row level security;
alter table approvals.ratings force row level security;
create policy ratings_all on approvals.ratings for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.rectifications (
  id bigserial primary key,
  case_id bigint not null references approvals.cases(id),
  rating_id bigint not null unique references approvals.ratings(id),
  org_path ltree not null,
  org_unit_id bigint not null,
  status text not null default 'open' check (status in ('open', 'visited', 'done')),
  opened_on date not null,
  visit_due_date date,
  due_date date,
  visited_at timestamptz,
  visited_by bigint,
  visit_note text,
  result text,
  completed_at timestamptz,
  completed_by bigint,
  row_version int not null default 1,
  created_at timestamptz not null default now(),
  check (status <> 'done' or (result is not null and completed_at is not null))
);
comment on table approvals.rectifications is 'Rectification tasks of bad ratings (差评整改): call the rater back (回访), fix, report the result (整改反馈)';
comment on column approvals.rectifications.id is 'Surrogate key';
comment on column approvals.rectifications.case_id is 'The rated case (办件)';
comment on column approvals.rectifications.rating_id is 'The bad rating (差评) that opened the task';
comment on column approvals.rectifications.org_path is 'Handling bureau path (整改单位, RLS)';
comment on column approvals.rectifications.org_unit_id is 'Bureau responsible for the rectification (整改责任单位)';
comment on column approvals.rectifications.status is 'open (待回访), visited (已回访, 整改中), done (已整改)';
comment on column approvals.rectifications.opened_on is 'Day the bad rating came in (差评日期): the working-day clocks start the next working day';
comment on column approvals.rectifications.visit_due_date is 'Call back by this day (回访期限); null if the calendar does not cover the year yet';
comment on column approvals.rectifications.due_date is 'Rectify and report by this day (整改期限); null if the calendar does not cover the year yet';
comment on column approvals.rectifications.visited_at is 'When the rater was called back (回访时间)';
comment on column approvals.rectifications.visited_by is 'Who called back (回访人)';
comment on column approvals.rectifications.visit_note is 'What the rater said on the call (回访记录)';
comment on column approvals.rectifications.result is 'Rectification result told to the rater (整改结果)';
comment on column approvals.rectifications.completed_at is 'When the rectification was reported done (整改完成时间)';
comment on column approvals.rectifications.completed_by is 'Who reported it done (整改人)';
comment on column approvals.rectifications.row_version is 'Optimistic version, incremented by every change';
comment on column approvals.rectifications.created_at is 'When the task was opened';
create index rectifications_org_path on approvals.rectifications using gist (org_path);
create index rectifications_open on approvals.rectifications (due_date) where status <> 'done';
grant select, insert, update on approvals.rectifications to sunland_app;
grant usage on sequence approvals.rectifications_id_seq to sunland_app;
alter table approvals.rectifications enable row level security;
alter table approvals.rectifications force row level security;
create policy rectifications_all on approvals.rectifications for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table approvals.disclosures (
  id bigserial primary key,
  case_id bigint not null unique references approvals.cases(id),
  org_path ltree not null,
  case_no text not null,
  matter_code text not null,
  matter_name text not null,
  applicant_kind text not null check (applicant_kind in ('person', 'company')),
  applicant_name text not null,
  decision text not null check (decision in ('granted', 'denied')),
  decided_at timestamptz not null,
  org_name text not null,
  document_no text,
  published_at timestamptz not null default now()
);
comment on table approvals.disclosures is 'Public disclosure of decisions (审批结果公示), written with the decision; personal data redacted';
comment on column approvals.disclosures.id is 'Surrogate key';
comment on column approvals.disclosures.case_id is 'The decided case (办件)';
comment on column approvals.disclosures.org_path is 'Handling bureau path (RLS for writing)';
comment on column approvals.disclosures.case_no is 'Case number (办件编号)';
comment on column approvals.disclosures.matter_code is 'Matter code (事项编码)';
comment on column approvals.disclosures.matter_name is 'Matter name (事项名称)';
comment on column approvals.disclosures.applicant_kind is 'person (自然人) or company (法人)';
comment on column approvals.disclosures.applicant_name is 'Applicant as published (申请人): a person''s surname and * (王**), a company in full; never an ID number or phone';
comment on column approvals.disclosures.decision is 'granted (准予许可) or denied (不予许可)';
comment on column approvals.disclosures.decided_at is 'When the decision was made (决定日期)';
comment on column approvals.disclosures.org_name is 'Deciding authority (审批机关)';
comment on column approvals.disclosures.document_no is 'Number of the decision document (决定文书号)';
comment on column approvals.disclosures.published_at is 'When it was published (公示时间)';
create index disclosures_decided on approvals.disclosures (decided_at desc, id desc);
create index disclosures_matter on approvals.disclosures (matter_code, decided_at desc);
grant select, insert on approvals.disclosures to sunland_app;
grant usage on sequence approvals.disclosures_id_seq to sunland_app;
alter table approvals.disclosures enable row level security;
alter table approvals.disclosures force row level security;
-- Published: anyone reads; only the deciding scope writes.
create policy disclosures_read on approvals.disclosures for select to sunland_app using (true);
create policy disclosures_insert on approvals.disclosures for insert to sunland_app with check (platform.in_scope(org_path));
