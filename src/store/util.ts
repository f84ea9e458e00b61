import type { ReadDb, WriteDb } from './db.js';

/** A count from SQLite (a bigint under safe integers) as a JS number; counts are not money. */
export function count(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0;
}

export function tableExists(db: ReadDb | WriteDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(name) !== undefined;
}

/** Map asset code → scale for the case. */
export function assetScales(db: ReadDb | WriteDb): Map<string, number> {
  const rows = db.prepare('SELECT code, scale FROM assets').all() as Array<{ code: string; scale: bigint }>;
  return new Map(rows.map((r) => [r.code, Number(r.scale)]));
}

/**
 * Set connection pragmas (integer settings: cache sizes, helper threads, the
 * memory map) for a while; returns the function that puts back the values
 * they had. Call it in a finally, around sync or async work alike.
 */
export function setPragmas(db: ReadDb | WriteDb, settings: ReadonlyArray<readonly [string, number]>): () => void {
  const saved = settings.map(([k]) => [k, Number(db.pragma(k, { simple: true }))] as const);
  for (const [k, v] of settings) db.pragma(`${k} = ${v}`);
  return () => {
    for (const [k, v] of saved) db.pragma(`${k} = ${v}`);
  };
}
