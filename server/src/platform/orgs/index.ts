export { createOrgsService, type OrgsService, type OrgUnit, type Division } from './orgs.service.ts';
export { orgsRoutes } from './orgs.routes.ts';
export { divisionPath, loadDivisionRows, COUNTRY_CODE } from './divisions.data.ts';
