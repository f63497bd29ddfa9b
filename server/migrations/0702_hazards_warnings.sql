-- Meteorological risk warnings (地质灾害气象风险预警), drafted by the hazard office and co-signed
-- by the weather bureau (two people, two organisations); published as CAP 1.2; dispatched to the
-- 群测群防 people of every site in the area, each of whom acknowledges; unacknowledged recipients
-- escalate along a chain kept as data (escalation_rules, escalation_contacts).
--
-- RLS: a warning is visible in the drafting scope (org_path) and to the co-signing organisation
-- (cosign_org_path); dispatch rows follow the site's township path.
create table hazards.warnings (
  id bigint generated always as identity primary key,
  warning_no text not null unique,
  org_path ltree not null,
  drill boolean not null default false,
  level int not null check (level between 1 and 4),
  headline text not null check (length(headline) between 4 and 160),
  advice text not null check (length(advice) between 4 and 2000),
  area_townships text[] not null default '{}',
  area_polygon jsonb,
  area_desc text not null,
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  status text not null default 'draft' check (status in ('draft', 'cosigned', 'published', 'cancelled')),
  drafted_by bigint not null,
  drafted_org_unit_id bigint not null,
  cosign_org_unit_id bigint not null,
  cosign_org_path ltree not null,
  cosigned_by bigint,
  cosigned_at timestamptz,
  published_by bigint,
  published_at timestamptz,
  cap_xml text,
  created_at timestamptz not null default now(),
  check (valid_to > valid_from),
  check (cardinality(area_townships) > 0 or area_polygon is not null),
  check (status in ('draft') or cosigned_by is not null),
  check (cosigned_by is null or cosigned_by <> drafted_by),
  check (cosign_org_unit_id <> drafted_org_unit_id)
);
comment on table hazards.warnings is 'Meteorological risk warnings (地质灾害气象风险预警), joint with the weather bureau';
comment on column hazards.warnings.id is 'Surrogate key';
comment on column hazards.warnings.warning_no is 'Warning number (预警编号)';
comment on column hazards.warnings.org_path is 'Drafting scope (county)';
comment on column hazards.warnings.drill is 'Drill (演练): never public, marked as exercise everywhere';
comment on column hazards.warnings.level is '1 一级 红色 / 2 二级 橙色 / 3 三级 黄色 / 4 四级 蓝色';
comment on column hazards.warnings.headline is 'Headline (标题)';
comment on column hazards.warnings.advice is 'Advice to the public and the responsible persons (防御指南)';
comment on column hazards.warnings.area_townships is 'Warned townships (预警区域乡镇)';
comment on column hazards.warnings.area_polygon is 'Or a drawn polygon (GeoJSON Polygon, EPSG:4490)';
comment on column hazards.warnings.area_desc is 'Area as text (区域描述)';
comment on column hazards.warnings.valid_from is 'Valid from (起始时间)';
comment on column hazards.warnings.valid_to is 'Valid to (结束时间)';
comment on column hazards.warnings.status is 'draft 草稿 / cosigned 已会签 / published 已发布 / cancelled 已解除';
comment on column hazards.warnings.drafted_by is 'Drafter (拟稿人), hazard office';
comment on column hazards.warnings.drafted_org_unit_id is 'Drafting organisation';
comment on column hazards.warnings.cosign_org_unit_id is 'Co-signing organisation (会签单位, 气象局)';
comment on column hazards.warnings.cosign_org_path is 'Its path, for RLS';
comment on column hazards.warnings.cosigned_by is 'Co-signer (会签人)';
comment on column hazards.warnings.cosigned_at is 'When co-signed';
comment on column hazards.warnings.published_by is 'Publisher (签发人)';
comment on column hazards.warnings.published_at is 'When published';
comment on column hazards.warnings.cap_xml is 'The CAP 1.2 message as published';
comment on column hazards.warnings.created_at is 'When drafted';
grant select, insert, update on hazards.warnings to sunland_app;
alter table hazards.warnings enable row level security;
alter table hazards.warnings force row level security;
create policy warnings_rw on hazards.warnings for all to sunland_app
  using (platform.in_scope(org_path) or platform.in_scope(cosign_org_path))
  with check (platform.in_scope(org_path) or platform.in_scope(cosign_org_path));

-- The public CAP feed and portal read published, non-drill warnings without a login.
create or replace function hazards.public_warnings() returns setof hazards.warnings
  language sql stable security definer set search_path = hazards, pg_temp as
$$ select * from hazards.warnings where status in ('published', 'cancelled') and not drill order by published_at desc limit 200 $$;
comment on function hazards.public_warnings() is 'Published and cancelled warnings that are not drills (公开预警), for the CAP feed and the portal';
revoke all on function hazards.public_warnings() from public;
grant execute on function hazards.public_warnings() to sunland_app;

create table hazards.escalation_rules (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  step int not null check (step between 1 and 5),
  after_minutes int not null check (after_minutes between 1 and 1440),
  target_role text not null check (target_role in ('township_head', 'county_duty')),
  unique (org_path, step)
);
comment on table hazards.escalation_rules is 'Escalation chain (逐级上报链): unacknowledged after N minutes → whom';
comment on column hazards.escalation_rules.id is 'Surrogate key';
comment on column hazards.escalation_rules.org_path is 'County the chain applies to';
comment on column hazards.escalation_rules.step is 'Step 1, 2, …';
comment on column hazards.escalation_rules.after_minutes is 'Minutes after dispatch without acknowledgement';
comment on column hazards.escalation_rules.target_role is 'township_head 乡镇主要负责人 / county_duty 县级值班员';
grant select, insert, update, delete on hazards.escalation_rules to sunland_app;
alter table hazards.escalation_rules enable row level security;
alter table hazards.escalation_rules force row level security;
create policy escalation_rules_rw on hazards.escalation_rules for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.escalation_contacts (
  id bigint generated always as identity primary key,
  org_path ltree not null,
  role text not null check (role in ('township_head', 'county_duty')),
  township_code text,
  name text not null,
  phone text not null check (phone ~ '^1[3-9][0-9]{9}$'),
  check ((role = 'township_head') = (township_code is not null))
);
comment on table hazards.escalation_contacts is 'Who receives escalations (township heads per township, the county duty officer)';
comment on column hazards.escalation_contacts.id is 'Surrogate key';
comment on column hazards.escalation_contacts.org_path is 'Path of the township (head) or county (duty officer)';
comment on column hazards.escalation_contacts.role is 'township_head 乡镇主要负责人 / county_duty 县级值班员';
comment on column hazards.escalation_contacts.township_code is 'Township of a township head';
comment on column hazards.escalation_contacts.name is 'Name';
comment on column hazards.escalation_contacts.phone is 'Mobile phone';
grant select, insert, update, delete on hazards.escalation_contacts to sunland_app;
alter table hazards.escalation_contacts enable row level security;
alter table hazards.escalation_contacts force row level security;
create policy escalation_contacts_rw on hazards.escalation_contacts for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));

create table hazards.dispatches (
  id bigint generated always as identity primary key,
  warning_id bigint not null references hazards.warnings(id),
  site_id bigint not null references hazards.sites(id),
  person_id bigint,
  org_path ltree not null,
  role text not null,
  name text not null,
  phone text not null,
  ack_code text not null,
  ack_token text not null unique,
  sent_at timestamptz not null default now(),
  acked_at timestamptz,
  acked_via text check (acked_via in ('link', 'code', 'app')),
  escalation_step int not null default 0,
  escalated_at timestamptz,
  unique (warning_id, site_id, phone)
);
comment on table hazards.dispatches is 'Who a warning was sent to, per site, and whether they acknowledged (签收)';
comment on column hazards.dispatches.id is 'Surrogate key';
comment on column hazards.dispatches.warning_id is 'Warning';
comment on column hazards.dispatches.site_id is 'Site the recipient is responsible for';
comment on column hazards.dispatches.person_id is 'Roster person';
comment on column hazards.dispatches.org_path is 'The site''s path';
comment on column hazards.dispatches.role is 'monitor / village / township';
comment on column hazards.dispatches.name is 'Recipient name';
comment on column hazards.dispatches.phone is 'Recipient phone';
comment on column hazards.dispatches.ack_code is 'Code to reply by SMS (回复码)';
comment on column hazards.dispatches.ack_token is 'Token of the acknowledgement link';
comment on column hazards.dispatches.sent_at is 'When queued';
comment on column hazards.dispatches.acked_at is 'When acknowledged (签收时间)';
comment on column hazards.dispatches.acked_via is 'link / code (SMS reply) / app';
comment on column hazards.dispatches.escalation_step is 'Last escalation step taken (0 = none)';
comment on column hazards.dispatches.escalated_at is 'When last escalated';
grant select, insert, update on hazards.dispatches to sunland_app;
alter table hazards.dispatches enable row level security;
alter table hazards.dispatches force row level security;
create policy dispatches_rw on hazards.dispatches for all to sunland_app
  using (platform.in_scope(org_path)) with check (platform.in_scope(org_path));
