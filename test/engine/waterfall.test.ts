/** Entitlements (spec §3, §5, §6): secured claims, fixed percentages, split claims, interest, residual, in kind. */
import { describe, expect, it } from 'vitest';
import { computeRun } from '../../src/engine/index.js';
import { byRef, claim, cls, held, portion, run, usd } from './helpers.js';

describe('secured claims and deficiencies (§3.1)', () => {
  const classes = [cls('SEC', 1, { secured: true, deficiencyClass: 'GUC' }), cls('GUC', 3)];
  const claims = [
    claim('S1', 'SEC', '600.00', 'allowed', { securedBy: 'X', lien: 1 }),
    claim('S2', 'SEC', '300.00', 'allowed', { securedBy: 'X', lien: 2 }),
    claim('S3', 'SEC', '500.00', 'allowed', { securedBy: 'X', lien: 2 }),
    claim('G1', 'GUC', '1000.00'),
  ];

  it('pays liens in order, pro rata within a level, and sends deficiencies to the deficiency class', () => {
    const r = computeRun(run({ classes, claims, cumulativeReleased: usd('500.00'), collateral: [{ ref: 'X', proceeds: usd('1000.00') }] }));
    // Lien 1 in full; 400.00 left for a lien-2 demand of 800.00.
    expect(portion(r, 'S1', 'SEC').entitled).toBe(usd('600.00'));
    expect(portion(r, 'S2', 'SEC').entitled).toBe(usd('150.00'));
    expect(portion(r, 'S3', 'SEC').entitled).toBe(usd('250.00'));
    expect(portion(r, 'S2', 'SEC').secured).toBe(true);
    // Deficiencies 150.00 and 250.00 join G1's 1,000.00 in GUC: demand 1,400.00 for D = 500.00.
    expect(portion(r, 'S2', 'GUC').value).toBe(usd('150.00'));
    expect(portion(r, 'S3', 'GUC').value).toBe(usd('250.00'));
    expect(portion(r, 'S1', 'GUC').value).toBe(0n);
    expect(portion(r, 'G1', 'GUC').entitled).toBe((50000n * 100000n) / 140000n); // 35714
    expect(portion(r, 'S2', 'GUC').entitled).toBe((50000n * 15000n) / 140000n); // 5357
    expect(portion(r, 'S3', 'GUC').entitled).toBe((50000n * 25000n) / 140000n); // 8928
    expect(r.totals.residue).toBe(1n);
    expect(r.totals.cumulative).toBe(usd('1500.00'));
    expect(held(r)).toBe(r.totals.cumulative);
  });

  it('adds surplus proceeds to the general pool', () => {
    const r = computeRun(run({ classes, claims, cumulativeReleased: usd('100.00'), collateral: [{ ref: 'X', proceeds: usd('2000.00') }] }));
    for (const ref of ['S1', 'S2', 'S3']) expect(portion(r, ref, 'GUC').value).toBe(0n);
    // 600.00 surplus + D 100.00 = 700.00 for G1's 1,000.00.
    expect(portion(r, 'G1', 'GUC').entitled).toBe(usd('700.00'));
    expect(held(r)).toBe(usd('2100.00'));
  });

  it('keeps the deficiency with the same creditor status: a disputed secured claim is reserved on both parts', () => {
    const r = computeRun(
      run({
        classes,
        claims: [claim('S1', 'SEC', '600.00', 'disputed', { securedBy: 'X', reserveEstimate: usd('500.00') })],
        cumulativeReleased: usd('100.00'),
        collateral: [{ ref: 'X', proceeds: usd('300.00') }],
      }),
    );
    expect(portion(r, 'S1', 'SEC').reserved).toBe(usd('300.00'));
    expect(portion(r, 'S1', 'GUC').reserved).toBe(usd('100.00'));
    expect(byRef(r, 'S1').paid).toBe(0n);
  });
});

describe('fixed-percentage classes (§3.2)', () => {
  it('demands pct × value rounded half-even, capped per claim', () => {
    const classes = [cls('CONV', 1, { treatment: 'fixed_pct', pct: { num: 1n, den: 2n }, cap: usd('100.00') }), cls('GUC', 2)];
    const r = computeRun(
      run({
        classes,
        claims: [claim('C1', 'CONV', '150.00'), claim('C2', 'CONV', '500.00'), claim('C3', 'CONV', '0.03'), claim('G1', 'GUC', '50.00')],
        cumulativeReleased: usd('1000.00'),
      }),
    );
    expect(byRef(r, 'C1').entitled).toBe(usd('75.00'));
    expect(byRef(r, 'C2').entitled).toBe(usd('100.00'));
    expect(byRef(r, 'C3').entitled).toBe(2n); // 1.5 cents → 2 (half to even)
    expect(byRef(r, 'G1').entitled).toBe(usd('50.00'));
    expect(r.totals.undistributed).toBe(usd('1000.00') - usd('175.00') - 2n - usd('50.00'));
  });
});

describe('split claims (§5)', () => {
  it('puts the part up to the cap in the class and the rest in the overflow class', () => {
    const classes = [cls('PRIORITY', 1, { portionCap: usd('1000.00'), overflowClass: 'GUC' }), cls('GUC', 2)];
    const r = computeRun(
      run({ classes, claims: [claim('P1', 'PRIORITY', '1500.00'), claim('G1', 'GUC', '500.00')], cumulativeReleased: usd('1200.00') }),
    );
    const p1 = byRef(r, 'P1');
    expect(p1.portions.map((p) => [p.classCode, p.value])).toEqual([
      ['PRIORITY', usd('1000.00')],
      ['GUC', usd('500.00')],
    ]);
    expect(portion(r, 'P1', 'PRIORITY').paid).toBe(usd('1000.00'));
    expect(portion(r, 'P1', 'GUC').paid).toBe(usd('100.00'));
    expect(byRef(r, 'G1').paid).toBe(usd('100.00'));
    expect(p1.paid).toBe(usd('1100.00'));
  });

  it('keeps a claim below the cap wholly in the class', () => {
    const classes = [cls('PRIORITY', 1, { portionCap: usd('1000.00'), overflowClass: 'GUC' }), cls('GUC', 2)];
    const r = computeRun(run({ classes, claims: [claim('P1', 'PRIORITY', '999.99')], cumulativeReleased: usd('5000.00') }));
    expect(portion(r, 'P1', 'PRIORITY').value).toBe(usd('999.99'));
    expect(portion(r, 'P1', 'GUC').value).toBe(0n);
  });
});

describe('surplus: post-petition interest and the residual class (§3.3)', () => {
  const classes = [cls('GUC', 1, { interestBearing: true }), cls('EQ', 5, { treatment: 'residual' })];
  const claims = [claim('G1', 'GUC', '1000.00'), claim('G2', 'GUC', '500.00'), claim('E1', 'EQ', '300.00'), claim('E2', 'EQ', '100.00')];

  it('pays simple actual/365 interest, then the residual class pro rata to value without a cap', () => {
    const r = computeRun(
      run({
        classes,
        claims,
        cumulativeReleased: usd('2000.00'),
        petitionDate: '2023-01-01',
        runDate: '2024-01-01',
        interestRate: { num: 10n, den: 100n },
      }),
    );
    expect(byRef(r, 'G1').entitled).toBe(usd('1100.00'));
    expect(byRef(r, 'G1').portions[0]!.interest).toBe(usd('100.00'));
    expect(byRef(r, 'G2').entitled).toBe(usd('550.00'));
    // 350.00 left for equity weights 300 : 100.
    expect(byRef(r, 'E1').entitled).toBe(usd('262.50'));
    expect(byRef(r, 'E2').entitled).toBe(usd('87.50'));
    expect(r.totals.undistributed).toBe(0n);
  });

  it('counts actual days (a leap year has 366) and rounds half-even', () => {
    const r = computeRun(
      run({
        classes: [cls('GUC', 1, { interestBearing: true })],
        claims: [claim('G1', 'GUC', '1000.00')],
        cumulativeReleased: usd('5000.00'),
        petitionDate: '2024-01-01',
        runDate: '2025-01-01',
        interestRate: { num: 10n, den: 100n },
      }),
    );
    // 100000 × 0.10 × 366 / 365 = 10027.397… cents
    expect(byRef(r, 'G1').portions[0]!.interest).toBe(10027n);
    expect(r.totals.undistributed).toBe(usd('5000.00') - usd('1000.00') - 10027n);
  });

  it('gives the residual class nothing while a rank is short, and leaves surplus undistributed without one', () => {
    const short = computeRun(run({ classes, claims, cumulativeReleased: usd('1200.00') }));
    expect(byRef(short, 'E1').entitled).toBe(0n);
    expect(byRef(short, 'G1').entitled).toBe(usd('800.00'));
    const noEquity = computeRun(run({ classes: [cls('GUC', 1)], claims: claims.slice(0, 2), cumulativeReleased: usd('2000.00') }));
    expect(noEquity.totals.undistributed).toBe(usd('500.00'));
  });
});

describe('in kind (§6)', () => {
  it('pays floor(payment ÷ price) units and the remainder in cash', () => {
    const r = computeRun(
      run({
        classes: [cls('TOK', 1, { inKindAsset: 'TOK' })],
        claims: [claim('T1', 'TOK', '50.00'), claim('T2', 'TOK', '0.50')],
        cumulativeReleased: usd('100.00'),
        inKindPrices: { TOK: { price: { num: 7n, den: 1n }, scale: 0 } },
      }),
    );
    expect(byRef(r, 'T1').portions[0]!.inKind).toEqual({ asset: 'TOK', units: 7n, cash: usd('1.00') });
    expect(byRef(r, 'T2').portions[0]!.inKind).toEqual({ asset: 'TOK', units: 0n, cash: usd('0.50') });
    // The booked payment stays in the case currency.
    expect(byRef(r, 'T1').paid).toBe(usd('50.00'));
  });

  it('refuses to pay in kind without a run-date price', () => {
    expect(() =>
      computeRun(
        run({ classes: [cls('TOK', 1, { inKindAsset: 'TOK' })], claims: [claim('T1', 'TOK', '5.00')], cumulativeReleased: usd('5.00') }),
      ),
    ).toThrow(/no run-date price/);
  });
});
