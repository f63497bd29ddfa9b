/**
 * Divisions (行政区划) and org units (单位/处室/窗口). A bureau's path is its division's path,
 * so the county bureau's subtree holds the county's departments, windows and township offices.
 * A department or window adds one label under its bureau; its posts act in the bureau's subtree.
 */
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { AppError, invalid } from '../http/errors.ts';
import { divisionPath } from './divisions.data.ts';
import * as repo from './orgs.repo.ts';

export type OrgUnit = NonNullable<Awaited<ReturnType<typeof repo.findOrgUnit>>>;
export type Division = NonNullable<Awaited<ReturnType<typeof repo.findDivision>>>;

const LEVEL_OF_DIVISION = { country: 'ministry', province: 'province', city: 'city', county: 'county', township: 'township' } as const;

export interface CreateOrgUnitInput {
  parentId: number | null;
  divisionCode?: string;
  kind: 'bureau' | 'department' | 'window' | 'office';
  /** Short label unique under the parent, [a-z0-9_]. */
  label?: string;
  code: string;
  name: string;
  nameEn?: string | null;
}

export function createOrgsService({ db }: { db: Db }) {
  async function getDivision(code: string, q: Db | Tx = db): Promise<Division> {
    const d = await repo.findDivision(q, code);
    if (!d) throw new AppError('orgs.division_not_found', `division ${code} not found`, { field: 'divisionCode' });
    return d;
  }

  async function getOrgUnit(id: number, q: Db | Tx = db): Promise<OrgUnit> {
    const u = await repo.findOrgUnit(q, id);
    if (!u) throw new AppError('orgs.org_unit_not_found', `org unit ${id} not found`, { field: 'orgUnitId' });
    return u;
  }

  /** Creates a unit; a bureau sits on a division, other kinds under a parent unit. */
  async function createOrgUnit(q: Db | Tx, input: CreateOrgUnitInput): Promise<OrgUnit> {
    if (!/^[A-Za-z0-9_-]{2,40}$/.test(input.code)) throw invalid('code', 'use 2–40 letters, digits, _ or -', '应为2至40个字母、数字、“_”或“-”');
    if (!input.name.trim()) throw invalid('name', 'required', '必须填写');
    if (input.kind === 'bureau') {
      if (!input.divisionCode) throw invalid('divisionCode', 'a bureau needs a division', '局、厅、所须选择所在行政区划');
      const div = await getDivision(input.divisionCode, q);
      const path = divisionPath(div.code);
      return repo.insertOrgUnit(q, {
        parentId: input.parentId, divisionCode: div.code, kind: 'bureau', code: input.code, name: input.name,
        nameEn: input.nameEn ?? null, level: LEVEL_OF_DIVISION[div.level], path, scopePath: path,
      });
    }
    if (input.parentId === null) throw invalid('parentId', `a ${input.kind} needs a parent unit`, `${input.kind === 'window' ? '服务窗口' : input.kind === 'office' ? '派出机构' : '内设科室'}须有上级单位`);
    const parent = await getOrgUnit(input.parentId, q);
    const label = input.label ?? input.code.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    if (!/^[a-z0-9_]{1,40}$/.test(label)) throw invalid('label', 'use a-z, 0-9 and _', '只能使用 a-z、0-9 和“_”');
    return repo.insertOrgUnit(q, {
      parentId: parent.id, divisionCode: parent.divisionCode, kind: input.kind, code: input.code, name: input.name,
      nameEn: input.nameEn ?? null, level: parent.level, path: `${parent.path}.${label}`, scopePath: parent.scopePath,
    });
  }

  return {
    getDivision,
    findDivision: (code: string) => repo.findDivision(db, code),
    listDivisions: (parentCode: string, onDate?: string) => repo.listDivisions(db, parentCode, onDate),
    getOrgUnit,
    findOrgUnitByCode: (code: string, q: Db | Tx = db) => repo.findOrgUnitByCode(q, code),
    listOrgUnitsUnder: (path: string) => repo.listOrgUnitsUnder(db, path),
    createOrgUnit,
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
