/** Shared by the crash children: the stdout protocol (READY, COMMITTED <token>) and batch writes. */
import { writeSync } from 'node:fs';
import { appendAudit } from '../../../src/store/audit.js';
import { tx, type WriteDb } from '../../../src/store/db.js';

/** Synchronous write to stdout: a line is out before the next statement runs. */
export function say(line: string): void {
  writeSync(1, line + '\n');
}

export function arg(i: number): string {
  const v = process.argv[2 + i];
  if (v === undefined) throw new Error(`crash child: missing argument ${i}`);
  return v;
}

/** A token carries its batch size, so the parent can check any batch it finds for completeness: R3B17K42. */
export function token(run: string, n: number, k: number): string {
  return `${run}B${n}K${k}`;
}

/** One transaction: a creditor and k claims tagged with the token, and an audit entry naming it. */
export function writeBatch(db: WriteDb, tok: string, k: number): void {
  tx(db, () => {
    const cred = db
      .prepare("INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES (?, ?, ?, 'individual', ?)")
      .run(`${tok}-C`, `Zebulon Crashworthy ${tok}`, `zebulon crashworthy ${tok.toLowerCase()}`, new Date().toISOString()).lastInsertRowid;
    const claim = db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, notes, updated_at) VALUES (?, ?, 'USD', ?, 'filed', ?, ?)");
    for (let i = 0; i < k; i++) claim.run(`${tok}-${i}`, cred, String(100 + i), tok, new Date().toISOString());
    appendAudit(db, { actor: 'crash-harness', action: 'claims.batch', entity: 'claims', entityRef: tok, after: { k } });
  });
}

/** Small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
