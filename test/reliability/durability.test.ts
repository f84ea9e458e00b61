import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import Raw from 'better-sqlite3-multiple-ciphers';
import { PAGE_SIZE, applyKey, openRead, openWrite, setCaseAccess } from '../../src/store/db.js';
import { changePassphrase } from '../../src/store/crypto.js';
import { makeCase, tmpDir } from './helpers.js';

const pragmas = (db: { pragma: (s: string, o: { simple: true }) => unknown }) => ({
  journal: db.pragma('journal_mode', { simple: true }),
  synchronous: Number(db.pragma('synchronous', { simple: true })),
  foreignKeys: Number(db.pragma('foreign_keys', { simple: true })),
});

describe('page size', () => {
  const pageSize = (p: string, passphrase?: string) => {
    const db = new Raw(p, { readonly: true });
    if (passphrase) applyKey(db, passphrase);
    const n = Number(db.pragma('page_size', { simple: true }));
    db.close();
    return n;
  };

  it('makes a new plain case with large pages and an encrypted one with SQLCipher’s 4 KiB; encrypting a plain case rebuilds it with 4 KiB pages', () => {
    expect(PAGE_SIZE).toBe(16384);
    const plain = join(tmpDir(), 'plain.recourse');
    makeCase(plain, { claims: 30 });
    expect(pageSize(plain)).toBe(PAGE_SIZE);
    const secret = join(tmpDir(), 'secret.recourse');
    makeCase(secret, { passphrase: 'correct horse battery' });
    expect(pageSize(secret, 'correct horse battery')).toBe(4096);
    changePassphrase(plain, null, 'correct horse battery');
    expect(pageSize(plain, 'correct horse battery')).toBe(4096);
    setCaseAccess(plain, { passphrase: 'correct horse battery' });
    const db = openWrite(plain);
    expect(Number(db.prepare('SELECT count(*) FROM claims').pluck().get())).toBe(30);
    db.close();
    setCaseAccess(plain, null);
  });
});

describe('durability pragmas', () => {
  it('write and read connections run WAL, synchronous=FULL and foreign keys', () => {
    const p = join(tmpDir(), 'a.recourse');
    makeCase(p);
    const w = openWrite(p);
    const r = openRead(p);
    expect(pragmas(w)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 });
    expect(pragmas(r)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 });
    r.close();
    w.close();
  });

  it('re-applies synchronous=FULL when reopening a file that is already in WAL mode (the driver would reopen it at NORMAL)', () => {
    const p = join(tmpDir(), 'b.recourse');
    makeCase(p);
    // Keep a connection open so the WAL file stays, then open the WAL file again.
    const keep = openWrite(p);
    keep.exec("INSERT INTO case_meta (key, value) VALUES ('x', 'y')");
    expect(existsSync(p + '-wal')).toBe(true);
    const raw = new Raw(p);
    expect(Number(raw.pragma('synchronous', { simple: true }))).toBe(1); // what the driver gives by itself
    raw.close();
    const again = openWrite(p);
    const read = openRead(p);
    expect(pragmas(again)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 });
    expect(pragmas(read)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 });
    read.close();
    again.close();
    keep.close();
  });

  it('enforces foreign keys on every write connection', () => {
    const p = join(tmpDir(), 'c.recourse');
    makeCase(p);
    const w = openWrite(p);
    expect(() => w.exec("INSERT INTO claims (ref, creditor_id, asset, asserted, status, updated_at) VALUES ('X', 999, 'USD', '1', 'filed', 't')")).toThrow(/FOREIGN KEY/);
    w.close();
  });
});
