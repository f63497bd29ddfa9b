// PLACEHOLDER — owned by the notify/jobs helper; replace wholly.
import type { Env } from '../../env.ts';

export interface Jobs { start(): Promise<void>; stop(): Promise<void> }
export function createJobs(_deps: { connectionString: string; env: Env }): Jobs {
  return { async start() {}, async stop() {} };
}
