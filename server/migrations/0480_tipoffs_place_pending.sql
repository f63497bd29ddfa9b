-- Reports without a point (Open311 GeoReport v2 accepts a location as lat+long, or
-- address_string, or address_id): the point of a report becomes optional, and a report whose
-- address names no division is received for triage to place (待定位) — the receiving hotline
-- places it when it assigns the report to a county.
alter table tipoffs.reports alter column lon drop not null;
alter table tipoffs.reports alter column lat drop not null;
alter table tipoffs.reports add constraint reports_point_whole check ((lon is null) = (lat is null));
alter table tipoffs.reports add column place_pending boolean not null default false;
comment on column tipoffs.reports.lon is 'Longitude of the place, CGCS2000 (EPSG:4490); null when the report gave an address only (仅有地址)';
comment on column tipoffs.reports.lat is 'Latitude of the place, CGCS2000 (EPSG:4490); null when the report gave an address only (仅有地址)';
comment on column tipoffs.reports.place_pending is 'The place is still to be determined (发生地待定): received without a point or a named division, division_code is then the receiving bureau''s own; cleared when assigned to a county';
-- The app role already has select/insert/update on tipoffs.reports (0200); the new column is covered.
grant select, insert, update on tipoffs.reports to sunland_app;
