import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, type ReadDb, type WriteDb } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { claimsByAsset } from '../../src/services/dashboard.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'recourse-mig09-')), 'case.recourse');
const columns = (db: WriteDb, index: string) => (db.prepare(`PRAGMA index_info(${index})`).all() as Array<{ name: string }>).map((c) => c.name);

function seed(db: WriteDb, amounts: Array<[string, string]>): void {
  db.exec(`INSERT INTO case_meta VALUES ('name','Old'),('currency','USD'),('petition_date','2025-01-01');
    INSERT INTO assets VALUES ('USD','US dollar',2), ('ETH','Ether',18);
    INSERT INTO creditors (ref, name, name_key, type, updated_at) VALUES ('CR-1','Ada','ada','individual','t');`);
  const ins = db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES (?, 1, ?, ?, 'filed', ?, 't')");
  amounts.forEach(([asset, q], i) => ins.run(`C-${i + 1}`, asset, q, i + 1));
}

describe('009 claims amounts by asset', () => {
  it('upgrades an existing case: claims_dup leads with the asset', () => {
    const p = tmp();
    const raw = new Database(p) as unknown as WriteDb;
    const before = MIGRATIONS.filter((x) => x.version < 9);
    for (const m of before) m.up(raw);
    raw.pragma(`user_version = ${Math.max(...before.map((x) => x.version))}`);
    raw.pragma(`application_id = ${0x52435253}`);
    seed(raw, [['USD', '500']]);
    raw.close();
    const db = openWrite(p);
    expect(columns(db, 'claims_dup')).toEqual(['asset', 'asserted']);
    expect(db.prepare("SELECT ref FROM claims INDEXED BY claims_dup WHERE asserted = '500' AND asset = 'USD'").pluck().all()).toEqual(['C-1']);
    db.close();
  });

  it('totals the amounts claimed per asset exactly, beyond 64 bits', () => {
    const db = openWrite(tmp(), { create: true });
    const eth: Array<[string, string]> = [
      ...Array.from({ length: 12 }, (): [string, string] => ['ETH', '999999999999999999']), // the sum passes 2^63
      ['ETH', '123456789012345678901234'],
      ['ETH', '7'],
    ];
    seed(db, [...eth, ['USD', '150'], ['USD', '250']]);
    const want = (asset: string, xs: Array<[string, string]>) => xs.filter(([a]) => a === asset).reduce((s, [, q]) => s + BigInt(q), 0n);
    let t = claimsByAsset(db as unknown as ReadDb);
    expect(t.get('ETH')).toEqual({ claims: 14, asserted: want('ETH', eth), value: 105n });
    expect(t.get('USD')).toEqual({ claims: 2, asserted: 400n, value: 31n });
    // amounts beyond the limbs (or not plain digits) are summed one by one
    db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES ('C-99', 1, 'ETH', ?, 'filed', 0, 't')").run('1' + '0'.repeat(40));
    db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, value_minor, updated_at) VALUES ('C-98', 1, 'USD', '-50', 'filed', 0, 't')").run();
    t = claimsByAsset(db as unknown as ReadDb);
    expect(t.get('ETH')!.asserted).toBe(want('ETH', eth) + 10n ** 40n);
    expect(t.get('USD')!.asserted).toBe(350n);
    db.close();
  });
});
