-- Documents (文书): the registry of every PDF the administration issues (受理通知书, 补正通知书,
-- 不予受理通知书, 决定书, 许可证 …), their numbers (文号) and public verification (文书核验).
create schema documents;
comment on schema documents is 'Issued documents and their verification (文书与核验)';
grant usage on schema documents to sunland_app;

create table documents.number_prefixes (
  issuer_org_unit_id bigint not null,
  kind text not null check (kind ~ '^(\*|[a-z][a-z0-9_]{1,39})$'),
  prefix text not null check (length(prefix) between 1 and 30),
  updated_at timestamptz not null default now(),
  primary key (issuer_org_unit_id, kind)
);
comment on table documents.number_prefixes is 'Document-number prefixes (文号前缀) per issuing authority and kind: 地区机关简称 + 执法性质, e.g. 播自然资受';
comment on column documents.number_prefixes.issuer_org_unit_id is 'Issuing authority (发文机关), an org unit of kind bureau';
comment on column documents.number_prefixes.kind is 'Document kind, or * for the authority''s short name (机关简称) to which the kind''s nature word (执法性质, e.g. 受) is appended';
comment on column documents.number_prefixes.prefix is 'The prefix: for a kind the whole prefix (播自然资受), for * the short name (播自然资)';
comment on column documents.number_prefixes.updated_at is 'When the prefix was last set';
grant select, insert, update on documents.number_prefixes to sunland_app;

create table documents.sequences (
  issuer_org_unit_id bigint not null,
  kind text not null,
  year int not null check (year between 2000 and 2999),
  last_no int not null check (last_no >= 0),
  primary key (issuer_org_unit_id, kind, year)
);
comment on table documents.sequences is 'Last document number (顺序号) used per issuing authority, kind and year; taken under the row lock of the issuing transaction, so numbers are gapless';
comment on column documents.sequences.issuer_org_unit_id is 'Issuing authority (发文机关)';
comment on column documents.sequences.kind is 'Document kind (文书种类)';
comment on column documents.sequences.year is 'Year of issue in China Standard Time (年份)';
comment on column documents.sequences.last_no is 'Last number issued this year (已用顺序号); a rolled-back issue gives its number back';
grant select, insert, update on documents.sequences to sunland_app;

create table documents.documents (
  id bigint generated always as identity primary key,
  kind text not null check (kind in (
    'acceptance_notice', 'supplement_notice', 'refusal_notice', 'decision', 'licence',
    'receipt', 'extension_notice', 'certificate', 'notice', 'penalty_decision', 'sale_confirmation'
  )),
  doc_no text not null,
  title text not null check (length(title) between 1 and 100),
  subject_type text not null check (subject_type ~ '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$'),
  subject_id text not null check (length(subject_id) between 1 and 100),
  org_path ltree not null,
  org_unit_id bigint not null,
  issuer_org_unit_id bigint not null,
  issuer_name text not null,
  year int not null,
  seq int not null check (seq > 0),
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  size int not null check (size > 0),
  verify_token text not null unique check (verify_token ~ '^[A-Za-z0-9_-]{22,64}$'),
  status text not null default 'valid' check (status in ('valid', 'revoked', 'superseded')),
  revoked_reason text,
  status_changed_at timestamptz,
  status_changed_by bigint,
  superseded_by bigint references documents.documents(id),
  issued_at timestamptz not null,
  issued_by bigint,
  unique (issuer_org_unit_id, kind, year, seq),
  check ((status = 'valid') = (status_changed_at is null)),
  check (status <> 'revoked' or revoked_reason is not null),
  check (status <> 'superseded' or superseded_by is not null)
);
comment on table documents.documents is 'Document registry (文书登记): one row per issued PDF, with its number, hash and status; the bytes live in the file store under the hash';
comment on column documents.documents.id is 'Surrogate key';
comment on column documents.documents.kind is 'Kind (文书种类): acceptance_notice 受理通知书, supplement_notice 补正/一次性告知通知书, refusal_notice 不予受理通知书, decision 决定书, licence 许可证 …';
comment on column documents.documents.doc_no is 'Document number (文号), e.g. 播自然资受〔2026〕12号';
comment on column documents.documents.title is 'Title printed on the document (文书标题); public on the verification page, so never personal data';
comment on column documents.documents.subject_type is 'What the document is about, module.entity, e.g. approvals.case (关联业务类型)';
comment on column documents.documents.subject_id is 'Id of that entity (关联业务编号)';
comment on column documents.documents.org_path is 'ltree path of the org unit that issued it; staff read it inside their scope (RLS)';
comment on column documents.documents.org_unit_id is 'Org unit that issued it (承办单位), e.g. the service window';
comment on column documents.documents.issuer_org_unit_id is 'Issuing authority (发文机关): the bureau above org_unit_id, whose name and seal are printed';
comment on column documents.documents.issuer_name is 'Name of the issuing authority at the time of issue (发文机关名称), shown on verification';
comment on column documents.documents.year is 'Year of the number (文号年份), China Standard Time';
comment on column documents.documents.seq is 'Sequence number within authority, kind and year (顺序号)';
comment on column documents.documents.sha256 is 'SHA-256 of the PDF bytes (文件摘要), hex; also the storage key';
comment on column documents.documents.size is 'Size of the PDF in bytes';
comment on column documents.documents.verify_token is 'Random unguessable token in the QR code (核验码); opens the public verification page';
comment on column documents.documents.status is 'valid (有效), revoked (已撤销), superseded (已被替代)';
comment on column documents.documents.revoked_reason is 'Why it was revoked (撤销原因); not shown to the public';
comment on column documents.documents.status_changed_at is 'When it was revoked or superseded; null while valid';
comment on column documents.documents.status_changed_by is 'User who revoked it or issued its replacement';
comment on column documents.documents.superseded_by is 'The document that replaces it (替代文书)';
comment on column documents.documents.issued_at is 'When it was issued (签发时间)';
comment on column documents.documents.issued_by is 'User who issued it (签发人); null for a system job';
create index documents_subject on documents.documents (subject_type, subject_id);
create index documents_org_path on documents.documents using gist (org_path);

grant select, insert on documents.documents to sunland_app;
grant update (status, revoked_reason, status_changed_at, status_changed_by, superseded_by) on documents.documents to sunland_app;
alter table documents.documents enable row level security;
create policy documents_read on documents.documents for select to sunland_app using (platform.in_scope(org_path));
create policy documents_insert on documents.documents for insert to sunland_app with check (platform.in_scope(org_path));
create policy documents_update on documents.documents for update to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

-- Public verification (文书核验) needs no login and no scope. These functions run as the table
-- owner, past RLS, and return only what the verification page shows: never the subject,
-- the issuing user or the revocation reason.
create function documents.verify_by_token(p_token text)
  returns table (kind text, title text, doc_no text, issuer_name text, issued_at timestamptz,
                 sha256 text, size int, status text, status_changed_at timestamptz, verify_token text)
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$ select d.kind, d.title, d.doc_no, d.issuer_name, d.issued_at, d.sha256, d.size, d.status, d.status_changed_at, d.verify_token
   from documents.documents d where d.verify_token = p_token $$;
comment on function documents.verify_by_token(text) is 'Public facts of the document with this verification token (核验码)';

create function documents.verify_by_sha256(p_sha256 text)
  returns table (kind text, title text, doc_no text, issuer_name text, issued_at timestamptz,
                 sha256 text, size int, status text, status_changed_at timestamptz, verify_token text)
  language sql stable security definer set search_path = pg_catalog, pg_temp as
$$ select d.kind, d.title, d.doc_no, d.issuer_name, d.issued_at, d.sha256, d.size, d.status, d.status_changed_at, d.verify_token
   from documents.documents d where d.sha256 = p_sha256 $$;
comment on function documents.verify_by_sha256(text) is 'Public facts of the document whose PDF has this SHA-256 (上传文件核验)';

revoke all on function documents.verify_by_token(text), documents.verify_by_sha256(text) from public;
grant execute on function documents.verify_by_token(text), documents.verify_by_sha256(text) to sunland_app;
