/** Kysely types of the `transparency` schema (migrations 0500_transparency.sql, 0540_transparency_hashes.sql, 0541_transparency_cosignatures.sql, 0542_transparency_sm2.sql). */
import type { Generated } from 'kysely';

export interface LogKeyTable { id: Generated<number>; origin: string; seed: Buffer; sm2Key: Buffer | null; createdAt: Generated<Date> }
export interface TreeTable { id: Generated<number>; size: number }
export interface EntriesTable { idx: number; kind: string; data: Buffer; leafHash: Buffer; createdAt: Generated<Date> }
export interface NodesTable { level: number; idx: number; hash: Buffer }
export interface CheckpointsTable { size: number; root: Buffer; note: string; createdAt: Generated<Date> }

export interface EntryHashesTable { sha256: Buffer; idx: number }

export interface CosignaturesTable { size: number; witness: string; line: string; cosignedAt: Generated<Date> }

export interface WitnessedTable { origin: string; size: number; root: Buffer; updatedAt: Generated<Date> }

export interface TransparencyTables {
  'transparency.log_key': LogKeyTable;
  'transparency.tree': TreeTable;
  'transparency.entries': EntriesTable;
  'transparency.nodes': NodesTable;
  'transparency.checkpoints': CheckpointsTable;
  'transparency.entry_hashes': EntryHashesTable;
  'transparency.cosignatures': CosignaturesTable;
  'transparency.witnessed': WitnessedTable;
}
