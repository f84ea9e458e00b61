/**
 * Large imports into small tables: the tables' plain (non-unique) indexes are
 * dropped inside the import's transaction and built again before it commits.
 * Building an index by sorting is far cheaper than a million random inserts
 * into a dozen B-trees. Unique indexes stay (they guard the data); a rollback
 * restores everything.
 */
import type { WriteDb } from '../../store/db.js';

export interface DeferredIndexes {
  tables: string[];
  sql: string[];
}

export function dropPlainIndexes(db: WriteDb, tables: readonly string[]): DeferredIndexes {
  const sql: string[] = [];
  for (const t of tables) {
    const rows = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
      .all(t) as Array<{ name: string; sql: string }>;
    for (const r of rows) {
      db.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
      sql.push(r.sql);
    }
  }
  return { tables: [...tables], sql };
}

export function rebuildIndexes(db: WriteDb, d: DeferredIndexes): void {
  for (const s of d.sql) db.exec(s);
}
