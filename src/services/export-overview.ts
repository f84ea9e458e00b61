/** What the Exports page lists: counts per export and the runs to choose from. */
import type { ExportsOverview } from '../api/contract/exports.js';
import type { ReadDb } from '../store/db.js';
import { count, tableExists } from '../store/util.js';
import { listRuns } from '../export/load-run.js';

export function exportsOverview(db: ReadDb, exportsDir: string): ExportsOverview {
  const n = (sql: string) => count(db.prepare(sql).pluck().get());
  return {
    claims: n('SELECT count(*) FROM claims'),
    creditors: n('SELECT count(*) FROM creditors'),
    estateAssets: n('SELECT count(*) FROM estate_assets'),
    auditEntries: n('SELECT count(*) FROM audit'),
    runs: listRuns(db),
    notices: tableExists(db, 'notices') ? n('SELECT count(*) FROM notices') : 0,
    exportsDir,
  };
}
