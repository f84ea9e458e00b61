import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, type WriteDb } from '../../src/store/db.js';
import { m001 } from '../../src/store/migrations/001-init.js';
import { m002 } from '../../src/store/migrations/002-claims-import.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'recourse-m002-')), 'case.recourse');

function seed(db: Database.Database): void {
  db.exec(`INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES ('CR-1', 'Ann', 'ann', 'individual', 'x');
    INSERT INTO claims (ref, creditor_id, asset, asserted, status, updated_at) VALUES ('C-1', 1, 'USD', '100', 'filed', 'x'), ('C-2', 1, 'USD', '100', 'filed', 'x')`);
}

describe('migration 002: claims register and imports', () => {
  it('adds claim tags and the late flag to existing claims, keeping them', () => {
    const p = tmp();
    const raw = new Database(p);
    m001.up(raw as unknown as WriteDb);
    raw.exec("INSERT INTO assets (code, name, scale) VALUES ('USD', 'US dollar', 2)");
    seed(raw);
    raw.pragma('user_version = 1');
    raw.pragma(`application_id = ${0x52435253}`);
    raw.close();
    const db = openWrite(p);
    expect(db.prepare("SELECT ref, tags, late FROM claims WHERE ref = 'C-1'").get()).toEqual({ ref: 'C-1', tags: null, late: 0n });
    expect(() => db.prepare("UPDATE claims SET late = 2 WHERE ref = 'C-1'").run()).toThrow(/CHECK/);
    db.close();
  });

  it('keeps one review per pair of claims, with a known state', () => {
    const raw = new Database(':memory:');
    m001.up(raw as unknown as WriteDb);
    m002.up(raw as unknown as WriteDb);
    raw.exec("INSERT INTO assets (code, name, scale) VALUES ('USD', 'US dollar', 2)");
    seed(raw);
    const add = raw.prepare('INSERT INTO duplicate_reviews (claim_id, candidate_id, state, reviewer, at, reason) VALUES (?, ?, ?, ?, ?, ?)');
    add.run(1, 2, 'dismissed', 'dana', 'x', 'Different accounts');
    expect(() => add.run(1, 2, 'confirmed', 'dana', 'x', null)).toThrow(/UNIQUE/);
    expect(() => add.run(2, 1, 'maybe', 'dana', 'x', null)).toThrow(/CHECK/);
    raw.close();
  });

  it('stores saved mappings by name and kind, and the log of imports', () => {
    const raw = new Database(':memory:');
    m001.up(raw as unknown as WriteDb);
    m002.up(raw as unknown as WriteDb);
    raw.prepare('INSERT INTO saved_mappings (name, kind, mapping) VALUES (?, ?, ?)').run('Ledger', 'claims', '{"No":"ref"}');
    raw.prepare('INSERT INTO saved_mappings (name, kind, mapping) VALUES (?, ?, ?)').run('Ledger', 'prices', '{}');
    expect(() => raw.prepare('INSERT INTO saved_mappings (name, kind, mapping) VALUES (?, ?, ?)').run('Ledger', 'claims', '{}')).toThrow(/UNIQUE/);
    expect(() => raw.prepare('INSERT INTO saved_mappings (name, kind, mapping) VALUES (?, ?, ?)').run('X', 'assets', '{}')).toThrow(/CHECK/);
    raw.prepare('INSERT INTO imports (at, actor, kind, file_name, file_sha256, rows, new, updated, unchanged) VALUES (?,?,?,?,?,?,?,?,?)').run('t', 'dana', 'claims', 'a.csv', 'ab', 3, 2, 1, 0);
    expect(raw.prepare('SELECT kind, rows, new, updated, unchanged FROM imports').get()).toEqual({ kind: 'claims', rows: 3, new: 2, updated: 1, unchanged: 0 });
    raw.close();
  });
});
