/** The import job, run in a worker thread: its own connection to the case, one transaction. */
import { openWrite } from '../store/db.js';
import { backupBefore } from '../store/backup.js';
import type { JobContext } from '../jobs/types.js';
import { importFile, type ImportReport, type ImportRequest } from './import/run.js';

export interface ImportJobArgs extends ImportRequest {
  casePath: string;
  actor: string;
}

export async function runImport(args: ImportJobArgs, ctx: JobContext): Promise<ImportReport> {
  // A checked backup beside the case first (src/store/backup.ts); a dry run changes nothing, so needs none.
  if (!args.dryRun) backupBefore(args.casePath, 'before-import');
  const db = openWrite(args.casePath);
  try {
    const { casePath: _c, actor, ...req } = args;
    return await importFile(db, actor, req, ctx);
  } finally {
    db.close();
  }
}
