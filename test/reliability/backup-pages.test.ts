/**
 * Backups as page copies (src/store/backup.ts copyPages): the copy is the same
 * database as the case, checked, in rollback-journal mode, encrypted with the
 * case's key; when the WAL cannot be emptied the backup falls back to VACUUM
 * INTO; a writer busy during backups never leaves a torn copy.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Raw from 'better-sqlite3-multiple-ciphers';
import { backupBefore, backupDir, checkFile, listBackups } from '../../src/store/backup.js';
import { connectFile } from '../../src/store/db.js';
import { closeCase } from '../../src/services/case.js';
import { SECRET_NAME, addClaims, fileContains, makeCase, tmpDir } from './helpers.js';

const PASS = 'correct horse battery staple';

/** Every row of every table, in a stable order: what a backup must hold. */
function contents(path: string, passphrase: string | null = null): string[] {
  const db = connectFile(path, { readonly: true, passphrase });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return tables.flatMap((t) =>
      (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((r) => `${t}:${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`).sort(),
    );
  } finally {
    db.close();
  }
}

function pragma(path: string, name: string, passphrase: string | null = null): number {
  const db = connectFile(path, { readonly: true, passphrase });
  try {
    return Number(db.pragma(name, { simple: true }));
  } finally {
    db.close();
  }
}

/** Free pages in the case (a page copy keeps them; VACUUM INTO drops them): a big table written, then dropped. */
function addFreePages(path: string, passphrase: string | null = null, pages = 500): void {
  const db = connectFile(path, { passphrase });
  try {
    db.exec(`CREATE TABLE junk (b BLOB); INSERT INTO junk SELECT zeroblob(4000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${pages}) SELECT i FROM n); DROP TABLE junk;`);
  } finally {
    db.close();
  }
}

describe('backups as page copies', () => {
  it('copies the pages of an open case: the same rows, checked, one file in rollback-journal mode', () => {
    const p = join(tmpDir(), 'pages.recourse');
    const c = makeCase(p, { claims: 40, keepOpen: true })!;
    addFreePages(p);
    addClaims(c, 5, 'WAL'); // the last writes are still in the WAL
    const b = backupBefore(p, 'manual');
    expect(pragma(b.path, 'freelist_count')).toBeGreaterThan(0); // pages copied, not rewritten
    const raw = new Raw(b.path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    expect(checkFile(b.path, null)).toEqual([]);
    expect(contents(b.path)).toEqual(contents(p));
    closeCase(c);
    expect(readdirSync(backupDir(p)).filter((f) => f !== b.name)).toEqual([]); // no WAL, -shm or partial file beside it
  });

  it('copies an encrypted case page by page: still encrypted with the same key, no name in clear', () => {
    const p = join(tmpDir(), 'enc.recourse');
    const c = makeCase(p, { claims: 30, passphrase: PASS, keepOpen: true })!;
    addFreePages(p, PASS);
    addClaims(c, 3, 'WAL');
    const b = backupBefore(p, 'manual');
    closeCase(c);
    expect(fileContains(b.path, SECRET_NAME)).toBe(false);
    expect(fileContains(b.path, 'SQLite format 3')).toBe(false);
    expect(readFileSync(b.path).subarray(0, 16)).toEqual(readFileSync(p).subarray(0, 16)); // the same salt: the same key
    expect(pragma(b.path, 'freelist_count', PASS)).toBeGreaterThan(0);
    expect(checkFile(b.path, PASS)).toEqual([]);
    expect(checkFile(b.path, 'wrong').length).toBeGreaterThan(0);
    expect(contents(b.path, PASS)).toEqual(contents(p, PASS));
  });

  it('falls back to VACUUM INTO while a reader holds older WAL frames, and the copy is still whole', () => {
    const p = join(tmpDir(), 'busy.recourse');
    const c = makeCase(p, { claims: 20, keepOpen: true })!;
    addFreePages(p);
    addClaims(c, 4, 'OLD');
    const reader = new Raw(p, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM claims').get(); // a snapshot that needs the WAL: it cannot be truncated
    addClaims(c, 4, 'NEW');
    const b = backupBefore(p, 'manual');
    reader.exec('COMMIT');
    reader.close();
    expect(pragma(b.path, 'freelist_count')).toBe(0); // rewritten by VACUUM INTO
    expect(checkFile(b.path, null)).toEqual([]);
    expect(contents(b.path)).toEqual(contents(p));
    closeCase(c);
  });

  it('a writer busy in another thread never tears a copy: every backup holds whole batches and checks out', async () => {
    const p = join(tmpDir(), 'writer.recourse');
    makeCase(p, { claims: 10 });
    addFreePages(p, null, 5000);
    const setup = new Raw(p);
    setup.exec('CREATE TABLE w (batch INTEGER NOT NULL, i INTEGER NOT NULL, pad TEXT NOT NULL)');
    setup.close();
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    const writer = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.path);
       db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); db.pragma('wal_autocheckpoint = 4');
       const ins = db.prepare('INSERT INTO w VALUES (?, ?, ?)');
       const batch = db.transaction((b) => { for (let i = 0; i < 40; i++) ins.run(b, i, 'x'.repeat(300)); });
       const stop = new Int32Array(workerData.stop);
       let b = 0;
       parentPort.postMessage('started');
       while (Atomics.load(stop, 0) === 0) { batch(b++); Atomics.wait(stop, 0, 0, 2); }
       db.close();
       parentPort.postMessage(b);`,
      { eval: true, workerData: { driver, path: p, stop: stop.buffer } },
    );
    const batches = new Promise<number>((resolve, reject) => {
      writer.on('message', (m: unknown) => typeof m === 'number' && resolve(m));
      writer.on('error', reject);
    });
    await new Promise<void>((resolve) => writer.once('message', () => resolve()));
    const taken: string[] = [];
    for (let k = 0; k < 8; k++) {
      taken.push(backupBefore(p, `during-${k}`).path);
      await new Promise((r) => setTimeout(r, 15));
    }
    Atomics.store(stop, 0, 1);
    Atomics.notify(stop, 0);
    expect(await batches).toBeGreaterThan(0);
    await writer.terminate();
    let copies = 0;
    for (const path of taken) {
      expect(checkFile(path, null)).toEqual([]);
      const db = new Raw(path, { readonly: true });
      const sizes = db.prepare('SELECT count(*) AS n FROM w GROUP BY batch').pluck().all() as number[];
      expect(sizes.every((n) => n === 40)).toBe(true);
      if (Number(db.pragma('freelist_count', { simple: true })) > 0) copies++;
      db.close();
    }
    expect(listBackups(p)).toHaveLength(8);
    expect(copies).toBeGreaterThan(0); // most take the page-copy path; a commit between checkpoint and copy falls back
  });
});
