import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../src/services/case.js';
import { draftRun } from '../../src/services/runs-compute.js';
import { approveRun } from '../../src/services/runs.js';
import { compareRuns } from '../../src/services/runs-compare.js';
import { runView } from '../../src/services/runs-view.js';
import { APPROVER, DRAFTER, opts, workedCase } from './fixture.js';

let c: OpenCase | null = null;
afterEach(() => {
  if (c) closeCase(c);
  c = null;
});

describe('what-if drafts', () => {
  it('resolves the disputed claim at 0%, 50% or 100% in the computation only, and compares drafts per class and per claim', async () => {
    c = workedCase();
    const real = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    const all = await draftRun(c.db, DRAFTER, opts({ release: 100000n, disputedAs: '100' }));
    const none = await draftRun(c.db, DRAFTER, opts({ release: 100000n, disputedAs: '0' }));
    const half = await draftRun(c.db, DRAFTER, opts({ release: 100000n, disputedAs: '50' }));
    // The register is untouched.
    expect(c.read.prepare("SELECT status FROM claims WHERE ref = 'G3'").pluck().get()).toBe('disputed');

    const cmp = compareRuns(c.read, { a: real.ref, b: all.ref, limit: 50 });
    expect(cmp.b.disputedAs).toBe('100');
    // At 100% G3 is allowed: paid its 120.00 instead of having it reserved; the others get what they got.
    const g3 = cmp.rows.find((r) => r.claim === 'G3')!;
    expect(g3.a).toEqual({ entitled: '120.00', paid: '0.00', reserved: '120.00', withheld: '0.00' });
    expect(g3.b).toEqual({ entitled: '120.00', paid: '120.00', reserved: '0.00', withheld: '0.00' });
    expect(cmp.totals.find((t) => t.key === 'paidThisRun')).toEqual({ key: 'paidThisRun', a: '880.00', b: '1000.00', diff: '120.00' });

    // At 0% the disputed claim drops out: GUC's 600.00 goes to G1 and G2 alone (50%).
    const zero = compareRuns(c.read, { a: real.ref, b: none.ref, limit: 50, changedOnly: true });
    expect(zero.rows.map((r) => [r.claim, r.b!.paid])).toEqual([
      ['G1', '350.00'],
      ['G2', '250.00'],
      ['G3', '0.00'],
    ]);
    const guc = zero.classes.find((k) => k.code === 'GUC')!;
    expect(guc.a).toEqual({ demand: '1500.00', allocated: '600.00', recovery: '40.00%' });
    expect(guc.b).toEqual({ demand: '1200.00', allocated: '600.00', recovery: '50.00%' });

    // At 50% G3 is a 150.00 claim: GUC demand 1,350.00.
    expect(runView(c.read, half.ref).classes.find((k) => k.code === 'GUC')!.demand).toBe('1350.00');

    expect(() => approveRun(c!.db, APPROVER, all.ref)).toThrow(/what-if draft .* cannot|what-if draft/);
    expect(runView(c.read, all.ref).warnings.join(' ')).toMatch(/What-if: disputed claims are treated as allowed at 100%/);
  });

  it('compares two release amounts', async () => {
    c = workedCase();
    const small = await draftRun(c.db, DRAFTER, opts({ release: 40000n }));
    const big = await draftRun(c.db, DRAFTER, opts({ release: 190000n }));
    const cmp = compareRuns(c.read, { a: small.ref, b: big.ref, limit: 50 });
    expect(cmp.classes.map((k) => [k.code, k.a!.recovery, k.b!.recovery])).toEqual([
      ['ADMIN', '100.00%', '100.00%'],
      ['PRIORITY', '100.00%', '100.00%'],
      ['GUC', '0.00%', '100.00%'],
    ]);
    expect(cmp.totals.find((t) => t.key === 'undistributed')).toMatchObject({ a: '0.00', b: '0.00' });
    expect(cmp.totals.find((t) => t.key === 'cumulative')).toMatchObject({ a: '400.00', b: '1900.00', diff: '1500.00' });
    expect(() => compareRuns(c!.read, { a: small.ref, b: small.ref, limit: 5 })).toThrow(/two different runs/);
  });
});
