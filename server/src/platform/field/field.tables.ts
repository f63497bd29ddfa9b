/** Kysely types of the `field` schema (migration 0620_field.sql). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface FieldUploadsTable {
  id: Generated<string>;
  userId: number;
  orgPath: string;
  name: string;
  declaredMime: string;
  size: ColumnType<string, number, number>;
  status: Generated<'receiving' | 'complete'>;
  sha256: string | null;
  fileUploadId: string | null;
  createdAt: Generated<Date>;
  completedAt: Date | null;
  /** EXIF of the photo (migration 0976), read when the upload completes. */
  exifTakenAt: Date | null;
  exifLon: number | null;
  exifLat: number | null;
}

export interface StoredPhoto {
  sha256: string; takenAt: string; lon: number | null; lat: number | null; headingDeg: number | null; distanceM: number | null; far: boolean;
  exif?: { takenAt: string | null; lon: number | null; lat: number | null } | null; exifDistanceM?: number | null; early?: boolean;
}

export interface FieldRecordsTable {
  recordId: string;
  kind: string;
  assignmentId: string;
  userId: number;
  orgPath: string;
  baseVersion: string;
  formValues: Json<Record<string, string | number | boolean | null>>;
  position: Json<{ lon: number; lat: number; accuracyM: number | null } | null>;
  distanceM: number | null;
  photos: Json<StoredPhoto[]>;
  farPhotos: number;
  signatureSha256: string | null;
  recordedAt: Date;
  receivedAt: Generated<Date>;
}

export interface FieldDemoSitesTable {
  id: Generated<string>;
  orgPath: string;
  title: string;
  geometry: Json<{ type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown }>;
  note: Generated<string>;
  version: Generated<number>;
  dueDate: ColumnType<string | null, string | null, string | null>;
  lastRecordId: string | null;
  updatedAt: Generated<Date>;
}

export interface FieldTables {
  'field.uploads': FieldUploadsTable;
  'field.records': FieldRecordsTable;
  'field.demo_sites': FieldDemoSitesTable;
}
