/**
 * Large imports into small tables: the tables' plain (non-unique) indexes are
 * dropped inside the import's transaction and built again before it commits.
 * Building an index by sorting is far cheaper than a million random inserts
 * into a dozen B-trees. Unique indexes stay (they guard the data); a rollback
 * restores everything.
 */
import { availableParallelism } from 'node:os';
import type { WriteDb } from '../../store/db.js';
import { setPragmas } from '../../store/util.js';

export interface DeferredIndexes {
  tables: string[];
  sql: string[];
}

/** Drop the tables' plain indexes (only those whose definition `which` accepts, when given); returns how to build them again. */
export function dropPlainIndexes(db: WriteDb, tables: readonly string[], which: (sql: string) => boolean = () => true): DeferredIndexes {
  const sql: string[] = [];
  for (const t of tables) {
    const rows = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
      .all(t) as Array<{ name: string; sql: string }>;
    for (const r of rows.filter((x) => which(x.sql))) {
      db.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
      sql.push(r.sql);
    }
  }
  return { tables: [...tables], sql };
}

/**
 * SQLite sorts an index's keys in runs of about the page cache's size, and with
 * `PRAGMA threads` sorts and merges those runs on helper threads. The import's
 * large cache would make one big single-threaded sort; a small one, for the
 * rebuild only, gives the other cores a share. (Helper threads are not used when
 * temporary files are kept in memory.)
 */
const SORT_CACHE_KIB = 8000;

/**
 * Smaller runs can suit better: rebuilding the claims indexes after a
 * classification (the table's pages then mostly in the WAL), runs of SQLite's
 * minimum (about 1 MB) took a third less CPU, on the main thread and in all,
 * than 8 MB runs. `sortCacheKib` sets the cache for the rebuild (default 8000).
 */
export interface RebuildOptions {
  sortCacheKib?: number;
}

export function rebuildIndexes(db: WriteDb, d: DeferredIndexes, o: RebuildOptions = {}): void {
  const restore = setPragmas(db, [
    ['threads', Math.min(4, availableParallelism())],
    ['cache_size', -(o.sortCacheKib ?? SORT_CACHE_KIB)],
  ]);
  try {
    for (const s of d.sql) db.exec(s);
  } finally {
    restore();
  }
}
