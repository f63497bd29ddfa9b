import type { Generated } from 'kysely';

export interface FileObjectsTable {
  sha256: string;
  size: number;
  mime: string;
  createdAt: Generated<Date>;
}

export interface FileUploadsTable {
  id: Generated<string>;
  sha256: string;
  originalName: string;
  declaredMime: string;
  detectedMime: string;
  uploadedBy: number | null;
  orgPath: string | null;
  createdAt: Generated<Date>;
}

export interface FilesTables {
  'files.objects': FileObjectsTable;
  'files.uploads': FileUploadsTable;
}
