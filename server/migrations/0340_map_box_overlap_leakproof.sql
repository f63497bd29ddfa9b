-- Lets the GiST box index serve bounding-box searches under row-level security.
--
-- PostgreSQL evaluates a query's own conditions after the RLS policy's unless their functions
-- are LEAKPROOF, and an index condition is evaluated first — so with RLS on map.features,
-- `bbox && box(...)` (pg_catalog.box_overlap, not marked leakproof) could not use the index
-- (layer_id, bbox): every tile, bbox page and overlay read the whole layer (1 s per tile
-- with 1,000,000 parcels). box_overlap compares eight floats, raises no error and reveals
-- nothing about its arguments, so marking it LEAKPROOF is safe.
--
-- Only a superuser may set LEAKPROOF. The embedded PostgreSQL migrates as one; on a server of
-- your own whose migration role is not, this file only warns, and a superuser should run
-- `ALTER FUNCTION pg_catalog.box_overlap(box, box) LEAKPROOF;` once (docs/operations.md).
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    alter function pg_catalog.box_overlap(box, box) leakproof;
  else
    raise warning 'map: box_overlap is not LEAKPROOF and the migration role is no superuser; '
      'bounding-box searches under RLS will not use the GiST index. As a superuser run: '
      'ALTER FUNCTION pg_catalog.box_overlap(box, box) LEAKPROOF;';
  end if;
end $$;
