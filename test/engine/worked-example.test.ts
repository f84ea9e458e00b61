/** Spec §8, the worked example: three runs, exact to the cent. */
import { describe, expect, it } from 'vitest';
import { computeRun, paidAfter, serializeRun, type ClaimInput } from '../../src/engine/index.js';
import { byRef, claim, cls, held, run, usd } from './helpers.js';

const classes = [cls('ADMIN', 1), cls('PRIORITY', 2), cls('GUC', 3)];
const claims = (g3: ClaimInput['status']): ClaimInput[] => [
  claim('A1', 'ADMIN', '100.00'),
  claim('P1', 'PRIORITY', '300.00'),
  claim('G1', 'GUC', '700.00'),
  claim('G2', 'GUC', '500.00'),
  claim('G3', 'GUC', '300.00', g3),
];

describe('spec §8 worked example', () => {
  const r1 = computeRun(run({ classes, claims: claims('disputed'), cumulativeReleased: usd('1000.00') }));
  const r2 = computeRun(run({ classes, claims: claims('disallowed'), cumulativeReleased: usd('1500.00'), paidBefore: paidAfter(r1) }));
  const r3 = computeRun(
    run({ classes, claims: claims('disallowed'), cumulativeReleased: usd('1500.00'), paidBefore: paidAfter(r2), final: true }),
  );

  it('run 1 (interim, D = 1,000.00): senior ranks in full, GUC at 40%, G3 reserved', () => {
    expect(byRef(r1, 'A1').paid).toBe(usd('100.00'));
    expect(byRef(r1, 'P1').paid).toBe(usd('300.00'));
    expect(byRef(r1, 'G1').paid).toBe(usd('280.00'));
    expect(byRef(r1, 'G2').paid).toBe(usd('200.00'));
    expect(byRef(r1, 'G3').paid).toBe(0n);
    expect(byRef(r1, 'G3').reserved).toBe(usd('120.00'));
    expect(r1.totals.paidCumulative).toBe(usd('880.00'));
    expect(r1.totals.reserved).toBe(usd('120.00'));
    expect(r1.totals.residue).toBe(0n);
    const guc = r1.classes.find((c) => c.code === 'GUC')!;
    expect(guc.demand).toBe(usd('1500.00'));
    expect(guc.allocated).toBe(usd('600.00'));
    expect(guc.recoveryPercent).toBe('40.00%');
  });

  it('run 2 (interim, D = 1,500.00): G3 disallowed releases its reserve, floor leaves one cent', () => {
    expect(byRef(r2, 'G1').entitled).toBe(64166n);
    expect(byRef(r2, 'G1').paid).toBe(usd('361.66'));
    expect(byRef(r2, 'G2').entitled).toBe(45833n);
    expect(byRef(r2, 'G2').paid).toBe(usd('258.33'));
    expect(byRef(r2, 'G3').reserved).toBe(0n);
    expect(byRef(r2, 'A1').paid).toBe(0n);
    expect(byRef(r2, 'P1').paid).toBe(0n);
    expect(r2.totals.residue).toBe(usd('0.01'));
    expect(r2.totals.reserved).toBe(0n);
    expect(r2.totals.paidCumulative).toBe(usd('1499.99'));
  });

  it('run 3 (final, nothing released): the residue cent goes to the larger remainder, G1', () => {
    expect(byRef(r3, 'G1').paid).toBe(usd('0.01'));
    expect(byRef(r3, 'G2').paid).toBe(0n);
    expect(r3.totals.paidThisRun).toBe(usd('0.01'));
    expect(r3.totals.residue).toBe(0n);
    expect(r3.totals.paidCumulative).toBe(usd('1500.00'));
  });

  it('every run holds its pool exactly', () => {
    for (const r of [r1, r2, r3]) expect(held(r)).toBe(r.totals.cumulative);
  });

  it('serializes to the stable JSON layout with decimal strings', () => {
    const json = JSON.parse(serializeRun(r2)) as {
      claims: { ref: string; portions: Record<string, string>[]; paid: string }[];
      totals: Record<string, string>;
    };
    expect(json.claims.map((c) => c.ref)).toEqual(['A1', 'G1', 'G2', 'G3', 'P1']);
    expect(Object.keys(json.claims[1]!)).toEqual(['ref', 'portions', 'entitled', 'paid_before', 'paid', 'reserved', 'withheld']);
    expect(json.claims[1]!.portions[0]).toEqual({
      class: 'GUC',
      entitled: '641.66',
      paid_before: '280.00',
      paid: '361.66',
      reserved: '0.00',
      withheld: '0.00',
    });
    expect(json.totals).toEqual({
      cumulative: '1500.00',
      paid_this_run: '619.99',
      paid_cumulative: '1499.99',
      reserved: '0.00',
      withheld: '0.00',
      residue: '0.01',
      undistributed: '0.00',
    });
  });
});
