-- Portal and website group (门户网站 + 网站群, issue 18): one installation hosts the province's,
-- the cities' and the counties' sites, each with its theme, column tree (栏目), navigation and
-- footer; articles go through review (编辑 → 审核 → 签发) before the public sees them; every
-- public document (articles, and the 政务公开 documents other modules hand over) is indexed for
-- Chinese full-text search (words segmented in Node with Intl.Segmenter into a tsvector).
--
-- Row-level security: a site, its columns and articles belong to the bureau's division path
-- (org_path). Staff read and write in their scope; the public (no scope) reads only published
-- articles and the sites and columns. Pushing an article to another site (上报/转载) goes through
-- portal.push_article (security definer), which checks the source is the caller's.
create schema portal;
comment on schema portal is 'Portal and website group (门户网站、网站群)';
grant usage on schema portal to sunland_app;

create table portal.sites (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[0-9]{6}$'),
  org_path ltree not null unique,
  parent_id bigint references portal.sites(id),
  name text not null check (length(name) between 2 and 100),
  name_en text not null default '',
  host text unique check (host is null or host ~ '^[a-z0-9.-]+(:[0-9]+)?$'),
  theme jsonb not null default '{}',
  footer jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table portal.sites is 'Sites of the website group (网站群站点): province, cities, counties; resolved by host name or /site/<code>';
comment on column portal.sites.id is 'Surrogate key';
comment on column portal.sites.code is 'GB/T 2260 division code of the bureau (行政区划代码); the path prefix /site/<code>';
comment on column portal.sites.org_path is 'The bureau''s division path (scope of its editors)';
comment on column portal.sites.parent_id is 'Parent site (上级站点): articles are pushed up to it';
comment on column portal.sites.name is 'Site name (网站名称)';
comment on column portal.sites.name_en is 'Site name in English';
comment on column portal.sites.host is 'Host name the site answers on (绑定域名), optional';
comment on column portal.sites.theme is 'Theme (主题): {primaryColor, logoText, banner}';
comment on column portal.sites.footer is 'Footer (页脚): {sponsor 主办单位, icp ICP备案号, psb 公安备案号, siteCode 网站标识码, address, phone, email}';
comment on column portal.sites.created_at is 'When created';
comment on column portal.sites.updated_at is 'Last change of the settings';
grant select, insert, update on portal.sites to sunland_app;
alter table portal.sites enable row level security;
alter table portal.sites force row level security;
create policy sites_read on portal.sites for select to sunland_app using (true);
create policy sites_write on portal.sites for insert to sunland_app with check (platform.in_scope(org_path));
create policy sites_update on portal.sites for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table portal.columns (
  id bigint generated always as identity primary key,
  site_id bigint not null references portal.sites(id),
  org_path ltree not null,
  parent_id bigint references portal.columns(id),
  slug text not null check (slug ~ '^[a-z][a-z0-9-]{0,39}$'),
  name text not null check (length(name) between 1 and 40),
  name_en text not null default '',
  kind text not null default 'news' check (kind in ('news', 'notice', 'policy', 'county', 'other')),
  update_quota text not null default 'dynamic' check (update_quota in ('dynamic', 'irregular')),
  review_flow text not null default 'review' check (review_flow in ('review', 'review_sign')),
  accepts_pushes boolean not null default false,
  in_nav boolean not null default true,
  sort int not null default 0,
  unique (site_id, slug)
);
comment on table portal.columns is 'Column tree (栏目) of a site, with its update quota and review flow';
comment on column portal.columns.id is 'Surrogate key';
comment on column portal.columns.site_id is 'Site';
comment on column portal.columns.org_path is 'Scope, the site''s';
comment on column portal.columns.parent_id is 'Parent column (上级栏目)';
comment on column portal.columns.slug is 'Path segment (/site/<code>/c/<slug>)';
comment on column portal.columns.name is 'Column name (栏目名称)';
comment on column portal.columns.name_en is 'Column name in English';
comment on column portal.columns.kind is 'news 工作动态 / notice 通知公告 / policy 政策文件 / county 区县动态 (receives pushes) / other';
comment on column portal.columns.update_quota is 'Update quota (更新要求): dynamic 动态 (a failure after 14 days without an article, 网站普查) / irregular 不定期 (exempt)';
comment on column portal.columns.review_flow is 'Review (审核流程): review 编辑→审核签发 / review_sign 编辑→审核→签发 (a second person signs)';
comment on column portal.columns.accepts_pushes is 'Takes articles pushed up from child sites (接收下级报送), published on arrival since the child reviewed them';
comment on column portal.columns.in_nav is 'Shown in the navigation (导航)';
comment on column portal.columns.sort is 'Order in the navigation';
grant select, insert, update on portal.columns to sunland_app;
alter table portal.columns enable row level security;
alter table portal.columns force row level security;
create policy columns_read on portal.columns for select to sunland_app using (true);
create policy columns_insert on portal.columns for insert to sunland_app with check (platform.in_scope(org_path));
create policy columns_update on portal.columns for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table portal.articles (
  id bigint generated always as identity primary key,
  site_id bigint not null references portal.sites(id),
  column_id bigint not null references portal.columns(id),
  org_path ltree not null,
  title text not null check (length(title) between 2 and 200),
  summary text not null default '' check (length(summary) <= 500),
  keywords text[] not null default '{}',
  source text not null default '' check (length(source) <= 100),
  author text not null default '' check (length(author) <= 60),
  body_html text not null,
  body_text text not null default '',
  media jsonb not null default '[]',
  status text not null default 'draft' check (status in ('draft', 'submitted', 'reviewed', 'published', 'withdrawn')),
  publish_at timestamptz,
  expire_at timestamptz,
  published_at timestamptz,
  version int not null default 1,
  origin_article_id bigint references portal.articles(id),
  origin_site_name text,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (expire_at is null or publish_at is null or expire_at > publish_at)
);
comment on table portal.articles is 'Articles (稿件/信息) of a column; the public sees them only when published, after publish_at and before expire_at';
comment on column portal.articles.id is 'Surrogate key; the public path /site/<code>/a/<id>';
comment on column portal.articles.site_id is 'Site';
comment on column portal.articles.column_id is 'Column (栏目)';
comment on column portal.articles.org_path is 'Scope, the site''s';
comment on column portal.articles.title is 'Title (标题)';
comment on column portal.articles.summary is 'Summary (摘要)';
comment on column portal.articles.keywords is 'Keywords (关键词)';
comment on column portal.articles.source is 'Source (来源), kept when pushed or shared (转载)';
comment on column portal.articles.author is 'Author (作者)';
comment on column portal.articles.body_html is 'Body (正文), HTML sanitised on the server before it is stored';
comment on column portal.articles.body_text is 'Body as plain text (for search and the summary)';
comment on column portal.articles.media is 'Images and attachments (图片、附件) [{uploadId, sha256, mime, name, size}]';
comment on column portal.articles.status is 'draft 草稿 / submitted 待审核 / reviewed 已审核待签发 / published 已发布 / withdrawn 已撤稿';
comment on column portal.articles.publish_at is 'Scheduled publication (定时发布); null = at once';
comment on column portal.articles.expire_at is 'Expiry (过期下线); null = never';
comment on column portal.articles.published_at is 'When it was signed off (签发时间)';
comment on column portal.articles.version is 'Current version number (版本)';
comment on column portal.articles.origin_article_id is 'The article this one was pushed or shared from (转载来源)';
comment on column portal.articles.origin_site_name is 'The site it came from (来源网站)';
comment on column portal.articles.created_by is 'Editor who wrote it';
comment on column portal.articles.created_at is 'When created';
comment on column portal.articles.updated_at is 'Last change';
create index articles_column_published on portal.articles (column_id, published_at desc) where status = 'published';
create index articles_site_status on portal.articles (site_id, status);
grant select, insert, update on portal.articles to sunland_app;
alter table portal.articles enable row level security;
alter table portal.articles force row level security;
create policy articles_read on portal.articles for select to sunland_app
  using (status = 'published' or org_path <@ (select platform.current_scopes()));
create policy articles_insert on portal.articles for insert to sunland_app with check (platform.in_scope(org_path));
create policy articles_update on portal.articles for update to sunland_app using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table portal.article_versions (
  id bigint generated always as identity primary key,
  article_id bigint not null references portal.articles(id),
  org_path ltree not null,
  version int not null,
  title text not null,
  body_html text not null,
  data jsonb not null default '{}',
  created_by bigint,
  created_at timestamptz not null default now(),
  unique (article_id, version)
);
comment on table portal.article_versions is 'Versions of an article (历史版本), one per save';
comment on column portal.article_versions.id is 'Surrogate key';
comment on column portal.article_versions.article_id is 'Article';
comment on column portal.article_versions.org_path is 'Scope, the article''s';
comment on column portal.article_versions.version is 'Version number';
comment on column portal.article_versions.title is 'Title of that version';
comment on column portal.article_versions.body_html is 'Body of that version (sanitised)';
comment on column portal.article_versions.data is 'Other fields of that version (summary, keywords, source, author, schedule)';
comment on column portal.article_versions.created_by is 'Who saved it';
comment on column portal.article_versions.created_at is 'When';
grant select, insert on portal.article_versions to sunland_app;
alter table portal.article_versions enable row level security;
alter table portal.article_versions force row level security;
create policy article_versions_rw on portal.article_versions for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table portal.article_events (
  id bigint generated always as identity primary key,
  article_id bigint not null references portal.articles(id),
  org_path ltree not null,
  kind text not null check (kind in ('created', 'edited', 'submitted', 'rejected', 'reviewed', 'published', 'withdrawn', 'pushed', 'received')),
  actor_id bigint,
  actor_name text,
  reason text,
  at timestamptz not null default now()
);
comment on table portal.article_events is 'What happened to an article (稿件流转记录): review, sign-off, withdrawal (撤稿) with its reason, pushes';
comment on column portal.article_events.id is 'Surrogate key';
comment on column portal.article_events.article_id is 'Article';
comment on column portal.article_events.org_path is 'Scope, the article''s';
comment on column portal.article_events.kind is 'created 新建 / edited 修改 / submitted 送审 / rejected 退回 / reviewed 审核通过 / published 签发 / withdrawn 撤稿 / pushed 报送 / received 接收';
comment on column portal.article_events.actor_id is 'Who';
comment on column portal.article_events.actor_name is 'Name of who, as shown then';
comment on column portal.article_events.reason is 'Opinion or reason (意见、撤稿理由)';
comment on column portal.article_events.at is 'When';
grant select, insert on portal.article_events to sunland_app;
alter table portal.article_events enable row level security;
alter table portal.article_events force row level security;
create policy article_events_rw on portal.article_events for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table portal.search_docs (
  id bigint generated always as identity primary key,
  source_kind text not null check (source_kind ~ '^[a-z][a-z0-9-]{0,39}$'),
  source_id text not null check (length(source_id) between 1 and 100),
  site_id bigint references portal.sites(id),
  column_id bigint references portal.columns(id),
  division_code text not null,
  title text not null,
  body text not null,
  url text not null check (url ~ '^/'),
  published_at timestamptz not null,
  expires_at timestamptz,
  tsv tsvector not null,
  unique (source_kind, source_id)
);
comment on table portal.search_docs is 'Full-text index of public documents (全文检索): articles and what other modules hand over (indexPublicDocument); only public text';
comment on column portal.search_docs.id is 'Surrogate key';
comment on column portal.search_docs.source_kind is 'Kind of source: article, disclosure, guide, penalty, sale, mailbox-reply…';
comment on column portal.search_docs.source_id is 'Id in the source module';
comment on column portal.search_docs.site_id is 'Site it belongs to (nearest site up the division tree)';
comment on column portal.search_docs.column_id is 'Column, for articles';
comment on column portal.search_docs.division_code is 'Publishing bureau''s division code';
comment on column portal.search_docs.title is 'Title';
comment on column portal.search_docs.body is 'Plain text (shown as a highlighted excerpt)';
comment on column portal.search_docs.url is 'Public path';
comment on column portal.search_docs.published_at is 'When published';
comment on column portal.search_docs.expires_at is 'After this it is no longer found (过期), optional'
;
comment on column portal.search_docs.tsv is 'Words segmented in Node (Intl.Segmenter zh), title weighted A, body D';
create index search_docs_tsv on portal.search_docs using gin (tsv);
create index search_docs_published on portal.search_docs (published_at desc);
grant select, insert, update, delete on portal.search_docs to sunland_app;

-- Every process's page cache hears of a change (页面缓存失效): like sunland_sessions (0522).
create function portal.content_changed() returns trigger
  language plpgsql as
$$
begin
  perform pg_notify('sunland_portal', '*');
  return null;
end
$$;
comment on function portal.content_changed() is 'NOTIFY sunland_portal on commit: cached public pages of every process are dropped';
create trigger articles_changed after insert or update on portal.articles for each statement execute function portal.content_changed();
create trigger sites_changed after insert or update on portal.sites for each statement execute function portal.content_changed();
create trigger columns_changed after insert or update on portal.columns for each statement execute function portal.content_changed();
create trigger search_docs_changed after insert or update or delete on portal.search_docs for each statement execute function portal.content_changed();

-- Push (上报) or share (转载) a published article to another site's column: a copy in the target
-- site, its source kept. The caller must see the source in its scope (RLS of the caller applies
-- to the check below, which runs as the caller's role is not bypassed for the source).
create function portal.push_article(p_article bigint, p_column bigint, p_actor bigint, p_actor_name text) returns bigint
  language plpgsql security definer set search_path = pg_catalog, public, pg_temp as
$$
declare
  src portal.articles;
  col portal.columns;
  src_site portal.sites;
  new_id bigint;
  scopes ltree[] := platform.current_scopes();
begin
  select * into src from portal.articles where id = p_article;
  if src.id is null or not (src.org_path <@ scopes) then
    raise exception 'portal.article_not_found' using errcode = 'P0002';
  end if;
  if src.status <> 'published' then
    raise exception 'portal.article_not_published' using errcode = 'P0001';
  end if;
  select * into col from portal.columns where id = p_column;
  if col.id is null or not col.accepts_pushes then
    raise exception 'portal.column_not_accepting' using errcode = 'P0001';
  end if;
  if exists (select 1 from portal.articles where origin_article_id = src.id and column_id = col.id and status <> 'withdrawn') then
    raise exception 'portal.already_pushed' using errcode = 'P0001';
  end if;
  select * into src_site from portal.sites where id = src.site_id;
  insert into portal.articles (site_id, column_id, org_path, title, summary, keywords, source, author, body_html, body_text, media, status,
                               published_at, origin_article_id, origin_site_name, created_by)
  values (col.site_id, col.id, col.org_path, src.title, src.summary, src.keywords, coalesce(nullif(src.source, ''), src_site.name), src.author,
          src.body_html, src.body_text, src.media, 'published', now(), src.id, src_site.name, p_actor)
  returning id into new_id;
  insert into portal.article_events (article_id, org_path, kind, actor_id, actor_name, reason)
  values (src.id, src.org_path, 'pushed', p_actor, p_actor_name, 'to column ' || col.id),
         (new_id, col.org_path, 'received', p_actor, p_actor_name, src_site.name);
  return new_id;
end
$$;
comment on function portal.push_article(bigint, bigint, bigint, text) is 'Push (报送/转载) a published article of the caller''s scope to a column that accepts pushes; returns the new article id';
revoke all on function portal.push_article(bigint, bigint, bigint, text) from public;
grant execute on function portal.push_article(bigint, bigint, bigint, text) to sunland_app;

-- A text another module hands to the portal (CONTRACTS §2 submitArticle), e.g. a township land
-- office's news for its county's site: it arrives as 待审核 in the site's first column of the
-- kind, and only the site's reviewers publish it. The caller (a module service) has checked its
-- own permission; its actor's scope may lie below the site's (a township).
create function portal.hand_over_article(p_division_path ltree, p_kind text, p_title text, p_body_html text, p_body_text text,
                                         p_source text, p_actor bigint, p_actor_name text) returns bigint
  language plpgsql security definer set search_path = pg_catalog, public, pg_temp as
$$
declare
  s portal.sites;
  col portal.columns;
  new_id bigint;
begin
  if not (p_division_path <@ platform.current_scopes() or platform.current_scopes() <@ p_division_path) then
    raise exception 'portal.out_of_scope' using errcode = 'P0001';
  end if;
  select * into s from portal.sites where org_path @> p_division_path order by nlevel(org_path) desc limit 1;
  if s.id is null then
    raise exception 'portal.site_not_found' using errcode = 'P0002';
  end if;
  select * into col from portal.columns where site_id = s.id and kind = p_kind order by sort, id limit 1;
  if col.id is null then
    raise exception 'portal.column_not_found' using errcode = 'P0002';
  end if;
  insert into portal.articles (site_id, column_id, org_path, title, source, body_html, body_text, media, status, created_by)
  values (s.id, col.id, s.org_path, p_title, p_source, p_body_html, p_body_text, '[]', 'submitted', p_actor)
  returning id into new_id;
  insert into portal.article_versions (article_id, org_path, version, title, body_html, data, created_by)
  values (new_id, s.org_path, 1, p_title, p_body_html, jsonb_build_object('source', p_source), p_actor);
  insert into portal.article_events (article_id, org_path, kind, actor_id, actor_name, reason)
  values (new_id, s.org_path, 'submitted', p_actor, p_actor_name, p_source);
  return new_id;
end
$$;
comment on function portal.hand_over_article(ltree, text, text, text, text, text, bigint, text) is 'A module hands a text to the nearest site as a draft awaiting review (送审稿); returns the article id';
revoke all on function portal.hand_over_article(ltree, text, text, text, text, text, bigint, text) from public;
grant execute on function portal.hand_over_article(ltree, text, text, text, text, text, bigint, text) to sunland_app;
