/**
 * Providers of derived cells (由业务系统取数) that the statistics module takes itself from other
 * modules' read-only figures, through their index.ts. `createStatisticsService` uses them unless
 * its caller (app.ts) passes a provider of the same name. Each runs in the system context: the
 * figures are about the reporting unit's own division, whichever office holds the records.
 *
 * - `enforcement.cases` — params `measure` filed (立案) | closed (结案) | fines (罚没款, 万元, 2
 *   decimals), `category` land | mineral.
 * - `patches.illegal` — params `measure` count (违法图斑) | hectares (their area, 公顷, 4 decimals).
 */
import type { Db } from '../../platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { caseStatistics } from '../enforcement/index.ts';
import { illegalPatchStatistics } from '../patches/index.ts';
import type { DerivedProvider } from './statistics.service.ts';

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

export function moduleDerivedProviders(db: Db): Record<string, DerivedProvider> {
  return {
    'enforcement.cases': (_trx, q) => withContext(db, SYSTEM_CONTEXT, async (trx) => {
      const category = q.params.category === 'land' || q.params.category === 'mineral' ? q.params.category : undefined;
      const f = await caseStatistics(trx, { divisionPath: divisionPath(q.divisionCode), from: q.from, to: q.to, category });
      if (q.params.measure === 'closed') return f.closed;
      if (q.params.measure === 'fines') return round(f.finesYuan / 10_000, 2);
      return f.filed;
    }),
    'patches.illegal': (_trx, q) => withContext(db, SYSTEM_CONTEXT, async (trx) => {
      const f = await illegalPatchStatistics(trx, { divisionPath: divisionPath(q.divisionCode), from: q.from, to: q.to });
      return q.params.measure === 'hectares' ? round(f.areaM2 / 10_000, 4) : f.illegal;
    }),
  };
}
