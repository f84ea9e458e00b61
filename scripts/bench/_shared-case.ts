/**
 * The 1,000,000-claim case several benches read: generated once into /tmp, reused while it has N claims and
 * the page size a new case gets (db.ts PAGE_SIZE), so a bench measures what a new case of this version is.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { generateCase } from '../../src/gen/synthetic.js';
import { PAGE_SIZE } from '../../src/store/db.js';

export const SHARED_CASE = '/tmp/recourse-bench-1m.recourse';
export const N = 1_000_000;

export function sharedCase(): string {
  const ok = () => {
    if (!existsSync(SHARED_CASE)) return false;
    try {
      const db = new Database(SHARED_CASE, { readonly: true, fileMustExist: true });
      const n = Number(db.prepare('SELECT count(*) FROM claims').pluck().get());
      const page = Number(db.pragma('page_size', { simple: true }));
      db.close();
      return n === N && page === PAGE_SIZE;
    } catch {
      return false;
    }
  };
  if (!ok()) {
    const part = `${SHARED_CASE}.part-${process.pid}`;
    generateCase({ path: part, claims: N, seed: 1 });
    const db = new Database(part);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    if (!ok()) renameSync(part, SHARED_CASE);
    for (const e of ['', '-wal', '-shm', '.lock']) rmSync(part + e, { force: true });
  }
  return SHARED_CASE;
}
