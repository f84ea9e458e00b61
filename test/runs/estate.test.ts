/** Runs against the estate: collateral proceeds, the available cash a run may release, in-kind payments in the ledger. */
import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../src/services/case.js';
import { addAsset } from '../../src/services/estate.js';
import { realize } from '../../src/services/estate-realize.js';
import { setSecured } from '../../src/services/estate-encumbrance.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { draftRun, releasable } from '../../src/services/runs-compute.js';
import { approveRun, finalizeRun, verifyRun } from '../../src/services/runs.js';
import { runLines, runPool, runView } from '../../src/services/runs-view.js';
import { APPROVER, DRAFTER, linesOf, opts, workedCase } from './fixture.js';

let c: OpenCase | null = null;
afterEach(() => {
  if (c) closeCase(c);
  c = null;
});

describe('runs and the estate', () => {
  it('pays a secured claim from its collateral first, the deficiency in GUC, and releases only the cash not yet owed', async () => {
    c = workedCase([
      { ref: 'S1', classCode: 'SEC', amount: '500.00', status: 'allowed' },
      { ref: 'G1', classCode: 'GUC', amount: '700.00', status: 'allowed' },
    ]);
    c.db
      .prepare("INSERT INTO classes (code, name, rank, secured, deficiency_class, position) VALUES ('SEC', 'Secured', 1, 1, 'GUC', 5)")
      .run();
    addAsset(c.db, 'setup', { ref: 'EA-1', kind: 'wallet', asset: 'USD', quantity: '1000.00', status: 'under_control' });
    setSecured(c.db, 'setup', 'EA-1', 'S1', 1, 'Pledge agreement');
    realize(c.db, 'setup', { ref: 'EA-1', quantity: '1000.00', proceeds: '300.00', date: '2026-01-10' });
    addAsset(c.db, 'setup', { ref: 'EA-2', kind: 'bank_account', asset: 'USD', quantity: '900.00', status: 'under_control' });
    realize(c.db, 'setup', { ref: 'EA-2', quantity: '900.00', proceeds: '900.00', date: '2026-01-11' });
    // Cash 1,200.00; 300.00 of it belongs to the collateral's claims: 900.00 can be released.
    expect(releasable(c.read)).toBe(90000n);
    expect(runPool(c.read)).toMatchObject({ available: '1200.00', releasable: '900.00', released: '0.00', lastFinalized: null });
    const r = await draftRun(c.db, DRAFTER, opts({ release: 90000n }));
    const l = runLines(c.read, { run: r.ref, limit: 10 }).rows;
    // S1: 300.00 from the collateral (secured), 200.00 deficiency in GUC; GUC 900 for 900: everyone in full.
    expect(l.map((x) => [x.claim, x.classCode, x.secured, x.paid])).toEqual([
      ['G1', 'GUC', false, '700.00'],
      ['S1', 'GUC', false, '200.00'],
      ['S1', 'SEC', true, '300.00'],
    ]);
    expect(runView(c.read, r.ref).totals).toMatchObject({ cumulative: '1200.00', paidThisRun: '1200.00', undistributed: '0.00' });
    approveRun(c.db, APPROVER, r.ref);
    finalizeRun(c.db, APPROVER, r.ref);
    expect(estateCash(c.read).USD).toMatchObject({ distributed: 120000n, available: 0n });
    expect(releasable(c.read)).toBe(0n);
    const more = await draftRun(c.db, DRAFTER, opts({ release: 10000n, date: '2026-03-02' }));
    expect(runView(c.read, more.ref).warnings[0]).toMatch(/releases 100.00 USD, more than the 0.00 USD of available cash not yet released/);
  });

  it('pays a class in kind: whole units of the asset at the run-date price, the rest in cash; both in the ledger', async () => {
    c = workedCase([{ ref: 'C1', classCode: 'CUST', amount: '1000.00', status: 'allowed' }]);
    c.db.prepare("INSERT INTO classes (code, name, rank, in_kind_asset, position) VALUES ('CUST', 'Customers', 1, 'BTC', 5)").run();
    c.db.prepare("INSERT INTO prices (asset, date, price) VALUES ('BTC', '2026-02-27', '30000')").run();
    const r = await draftRun(c.db, DRAFTER, opts({ release: 100000n, date: '2026-03-01' }));
    const row = runLines(c.read, { run: r.ref, limit: 5 }).rows[0]!;
    // 1,000.00 at 30,000 per BTC: 0.03333333 BTC (999.9999 USD) and 0.00 cash (the 0.0001 is below a cent).
    expect(row.inKind).toEqual({ asset: 'BTC', units: '0.03333333', cash: '0.00' });
    approveRun(c.db, APPROVER, r.ref);
    finalizeRun(c.db, APPROVER, r.ref);
    expect(c.read.prepare('SELECT currency, amount FROM distributions_ledger ORDER BY currency').all()).toEqual([
      { currency: 'BTC', amount: '3333333' },
      { currency: 'USD', amount: '0' },
    ]);
    expect(verifyRun(c.read, r.ref).ok).toBe(true);
    expect(linesOf(c, r.id).C1!.paid).toBe('100000');
  });

  it('refuses a run whose in-kind class has no price on or before the run date', async () => {
    c = workedCase([{ ref: 'C1', classCode: 'CUST', amount: '1000.00', status: 'allowed' }]);
    c.db.prepare("INSERT INTO classes (code, name, rank, in_kind_asset, position) VALUES ('CUST', 'Customers', 1, 'BTC', 5)").run();
    await expect(draftRun(c.db, DRAFTER, opts({ release: 100000n }))).rejects.toThrow(/no BTC price on or before the run date 2026-03-01/);
  });
});
