import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openWrite, openRead, userVersion, type WriteDb } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { AppError } from '../../src/errors.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'recourse-mig-')), 'case.recourse');

describe('migrations', () => {
  it('are numbered in increasing order', () => {
    MIGRATIONS.forEach((m, i) => i > 0 && expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]!.version));
  });

  it('bring a new file to the current schema in one go, with WAL, synchronous=FULL and foreign keys', () => {
    const db = openWrite(tmp(), { create: true });
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2);
    expect(Number(db.pragma('foreign_keys', { simple: true }))).toBe(1);
    db.close();
  });

  it('read connections set the same pragmas', () => {
    const p = tmp();
    openWrite(p, { create: true }).close();
    const r = openRead(p);
    expect(Number(r.pragma('synchronous', { simple: true }))).toBe(2);
    expect(Number(r.pragma('foreign_keys', { simple: true }))).toBe(1);
    r.close();
  });

  it('refuse a file written by a newer version, naming the versions', () => {
    const p = tmp();
    const raw = new Database(p);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    try {
      openWrite(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('case_too_new');
      expect((e as Error).message).toMatch(/newer version of Recourse/);
    }
  });

  it('roll back entirely when one migration fails', () => {
    const p = tmp();
    const raw = new Database(p) as unknown as WriteDb;
    raw.exec('CREATE TABLE claims (x INTEGER)'); // collides with migration 1
    expect(() => migrate(raw)).toThrow();
    expect(userVersion(raw)).toBe(0);
    expect(raw.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'creditors'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('never create a file when opening a path that does not exist', () => {
    expect(() => openWrite('/tmp/definitely-missing-dir/nope.recourse')).toThrowError(/No case file/);
  });

  describe('001 init', () => {
    it('creates the register with its constraints', () => {
      const db = openWrite(tmp(), { create: true });
      db.exec("INSERT INTO assets VALUES ('USD','US dollar',2)");
      db.exec("INSERT INTO creditors (ref,name,name_key,type,updated_at) VALUES ('C1','A','a','individual','t')");
      expect(() => db.exec("INSERT INTO creditors (ref,name,name_key,type,updated_at) VALUES ('C2','B','b','martian','t')")).toThrow(/CHECK/);
      expect(() =>
        db.exec("INSERT INTO claims (ref,creditor_id,asset,asserted,status,updated_at) VALUES ('X',999,'USD','1','filed','t')"),
      ).toThrow(/FOREIGN KEY/);
      expect(() =>
        db.exec("INSERT INTO claims (ref,creditor_id,asset,asserted,status,updated_at) VALUES ('X',1,'USD','1','paid','t')"),
      ).toThrow(/CHECK/);
      db.close();
    });
  });
});
