/** A worker of the geometry pool (pool.ts): runs one task at a time and answers plain data. */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../http/errors.ts';
import { runGeoTask, type GeoTask } from './geo.tasks.ts';

parentPort!.on('message', (m: { id: number; task: GeoTask }) => {
  try {
    parentPort!.postMessage({ id: m.id, ok: true, result: runGeoTask(m.task) });
  } catch (e) {
    const error = e instanceof AppError
      ? { code: e.code, message: e.message, details: e.details }
      : { name: (e as Error)?.name ?? 'Error', message: String((e as Error)?.message ?? e) };
    parentPort!.postMessage({ id: m.id, ok: false, error });
  }
});
