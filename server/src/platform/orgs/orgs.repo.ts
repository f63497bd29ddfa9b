import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { DivisionRow } from './divisions.data.ts';

type Q = Db | Tx;

/** Inserts divisions that are not there yet; existing history is never rewritten. */
export async function insertDivisions(db: Q, rows: DivisionRow[]): Promise<number> {
  const res = await sql`
    insert into orgs.divisions (code, name, level, parent_code, path)
    select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[],
                         ${rows.map((r) => r.level)}::text[], ${rows.map((r) => r.parentCode)}::text[],
                         ${rows.map((r) => r.path)}::ltree[])
    on conflict do nothing`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

/** Divisions valid on `onDate` (default today) under `parentCode`. */
export function listDivisions(db: Q, parentCode: string, onDate?: string) {
  const d = onDate ?? new Date().toISOString().slice(0, 10);
  return db
    .selectFrom('orgs.divisions')
    .selectAll()
    .where('parentCode', '=', parentCode)
    .where('validFrom', '<=', d)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', d)]))
    .orderBy('code')
    .execute();
}

export function findDivision(db: Q, code: string, onDate?: string) {
  const d = onDate ?? new Date().toISOString().slice(0, 10);
  return db
    .selectFrom('orgs.divisions')
    .selectAll()
    .where('code', '=', code)
    .where('validFrom', '<=', d)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', d)]))
    .executeTakeFirst();
}

export function findOrgUnit(db: Q, id: number) {
  return db.selectFrom('orgs.org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgUnitByCode(db: Q, code: string) {
  return db.selectFrom('orgs.org_units').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Units inside `path` (inclusive), ordered so parents come first. */
export function listOrgUnitsUnder(db: Q, path: string) {
  return db
    .selectFrom('orgs.org_units')
    .selectAll()
    .where(sql<boolean>`path <@ ${path}::ltree`)
    .orderBy(sql`nlevel(path)`)
    .orderBy('code')
    .execute();
}

export interface NewOrgUnit {
  parentId: number | null;
  divisionCode: string;
  kind: 'bureau' | 'department' | 'window' | 'office';
  code: string;
  name: string;
  nameEn: string | null;
  level: 'ministry' | 'province' | 'city' | 'county' | 'township';
  path: string;
  scopePath: string;
}

export function insertOrgUnit(db: Q, u: NewOrgUnit) {
  return db.insertInto('orgs.org_units').values(u).returningAll().executeTakeFirstOrThrow();
}
