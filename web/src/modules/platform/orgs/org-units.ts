/** Org units (`GET /api/org-units`) as a flat list and as a tree for Tree/TreeSelect. */
import { api } from '../../../app/api.ts';

export interface OrgUnit {
  id: number;
  parentId: number | null;
  divisionCode: string;
  kind: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  path: string;
  scopePath: string;
  active: boolean;
}

export interface OrgTreeNode {
  key: number;
  value: number;
  title: string;
  unit: OrgUnit;
  children: OrgTreeNode[];
}

export function listOrgUnits(): Promise<OrgUnit[]> {
  return api.get<OrgUnit[]>('/api/org-units');
}

export function orgUnitName(u: OrgUnit, en: boolean): string {
  return en ? (u.nameEn || u.name) : u.name;
}

/** Roots are units whose parent is not in the list (the list is limited to the actor's scope). */
export function buildOrgTree(units: OrgUnit[], en: boolean): OrgTreeNode[] {
  const byId = new Map<number, OrgTreeNode>();
  for (const u of units) byId.set(u.id, { key: u.id, value: u.id, title: orgUnitName(u, en), unit: u, children: [] });
  const roots: OrgTreeNode[] = [];
  for (const n of byId.values()) {
    const parent = n.unit.parentId === null ? undefined : byId.get(n.unit.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort((a, b) => a.unit.path.localeCompare(b.unit.path));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
