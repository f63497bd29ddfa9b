/**
 * Sign-in calls that the server may answer with `auth.pow_required` (several failed sign-ins
 * for the name): solve the proof of work it sent in the background and send the call again once.
 * The account is never locked, so its owner only waits a few seconds.
 */
import { api, ApiError } from './api.ts';
import { solveInBackground } from '../modules/tipoffs/pow/solve-in-background.ts';

export async function postWithPow<T>(path: string, body: Record<string, unknown>, onSolving?: (solving: boolean) => void): Promise<T> {
  try {
    return await api.post<T>(path, body);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'auth.pow_required') throw e;
    const challenge = String(e.details.challenge);
    const difficulty = Number(e.details.difficulty);
    onSolving?.(true);
    try {
      const nonce = await solveInBackground(challenge, difficulty);
      return await api.post<T>(path, { ...body, pow: { challenge, nonce } });
    } finally {
      onSolving?.(false);
    }
  }
}
