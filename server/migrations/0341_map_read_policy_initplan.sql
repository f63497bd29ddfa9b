-- Row-level security of map reads (图层要素读取) with the scope read once per statement.
--
-- platform.in_scope(org_path) is inlined as `org_path <@ current_setting(...)::ltree[]`, and
-- PostgreSQL evaluates a stable expression like that on every row: the text of the scope is
-- parsed into ltree[] again for each candidate feature (≈ 1 µs a row, a third of the reading
-- cost of an overlay's candidates). Written as a scalar subquery the scope becomes an InitPlan,
-- computed once per statement; the rows seen are exactly the same.
drop policy features_read on map.features;
create policy features_read on map.features for select to sunland_app
  using (is_public or org_path <@ (select platform.current_scopes()));
comment on policy features_read on map.features is 'Public features (公开图层) for everyone, the rest within the acting post''s scope (数据权限范围)';

drop policy feature_versions_read on map.feature_versions;
create policy feature_versions_read on map.feature_versions for select to sunland_app
  using (is_public or org_path <@ (select platform.current_scopes()));
comment on policy feature_versions_read on map.feature_versions is 'Version history (要素变更历史) readable where the feature is';
