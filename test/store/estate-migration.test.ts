import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, type WriteDb } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';

describe('003 estate', () => {
  it('upgrades an existing register: held quantities kept, written-off units moved to the write-off column', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'recourse-mig3-')), 'case.recourse');
    const raw = new Database(p) as unknown as WriteDb;
    for (const m of MIGRATIONS.filter((x) => x.version < 3)) m.up(raw);
    raw.pragma(`user_version = ${Math.max(...MIGRATIONS.filter((x) => x.version < 3).map((x) => x.version))}`);
    raw.pragma(`application_id = ${0x52435253}`);
    raw.exec(`INSERT INTO case_meta VALUES ('name','Old'),('currency','USD'),('petition_date','2025-01-01');
      INSERT INTO assets VALUES ('USD','US dollar',2),('ETH','Ether',18);
      INSERT INTO estate_assets (ref, kind, asset, quantity, status, updated_at) VALUES
        ('EA-1','bank_account','USD','125000','under_control','t'),
        ('EA-2','other','ETH','350000000000000000000','written_off','t');`);
    raw.close();
    const db = openWrite(p);
    const rows = db.prepare('SELECT ref, quantity, registered, written_off FROM estate_assets ORDER BY ref').all();
    expect(rows).toEqual([
      { ref: 'EA-1', quantity: '125000', registered: '125000', written_off: '0' },
      { ref: 'EA-2', quantity: '0', registered: '350000000000000000000', written_off: '350000000000000000000' },
    ]);
    for (const t of ['estate_valuations', 'estate_realizations', 'estate_segregated', 'estate_expenses', 'estate_holdbacks']) {
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?").pluck().get(t)).toBe(1n);
    }
    db.close();
  });

  it('constrains expenses to their categories and realizations to real assets', () => {
    const db = openWrite(join(mkdtempSync(join(tmpdir(), 'recourse-mig3-')), 'c.recourse'), { create: true });
    db.exec("INSERT INTO assets VALUES ('USD','US dollar',2)");
    expect(() =>
      db.exec("INSERT INTO estate_expenses (date, category, currency, amount, payee, created_at, created_by) VALUES ('2026-01-01','lunch','USD','1','x','t','u')"),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec("INSERT INTO estate_realizations (asset_id, date, quantity, currency, proceeds, created_at, created_by) VALUES (99,'2026-01-01','1','USD','1','t','u')"),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
