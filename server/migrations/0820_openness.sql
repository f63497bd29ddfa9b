-- 政务公开 and 互动交流 (module openness): the 政府信息公开目录 with 索引号, 主动公开 entries
-- reviewed before publishing (编辑 → 审核), the yearly 政府信息公开工作年度报告, letters from the
-- public (局长信箱 / 咨询) and public surveys (网上调查).
--
-- Row-level security: every row belongs to the bureau that publishes or answers it (org_path).
-- Staff read and write inside their scope; the public (no scope) reads only what is published.
-- Letters are written and looked up by the public in the system context of the service, and the
-- public pages select only the masked columns.
create schema openness;
comment on schema openness is '政务公开与互动交流 (government information disclosure and public interaction)';
grant usage on schema openness to sunland_app;

create table openness.index_serials (
  bureau_code text not null,
  category text not null,
  year int not null,
  last_serial int not null check (last_serial >= 1),
  primary key (bureau_code, category, year)
);
comment on table openness.index_serials is '索引号 counters: last serial per bureau, category and year; taken with an upsert that holds the row lock until commit (gapless)';
comment on column openness.index_serials.bureau_code is 'Bureau code (机构代码) of the 索引号: the division code of the publishing bureau';
comment on column openness.index_serials.category is 'Category code (类别代码) of the 主动公开 category';
comment on column openness.index_serials.year is 'Year (年份) of publication, China Standard Time';
comment on column openness.index_serials.last_serial is 'Last serial (顺序号) given';
grant select, insert, update on openness.index_serials to sunland_app;

create table openness.entries (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  org_unit_id bigint not null,
  division_code text not null,
  category text not null,
  title text not null check (length(title) between 2 and 200),
  doc_no text check (doc_no is null or length(doc_no) <= 60),
  body text not null check (length(body) between 1 and 50000),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'published', 'withdrawn')),
  index_no text unique,
  created_at timestamptz not null default now(),
  created_by bigint not null,
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  submitted_by bigint,
  reviewed_at timestamptz,
  reviewed_by bigint,
  review_note text,
  published_at timestamptz,
  withdrawn_at timestamptz,
  withdraw_reason text,
  check (status <> 'published' or index_no is not null),
  check (status <> 'withdrawn' or withdraw_reason is not null)
);
comment on table openness.entries is '政府信息公开目录 entries (主动公开): written by an editor, published by a reviewer with a 索引号';
comment on column openness.entries.id is 'Surrogate key';
comment on column openness.entries.org_path is 'Publishing bureau (发布机构) scope';
comment on column openness.entries.org_unit_id is 'Publishing bureau (发布机构) org unit';
comment on column openness.entries.division_code is 'Division code of the publishing bureau (GB/T 2260)';
comment on column openness.entries.category is '主动公开 category code (公开类别), see openness/categories.ts';
comment on column openness.entries.title is 'Title (名称)';
comment on column openness.entries.doc_no is 'Document number (文号), when the information is a document';
comment on column openness.entries.body is 'Content (内容), plain text';
comment on column openness.entries.status is 'draft 草稿 / submitted 待审核 / returned 退回修改 / published 已公开 / withdrawn 已撤回';
comment on column openness.entries.index_no is '索引号: bureau code-category-year-serial, given when published, never reused';
comment on column openness.entries.created_at is 'When written';
comment on column openness.entries.created_by is 'Editor (编辑)';
comment on column openness.entries.updated_at is 'Last edit';
comment on column openness.entries.submitted_at is 'When sent for review (送审)';
comment on column openness.entries.submitted_by is 'Who sent it for review';
comment on column openness.entries.reviewed_at is 'When the reviewer published or returned it (审核)';
comment on column openness.entries.reviewed_by is 'Reviewer (审核人)';
comment on column openness.entries.review_note is 'Why it was returned (退回意见)';
comment on column openness.entries.published_at is 'Publication time (发布日期)';
comment on column openness.entries.withdrawn_at is 'When withdrawn (撤回); the record and its 索引号 stay';
comment on column openness.entries.withdraw_reason is 'Why withdrawn (撤回理由)';
grant select, insert, update on openness.entries to sunland_app;
alter table openness.entries enable row level security;
alter table openness.entries force row level security;
create policy entries_read on openness.entries for select to sunland_app
  using (status = 'published' or org_path <@ (select platform.current_scopes()));
create policy entries_insert on openness.entries for insert to sunland_app with check (platform.in_scope(org_path));
create policy entries_update on openness.entries for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
create index entries_list on openness.entries (status, published_at desc);
create index entries_path on openness.entries using gist (org_path);

create table openness.annual_reports (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  org_unit_id bigint not null,
  division_code text not null,
  year int not null check (year between 2008 and 2200),
  figures jsonb not null,
  document_id bigint,
  doc_no text,
  published_at timestamptz not null default now(),
  published_by bigint not null,
  unique (org_unit_id, year)
);
comment on table openness.annual_reports is '政府信息公开工作年度报告: figures of the year from the platform''s own data, with the PDF issued through platform.documents';
comment on column openness.annual_reports.id is 'Surrogate key';
comment on column openness.annual_reports.org_path is 'Reporting bureau scope';
comment on column openness.annual_reports.org_unit_id is 'Reporting bureau (报告机关)';
comment on column openness.annual_reports.division_code is 'Division code of the bureau';
comment on column openness.annual_reports.year is 'Year reported (报告年度)';
comment on column openness.annual_reports.figures is 'Figures (主动公开, 依申请公开 by outcome, 互动交流) as computed when issued';
comment on column openness.annual_reports.document_id is 'The PDF in documents.documents';
comment on column openness.annual_reports.doc_no is 'Its document number (文号)';
comment on column openness.annual_reports.published_at is 'When issued and published';
comment on column openness.annual_reports.published_by is 'Who issued it';
grant select, insert on openness.annual_reports to sunland_app;
alter table openness.annual_reports enable row level security;
alter table openness.annual_reports force row level security;
create policy annual_reports_read on openness.annual_reports for select to sunland_app using (true);
create policy annual_reports_insert on openness.annual_reports for insert to sunland_app with check (platform.in_scope(org_path));

create table openness.letters (
  id bigint generated always as identity primary key,
  letter_no text not null unique,
  kind text not null check (kind in ('mailbox', 'consult')),
  org_path ltree not null,
  org_unit_id bigint not null,
  division_code text not null,
  subject text not null check (length(subject) between 2 and 100),
  body text not null check (length(body) between 5 and 5000),
  writer_name text not null check (length(writer_name) between 1 and 50),
  writer_phone text not null,
  consent_publish boolean not null,
  query_code_hash text not null,
  status text not null default 'received' check (status in ('received', 'answered', 'published')),
  received_at timestamptz not null default now(),
  received_on date not null,
  due_date date not null,
  reply text,
  replied_at timestamptz,
  replied_on date,
  replied_by bigint,
  public_subject text,
  public_body text,
  public_reply text,
  published_at timestamptz,
  published_by bigint,
  rating int check (rating between 1 and 5),
  rating_comment text,
  rated_at timestamptz,
  check (status = 'received' or reply is not null),
  check (status <> 'published' or (consent_publish and public_body is not null))
);
comment on table openness.letters is 'Letters from the public (互动交流): 局长信箱 and 咨询, answered within working days, published masked with consent';
comment on column openness.letters.id is 'Surrogate key';
comment on column openness.letters.letter_no is 'Letter number (信件编号) given to the writer';
comment on column openness.letters.kind is 'mailbox 局长信箱 / consult 咨询';
comment on column openness.letters.org_path is 'Answering bureau scope';
comment on column openness.letters.org_unit_id is 'Answering bureau (受理单位)';
comment on column openness.letters.division_code is 'Division code of the bureau';
comment on column openness.letters.subject is 'Subject (标题) as written';
comment on column openness.letters.body is 'Content (内容) as written; never public as such';
comment on column openness.letters.writer_name is 'Writer''s name (来信人); never public';
comment on column openness.letters.writer_phone is 'Writer''s mobile (联系电话); never public';
comment on column openness.letters.consent_publish is 'The writer agrees to publication with personal data removed (同意公开)';
comment on column openness.letters.query_code_hash is 'SHA-256 of the query code (查询码) the writer checks and rates with';
comment on column openness.letters.status is 'received 待答复 / answered 已答复 / published 已公开';
comment on column openness.letters.received_at is 'When received';
comment on column openness.letters.received_on is 'Day received (China Standard Time)';
comment on column openness.letters.due_date is 'Reply due (答复期限), in working days from the day received';
comment on column openness.letters.reply is 'Reply (答复内容)';
comment on column openness.letters.replied_at is 'When answered';
comment on column openness.letters.replied_on is 'Day answered';
comment on column openness.letters.replied_by is 'Who answered';
comment on column openness.letters.public_subject is 'Published subject, personal data removed (公开标题)';
comment on column openness.letters.public_body is 'Published content, personal data removed (公开内容)';
comment on column openness.letters.public_reply is 'Published reply, personal data removed (公开答复)';
comment on column openness.letters.published_at is 'When published (公开时间)';
comment on column openness.letters.published_by is 'Who published it';
comment on column openness.letters.rating is 'Writer''s satisfaction (满意度) 1–5';
comment on column openness.letters.rating_comment is 'Writer''s comment on the reply';
comment on column openness.letters.rated_at is 'When rated';
grant select, insert, update on openness.letters to sunland_app;
alter table openness.letters enable row level security;
alter table openness.letters force row level security;
create policy letters_rw on openness.letters for all to sunland_app
  using (org_path <@ (select platform.current_scopes())) with check (platform.in_scope(org_path));
create index letters_status on openness.letters (status, due_date);

create table openness.surveys (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  org_unit_id bigint not null,
  division_code text not null,
  title text not null check (length(title) between 2 and 200),
  description text not null default '' check (length(description) <= 5000),
  options jsonb not null check (jsonb_typeof(options) = 'array' and jsonb_array_length(options) between 2 and 20),
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  closes_on date not null,
  created_at timestamptz not null default now(),
  created_by bigint not null,
  opened_at timestamptz,
  closed_at timestamptz
);
comment on table openness.surveys is 'Public surveys (网上调查): one question, one vote per public account';
comment on column openness.surveys.id is 'Surrogate key';
comment on column openness.surveys.org_path is 'Organising bureau scope';
comment on column openness.surveys.org_unit_id is 'Organising bureau (发起单位)';
comment on column openness.surveys.division_code is 'Division code of the bureau';
comment on column openness.surveys.title is 'Question (调查题目)';
comment on column openness.surveys.description is 'Explanation (说明)';
comment on column openness.surveys.options is 'Choices [{key, label}] (选项)';
comment on column openness.surveys.status is 'draft 草稿 / open 进行中 / closed 已结束';
comment on column openness.surveys.closes_on is 'Last day of voting (截止日期)';
comment on column openness.surveys.created_at is 'When created';
comment on column openness.surveys.created_by is 'Who created it';
comment on column openness.surveys.opened_at is 'When opened to the public';
comment on column openness.surveys.closed_at is 'When closed';
grant select, insert, update on openness.surveys to sunland_app;
alter table openness.surveys enable row level security;
alter table openness.surveys force row level security;
create policy surveys_read on openness.surveys for select to sunland_app
  using (status <> 'draft' or org_path <@ (select platform.current_scopes()));
create policy surveys_insert on openness.surveys for insert to sunland_app with check (platform.in_scope(org_path));
create policy surveys_update on openness.surveys for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table openness.survey_votes (
  survey_id bigint not null references openness.surveys(id),
  user_id bigint not null,
  option_key text not null,
  voted_at timestamptz not null default now(),
  primary key (survey_id, user_id)
);
comment on table openness.survey_votes is 'Votes (投票) of public accounts: the primary key allows one per person and survey';
comment on column openness.survey_votes.survey_id is 'The survey';
comment on column openness.survey_votes.user_id is 'The voting public account (实名账户); never shown';
comment on column openness.survey_votes.option_key is 'The choice';
comment on column openness.survey_votes.voted_at is 'When voted';
grant select, insert on openness.survey_votes to sunland_app;
