-- Unfinished field uploads (外业照片上传未完成): a phone that started a resumable upload and never
-- finished it (the photo deleted, the record abandoned) leaves a `receiving` row and its partial
-- bytes under DATA_DIR/field-uploads. The nightly job `field.sweep-uploads` removes them after
-- 48 hours (createFieldService().registerJobs). The uploads are their uploader's (policy uploads_own):
-- only the platform's system context (no user, the whole country's scope) may read and delete
-- them, and only `receiving` ones older than a day — never a completed photo.
create policy uploads_sweep_read on field.uploads for select to sunland_app
  using (status = 'receiving' and created_at < now() - interval '24 hours'
         and platform.current_user_id() is null and 'cn'::ltree = any (platform.current_scopes()));
create policy uploads_sweep_delete on field.uploads for delete to sunland_app
  using (status = 'receiving' and created_at < now() - interval '24 hours'
         and platform.current_user_id() is null and 'cn'::ltree = any (platform.current_scopes()));
comment on policy uploads_sweep_read on field.uploads is 'The system context sees unfinished uploads older than a day (清理未完成的上传)';
comment on policy uploads_sweep_delete on field.uploads is 'The system context deletes unfinished uploads older than a day (清理未完成的上传)';
create index uploads_receiving_idx on field.uploads (created_at) where status = 'receiving';
