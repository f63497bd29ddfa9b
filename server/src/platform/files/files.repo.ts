import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';

type Q = Db | Tx;

export async function insertObject(q: Q, o: { sha256: string; size: number; mime: string }): Promise<void> {
  await q.insertInto('files.objects').values(o).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

export function insertUpload(q: Q, u: {
  sha256: string; originalName: string; declaredMime: string; detectedMime: string; uploadedBy: number | null; orgPath: string | null;
}) {
  return q.insertInto('files.uploads').values(u).returning(['id', 'createdAt']).executeTakeFirstOrThrow();
}

/** Visible only when RLS lets the transaction's actor see the upload. */
export function findUpload(q: Q, id: string) {
  return q.selectFrom('files.uploads')
    .innerJoin('files.objects', 'files.objects.sha256', 'files.uploads.sha256')
    .select([
      'files.uploads.id', 'files.uploads.sha256', 'files.uploads.originalName', 'files.uploads.declaredMime',
      'files.uploads.detectedMime', 'files.uploads.uploadedBy', 'files.uploads.orgPath', 'files.uploads.createdAt', 'files.objects.size',
    ])
    .where('files.uploads.id', '=', id)
    .executeTakeFirst();
}
