import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite } from '../../src/store/db.js';

describe('005 runs', () => {
  it('creates runs, their lines and inputs, the ledger view, and freezes finalized runs', () => {
    const db = openWrite(join(mkdtempSync(join(tmpdir(), 'recourse-mig5-')), 'c.recourse'), { create: true });
    db.exec("INSERT INTO case_meta VALUES ('currency','USD')");
    const run = db.prepare(
      "INSERT INTO runs (ref, kind, date, state, release, cumulative, result, drafted_by, drafted_at) VALUES (?, 'distribution', '2026-03-01', ?, '100', '100', ?, 'a', 't')",
    );
    const line = db.prepare(
      "INSERT INTO run_lines (run_id, claim_ref, creditor_ref, class_code, entitled, paid_before, paid, reserved, withheld, forfeited, receivable) VALUES (?, ?, 'CR', 'GUC', '60', '0', '60', '0', '0', '0', '0')",
    );
    run.run('R-001', 'finalized', '{"ledger":{"USD":"60","BTC":"5"}}');
    run.run('R-002', 'draft', '{"ledger":{"USD":"999"}}');
    line.run(1, 'C1');
    line.run(2, 'C1');
    expect(db.prepare('SELECT currency, amount FROM distributions_ledger ORDER BY currency').all()).toEqual([
      { currency: 'BTC', amount: '5' },
      { currency: 'USD', amount: '60' },
    ]);
    expect(() => db.exec("UPDATE runs SET state = 'draft' WHERE id = 1")).toThrow(/never changes/);
    expect(() => db.exec("UPDATE run_lines SET paid = '1' WHERE run_id = 1")).toThrow(/never change/);
    expect(() => db.exec('DELETE FROM run_lines WHERE run_id = 1')).toThrow(/never deleted/);
    db.exec("UPDATE run_lines SET paid = '1' WHERE run_id = 2");
    expect(() =>
      db.exec(
        "INSERT INTO runs (ref, kind, date, state, drafted_by, drafted_at) VALUES ('R-009', 'distribution', '2026-03-01', 'paid', 'a', 't')",
      ),
    ).toThrow(/CHECK/);
    expect(() => line.run(1, 'C1')).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });
});
