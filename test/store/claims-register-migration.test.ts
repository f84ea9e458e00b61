import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, type WriteDb } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { listClaims } from '../../src/services/claims-query.js';

const indexes = (db: WriteDb, table: string) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all(table) as string[];

describe('008 claims register', () => {
  it('upgrades an existing case: register indexes in place of the narrow ones, claims intact and listed through them', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'recourse-mig8-')), 'case.recourse');
    const raw = new Database(p) as unknown as WriteDb;
    const before = MIGRATIONS.filter((x) => x.version < 8);
    for (const m of before) m.up(raw);
    raw.pragma(`user_version = ${Math.max(...before.map((x) => x.version))}`);
    raw.pragma(`application_id = ${0x52435253}`);
    raw.exec(`INSERT INTO case_meta VALUES ('name','Old'),('currency','USD'),('petition_date','2025-01-01');
      INSERT INTO assets VALUES ('USD','US dollar',2);
      INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES ('CR-1','Ada','ada','individual','t');
      INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES
        ('C-1', 1, 'USD', '500', 'filed', 500, 't'), ('C-2', 1, 'USD', '900', 'allowed', 900, 't');`);
    expect(indexes(raw, 'claims')).toContain('claims_value');
    raw.close();

    const db = openWrite(p);
    const claims = indexes(db, 'claims');
    for (const name of ['claims_reg_ref', 'claims_reg_value', 'claims_reg_filed', 'claims_reg_creditor', 'claims_dup'])
      expect(claims).toContain(name);
    for (const gone of ['claims_value', 'claims_filed_on', 'claims_creditor']) expect(claims).not.toContain(gone);
    expect(indexes(db, 'creditors')).toEqual(expect.arrayContaining(['creditors_reg_name', 'creditors_reg_type']));
    expect(indexes(db, 'creditors')).not.toContain('creditors_name');
    const page = listClaims(db, { filter: {}, sort: 'value', dir: 'desc', limit: 10 });
    expect(page.rows.map((r) => [r.ref, r.value])).toEqual([
      ['C-2', '9.00'],
      ['C-1', '5.00'],
    ]);
    db.close();
  });
});
