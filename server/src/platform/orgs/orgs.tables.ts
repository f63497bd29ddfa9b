import type { Generated } from 'kysely';

export interface DivisionsTable {
  code: string;
  name: string;
  level: 'country' | 'province' | 'city' | 'county' | 'township';
  parentCode: string | null;
  path: string;
  validFrom: string;
  validTo: string | null;
  replacedBy: string | null;
}

export interface OrgUnitsTable {
  id: Generated<number>;
  parentId: number | null;
  divisionCode: string;
  kind: 'bureau' | 'department' | 'window' | 'office';
  code: string;
  name: string;
  nameEn: string | null;
  level: 'ministry' | 'province' | 'city' | 'county' | 'township';
  path: string;
  scopePath: string;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface OrgsTables {
  'orgs.divisions': DivisionsTable;
  'orgs.org_units': OrgUnitsTable;
}
