/** Kysely types of the `selection` schema (migration 0510_selection.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
export type AgencyStatus = 'active' | 'suspended' | 'blacklisted';
export type DrawStatus = 'pool_frozen' | 'drawn' | 'confirmed' | 'exhausted';
export interface PoolEntry { agencyId: number; code: string; name: string }
export interface Excluded { agencyId: number; name: string; reason: string }

export interface AgenciesTable {
  id: Generated<number>;
  code: string;
  name: string;
  serviceTypes: string[];
  qualification: string;
  qualificationValidUntil: string;
  status: Generated<AgencyStatus>;
  statusReason: string | null;
  statusUntil: string | null;
  relatedParties: Generated<string[]>;
  evaluationCount: Generated<number>;
  evaluationScore: ColumnType<string | null, string | number | null, string | number | null>;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

export interface DrawsTable {
  id: Generated<number>;
  drawNo: string;
  orgPath: string;
  projectName: string;
  projectOwner: string;
  serviceType: string;
  status: Generated<DrawStatus>;
  pool: Json<PoolEntry[]>;
  poolHash: string;
  excluded: Json<Excluded[]>;
  secret: Buffer;
  secretCommitment: string;
  poolEntryIdx: number;
  confirmHours: number;
  checkpointSize: number | null;
  checkpointRoot: string | null;
  checkpointNote: string | null;
  ownerNumber: string | null;
  seed: string | null;
  drawOrder: ColumnType<number[] | null, string | undefined, string>;
  position: number | null;
  confirmDueAt: Date | null;
  selectedAgencyId: number | null;
  resultEntryIdx: number | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
  drawnAt: Date | null;
}

export interface DrawEventsTable {
  id: Generated<number>;
  drawId: number;
  orgPath: string;
  kind: 'frozen' | 'drawn' | 'confirmed' | 'declined' | 'timed_out';
  agencyId: number | null;
  reason: string | null;
  entryIdx: number | null;
  at: Generated<Date>;
}

export interface EvaluationsTable {
  id: Generated<number>;
  agencyId: number;
  drawId: number | null;
  quality: number;
  timeliness: number;
  note: string | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

export interface SelectionTables {
  'selection.agencies': AgenciesTable;
  'selection.draws': DrawsTable;
  'selection.draw_events': DrawEventsTable;
  'selection.evaluations': EvaluationsTable;
}
