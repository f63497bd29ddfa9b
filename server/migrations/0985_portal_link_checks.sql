-- 网站普查: external links (外部链接) of published articles, checked from the server (HEAD, then
-- GET when HEAD is refused), one row per site and URL holding the latest result and its date.
create table portal.link_checks (
  id bigint generated always as identity primary key,
  site_id bigint not null references portal.sites(id),
  org_path ltree not null,
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  article_ids bigint[] not null default '{}',
  ok boolean not null,
  http_status int,
  error text,
  method text check (method in ('HEAD', 'GET')),
  checked_on date not null,
  checked_at timestamptz not null default now(),
  unique (site_id, url)
);
comment on table portal.link_checks is 'External links of published articles and the latest check of each (网站普查 外部链接检查)';
comment on column portal.link_checks.id is 'Surrogate key';
comment on column portal.link_checks.site_id is 'Site whose published articles carry the link';
comment on column portal.link_checks.org_path is 'The site''s division path (RLS scope)';
comment on column portal.link_checks.url is 'The absolute http(s) URL as written in the articles';
comment on column portal.link_checks.article_ids is 'Published articles of the site linking to it when checked';
comment on column portal.link_checks.ok is 'Answered 2xx/3xx within the time limit (可访问)';
comment on column portal.link_checks.http_status is 'HTTP status of the last answer, null when none came';
comment on column portal.link_checks.error is 'Why there was no answer: timeout, refused, DNS…';
comment on column portal.link_checks.method is 'The request that gave the result: HEAD, or GET after a refused HEAD';
comment on column portal.link_checks.checked_on is 'Day of the check (China time), shown in the health dashboard';
comment on column portal.link_checks.checked_at is 'When checked';
create index link_checks_org on portal.link_checks using gist (org_path);
grant select, insert, update, delete on portal.link_checks to sunland_app;
alter table portal.link_checks enable row level security;
alter table portal.link_checks force row level security;
create policy link_checks_staff on portal.link_checks for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
