/**
 * The field form provider registry (platform/field/README.md): a module that sends inspectors on site
 * (patches 图斑, later hazard inspections, township patrols) registers one provider — its form,
 * its assignments, and how it accepts a synced record. Keep these shapes as they are: other
 * modules code against them.
 */
import type { Tx } from '../db/context.ts';
import type { Actor } from '../http/actor.ts';

export type LocalText = { 'zh-CN': string; 'en-US': string };

export interface FieldFormField {
  name: string;                                           // key in `values`
  type: 'text' | 'textarea' | 'select' | 'date' | 'boolean' | 'number';
  label: LocalText;
  required?: boolean;
  options?: { value: string; label: LocalText }[];        // for 'select'
}

export interface FieldAssignment {
  id: string;                                             // subject id in the provider module (e.g. patch uuid)
  title: string;                                          // e.g. '图斑 5203042026A0001'
  geometry: { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown }; // GeoJSON, lon/lat CGCS2000
  details: { label: LocalText; value: string }[];         // what the inspector must know (pre-check result …)
  version: string;                                        // opaque; changes whenever the office changes the subject
  dueDate: string | null;                                 // YYYY-MM-DD
  /** Optional: a photo taken before this day (YYYY-MM-DD, e.g. the batch's later image date) is flagged `early`. */
  photosNotBefore?: string | null;
}

export interface FieldPhoto {
  sha256: string;                                         // file in the platform file store (uploaded first)
  takenAt: string;                                        // ISO
  lon: number | null; lat: number | null; headingDeg: number | null;
  distanceM: number | null;                               // server-computed distance to the geometry
  far: boolean;                                           // distanceM or exifDistanceM > provider.maxPhotoDistanceM
  /** The photo's own EXIF (time taken, GPS), read by the server on upload; null when it has none. */
  exif?: { takenAt: string | null; lon: number | null; lat: number | null } | null;
  exifDistanceM?: number | null;                          // server-computed distance of the EXIF position to the geometry
  early?: boolean;                                        // taken (EXIF time, else takenAt) before the assignment's photosNotBefore
}

export interface FieldRecordInput {
  recordId: string;                                       // client UUID = idempotency key
  assignmentId: string;
  baseVersion: string;                                    // assignment version the inspector saw
  values: Record<string, string | number | boolean | null>;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  distanceM: number | null;                               // server-computed
  photos: FieldPhoto[];
  signatureSha256: string | null;                         // PNG of the inspector's signature
  recordedAt: string;                                     // ISO, device clock
}

export interface FieldFormProvider {
  kind: string;                                           // 'patch'; later 'hazard-inspection', 'township-patrol'
  title: LocalText;
  permission: string;                                     // needed to download and submit, e.g. 'patches.field'
  fields: FieldFormField[];
  maxPhotoDistanceM: number;
  /** Assignments of this actor (in the actor's RLS scope). */
  listAssignments(trx: Tx, actor: Actor): Promise<FieldAssignment[]>;
  /** Optional: one assignment of this actor by id, or null — so a synced record does not list them all. */
  findAssignment?(trx: Tx, actor: Actor, id: string): Promise<FieldAssignment | null>;
  /** Once per record, inside the field platform's transaction, after its idempotency check.
   *  Throws AppError naming the field for invalid values. */
  acceptRecord(trx: Tx, actor: Actor, input: FieldRecordInput):
    Promise<{ status: 'accepted' } | { status: 'conflict'; currentVersion: string }>;
}
