-- EXIF of field photos (照片 EXIF 信息): when a photo upload completes, the platform reads the
-- JPEG's own EXIF — time taken and GPS position — and keeps it beside the upload, so that a record
-- naming the photo is checked against the camera's facts as well as the app's (a photo taken far
-- from the subject, or before the batch's later image date, is flagged).
alter table field.uploads
  add column exif_taken_at timestamptz,
  add column exif_lon double precision check (exif_lon between -180 and 180),
  add column exif_lat double precision check (exif_lat between -90 and 90);
comment on column field.uploads.exif_taken_at is 'EXIF time taken (拍摄时间, DateTimeOriginal; GPS time when present, else local time +08:00 unless the EXIF names an offset); null when the photo has none';
comment on column field.uploads.exif_lon is 'EXIF GPS longitude (拍摄经度, degrees, WGS84 ≈ CGCS2000); null when the photo has none';
comment on column field.uploads.exif_lat is 'EXIF GPS latitude (拍摄纬度, degrees); null when the photo has none';
