/** Runs (spec §4): statuses, de minimis, overpaid claims, pending catch-up, KYC withholding, validation. */
import { describe, expect, it } from 'vitest';
import { computeRun, identityGap, paidAfter, serializeRun, EngineError } from '../../src/engine/index.js';
import { byRef, claim, cls, held, portion, run, usd } from './helpers.js';

const GUC = [cls('GUC', 1)];

describe('statuses', () => {
  it('pays allowed claims, reserves pending ones (at the reserve estimate where set), ignores nil statuses', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims: [
          claim('A', 'GUC', '100.00'),
          claim('B', 'GUC', '100.00', 'filed'),
          claim('C', 'GUC', '100.00', 'under_review', { reserveEstimate: usd('50.00') }),
          claim('D', 'GUC', '100.00', 'withdrawn'),
          claim('E', 'GUC', '100.00', 'superseded'),
          claim('F', 'GUC', '100.00', 'duplicate'),
        ],
        cumulativeReleased: usd('125.00'),
      }),
    );
    // Demand 250.00 (A 100, B 100, C at its 50.00 estimate) for 125.00: 50%.
    expect(byRef(r, 'A').paid).toBe(usd('50.00'));
    expect(byRef(r, 'B').reserved).toBe(usd('50.00'));
    expect(byRef(r, 'C').reserved).toBe(usd('25.00'));
    for (const ref of ['D', 'E', 'F']) expect(byRef(r, ref).entitled + byRef(r, ref).reserved).toBe(0n);
    expect(held(r)).toBe(usd('125.00'));
  });
});

describe('pending claims catch up', () => {
  const first = computeRun(
    run({
      classes: GUC,
      claims: [claim('G1', 'GUC', '1000.00'), claim('G3', 'GUC', '1000.00', 'disputed')],
      cumulativeReleased: usd('1000.00'),
    }),
  );

  it('a pending claim later allowed is paid its whole E − P at the next run', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims: [claim('G1', 'GUC', '1000.00'), claim('G3', 'GUC', '1000.00')],
        cumulativeReleased: usd('1000.00'),
        paidBefore: paidAfter(first),
      }),
    );
    expect(byRef(r, 'G3').paid).toBe(usd('500.00'));
    expect(byRef(r, 'G1').paid).toBe(0n);
  });

  it('one allowed for less releases the difference to the others', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims: [claim('G1', 'GUC', '1000.00'), claim('G3', 'GUC', '500.00')],
        cumulativeReleased: usd('1000.00'),
        paidBefore: paidAfter(first),
      }),
    );
    expect(byRef(r, 'G1').entitled).toBe(66666n);
    expect(byRef(r, 'G1').paid).toBe(66666n - usd('500.00'));
    expect(byRef(r, 'G3').paid).toBe(33333n);
    expect(r.totals.residue).toBe(1n);
    expect(identityGap(r)).toBe(0n);
  });
});

describe('paid-before amounts', () => {
  it('are the same given per claim or as rows, and add up when given twice', () => {
    const claims = [claim('G1', 'GUC', '1000.00'), claim('G2', 'GUC', '500.00')];
    const rows = run({
      classes: GUC,
      claims,
      cumulativeReleased: usd('900.00'),
      paidBefore: [
        { claimRef: 'G1', classCode: 'GUC', amount: usd('300.00') },
        { claimRef: 'G2', classCode: 'GUC', amount: usd('100.00') },
        { claimRef: 'G2', classCode: 'GUC', amount: usd('50.00') },
      ],
    });
    const perClaim = run({
      classes: GUC,
      claims: [
        { ...claims[0]!, paidBefore: [{ classCode: 'GUC', amount: usd('300.00') }] },
        { ...claims[1]!, paidBefore: [{ classCode: 'GUC', amount: usd('150.00') }] },
      ],
      cumulativeReleased: usd('900.00'),
    });
    const a = computeRun(rows);
    expect(byRef(a, 'G1').paid).toBe(usd('300.00'));
    expect(byRef(a, 'G2').paid).toBe(usd('150.00'));
    expect(serializeRun(computeRun(perClaim))).toBe(serializeRun(a));
  });
});

describe('de minimis', () => {
  const claims = [claim('SMALL', 'GUC', '6.00'), claim('BIG', 'GUC', '1994.00')];

  it('interim: a due below M is withheld, not paid', () => {
    const r = computeRun(run({ classes: GUC, claims, cumulativeReleased: usd('1000.00'), deMinimis: usd('5.00') }));
    expect(byRef(r, 'SMALL').withheld).toBe(usd('3.00'));
    expect(byRef(r, 'SMALL').paid).toBe(0n);
    expect(byRef(r, 'BIG').paid).toBe(usd('997.00'));
    expect(r.totals.withheld).toBe(usd('3.00'));
    expect(held(r)).toBe(usd('1000.00'));
  });

  it('final: a due below M is forfeited and the run recomputed without it', () => {
    const r = computeRun(run({ classes: GUC, claims, cumulativeReleased: usd('1000.00'), deMinimis: usd('5.00'), final: true }));
    const small = byRef(r, 'SMALL');
    expect(small.paid).toBe(0n);
    expect(small.forfeited).toBe(usd('3.00'));
    expect(small.portions[0]!.excluded).toBe('forfeited');
    expect(byRef(r, 'BIG').paid).toBe(usd('1000.00'));
    expect(r.totals.forfeited).toBe(usd('3.00'));
    expect(r.iterations).toBe(2);
    expect(held(r)).toBe(usd('1000.00'));
  });

  it('final: a forfeited claim keeps what it was paid, and the others share D less that', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims,
        cumulativeReleased: usd('1000.00'),
        deMinimis: usd('5.00'),
        final: true,
        paidBefore: [{ claimRef: 'SMALL', classCode: 'GUC', amount: usd('1.00') }],
      }),
    );
    expect(byRef(r, 'SMALL').forfeited).toBe(usd('2.00'));
    expect(byRef(r, 'BIG').paid).toBe(usd('999.00'));
    expect(r.totals.paidCumulative).toBe(usd('1000.00'));
  });
});

describe('overpaid claims', () => {
  it('a late senior claim leaves juniors overpaid: receivables, and the senior shares only the cash left', () => {
    const first = computeRun(
      run({
        classes: [cls('ADMIN', 1), cls('GUC', 2)],
        claims: [claim('G1', 'GUC', '1000.00'), claim('G2', 'GUC', '1000.00')],
        cumulativeReleased: usd('1000.00'),
      }),
    );
    const r = computeRun(
      run({
        classes: [cls('ADMIN', 1), cls('GUC', 2)],
        claims: [claim('A1', 'ADMIN', '1200.00'), claim('G1', 'GUC', '1000.00'), claim('G2', 'GUC', '1000.00')],
        cumulativeReleased: usd('1500.00'),
        paidBefore: paidAfter(first),
      }),
    );
    // At D = 1,500.00 the GUC gets 300.00: 150.00 each against 500.00 paid.
    expect(byRef(r, 'G1').entitled).toBe(usd('150.00'));
    expect(byRef(r, 'G1').receivable).toBe(usd('350.00'));
    expect(byRef(r, 'G1').paid).toBe(0n);
    expect(portion(r, 'G1', 'GUC').excluded).toBe('overpaid');
    // Only 1,500.00 − 1,000.00 already paid is left for A1.
    expect(byRef(r, 'A1').paid).toBe(usd('500.00'));
    expect(r.totals.receivables).toBe(usd('700.00'));
    expect(identityGap(r)).toBe(0n);
  });

  it('an overpaid lien on shared collateral leaves first; the first lien\'s deficiency is not taken for overpaid meanwhile', () => {
    // B (second lien on X) was paid 99.00 when it looked secured; A's first lien now takes all of X.
    const input = run({
      classes: [cls('SEC', 1, { secured: true, deficiencyClass: 'GUC' }), cls('GUC', 2)],
      claims: [
        claim('A', 'SEC', '1000.00', 'allowed', { securedBy: 'X', lien: 1 }),
        claim('B', 'SEC', '0.00', 'filed', { securedBy: 'X', lien: 2, reserveEstimate: usd('500.00') }),
        claim('C', 'GUC', '500.00'),
      ],
      collateral: [{ ref: 'X', proceeds: usd('100.00') }],
      cumulativeReleased: usd('300.00'),
      paidBefore: [{ claimRef: 'B', classCode: 'SEC', amount: usd('99.00') }],
    });
    const first = computeRun(input);
    // X less B's 99.00 leaves 1.00 for A's lien; the rest of A (999.00) is general unsecured.
    expect(portion(first, 'A', 'SEC').entitled).toBe(usd('1.00'));
    expect(portion(first, 'A', 'GUC').demand).toBe(usd('999.00'));
    expect(portion(first, 'B', 'SEC').excluded).toBe('overpaid');
    // The same run again after the first is paid: nothing more to pay, nobody newly overpaid.
    const again = computeRun({ ...input, paidBefore: paidAfter(first) });
    expect(again.totals.paidThisRun).toBe(0n);
    expect(portion(again, 'A', 'GUC').excluded).toBeNull();
    expect(again.totals.receivables).toBe(first.totals.receivables);
    expect(identityGap(again)).toBe(0n);
  });

  it('a claim allowed for less than it was paid: the excess is a receivable', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims: [claim('G1', 'GUC', '200.00'), claim('G2', 'GUC', '1000.00')],
        cumulativeReleased: usd('1000.00'),
        paidBefore: [
          { claimRef: 'G1', classCode: 'GUC', amount: usd('500.00') },
          { claimRef: 'G2', classCode: 'GUC', amount: usd('500.00') },
        ],
      }),
    );
    // E(G1) at D = floor(100000 × 20000 / 120000) = 16666.
    expect(byRef(r, 'G1').receivable).toBe(usd('500.00') - 16666n);
    // G2 shares D less G1's 500.00: entitled to 500.00, already paid.
    expect(byRef(r, 'G2').entitled).toBe(usd('500.00'));
    expect(r.totals.paidThisRun).toBe(0n);
    expect(identityGap(r)).toBe(0n);
  });

  it('a claim now disallowed that was paid before is wholly a receivable', () => {
    const r = computeRun(
      run({
        classes: GUC,
        claims: [claim('G1', 'GUC', '100.00', 'disallowed'), claim('G2', 'GUC', '100.00')],
        cumulativeReleased: usd('100.00'),
        paidBefore: [{ claimRef: 'G1', classCode: 'GUC', amount: usd('50.00') }],
      }),
    );
    expect(byRef(r, 'G1').receivable).toBe(usd('50.00'));
    expect(byRef(r, 'G2').paid).toBe(usd('50.00'));
    expect(held(r)).toBe(usd('100.00'));
  });
});

describe('an overdrawn pool', () => {
  it('refuses a run when earlier runs paid out more than the pool holds', () => {
    expect(() =>
      computeRun(
        run({
          classes: GUC,
          claims: [claim('G1', 'GUC', '100.00')],
          cumulativeReleased: usd('10.00'),
          paidBefore: [{ claimRef: 'G1', classCode: 'GUC', amount: usd('20.00') }],
        }),
      ),
    ).toThrow(/overdrawn by 1000 minor units/);
  });

  it('refuses when collateral surplus went to claims that a later amendment leaves overpaid', () => {
    const classes = [cls('SEC', 1, { secured: true }), cls('GUC', 2)];
    const collateral = [{ ref: 'X', proceeds: usd('1000.00') }];
    const first = computeRun(
      run({
        classes,
        collateral,
        claims: [claim('S1', 'SEC', '200.00', 'allowed', { securedBy: 'X' }), claim('G1', 'GUC', '1000.00')],
        cumulativeReleased: 0n,
      }),
    );
    expect(byRef(first, 'G1').paid).toBe(usd('800.00'));
    expect(() =>
      computeRun(
        run({
          classes,
          collateral,
          claims: [claim('S1', 'SEC', '1000.00', 'allowed', { securedBy: 'X' }), claim('G1', 'GUC', '1000.00')],
          cumulativeReleased: 0n,
          paidBefore: paidAfter(first),
        }),
      ),
    ).toThrow(/overdrawn by 80000 minor units/);
  });
});

describe('KYC withholding', () => {
  const claims = [claim('K1', 'GUC', '100.00', 'allowed', { kycVerified: false }), claim('K2', 'GUC', '100.00')];

  it('withholds the due of an unverified creditor when the option is on', () => {
    const r = computeRun(run({ classes: GUC, claims, cumulativeReleased: usd('100.00'), withholdUnverifiedKyc: true }));
    expect(byRef(r, 'K1').withheld).toBe(usd('50.00'));
    expect(byRef(r, 'K1').paid).toBe(0n);
    expect(byRef(r, 'K2').paid).toBe(usd('50.00'));
    expect(held(r)).toBe(usd('100.00'));
  });

  it('pays it when the option is off, and catches up once verified', () => {
    const off = computeRun(run({ classes: GUC, claims, cumulativeReleased: usd('100.00') }));
    expect(byRef(off, 'K1').paid).toBe(usd('50.00'));
    const withheld = computeRun(run({ classes: GUC, claims, cumulativeReleased: usd('100.00'), withholdUnverifiedKyc: true }));
    const verified = computeRun(
      run({
        classes: GUC,
        claims: [claim('K1', 'GUC', '100.00', 'allowed', { kycVerified: true }), claims[1]!],
        cumulativeReleased: usd('100.00'),
        withholdUnverifiedKyc: true,
        paidBefore: paidAfter(withheld),
      }),
    );
    expect(byRef(verified, 'K1').paid).toBe(usd('50.00'));
    expect(byRef(verified, 'K2').paid).toBe(0n);
  });
});

describe('refused input', () => {
  const ok = { classes: GUC, claims: [claim('A', 'GUC', '1.00')], cumulativeReleased: 100n };
  it.each([
    ['an unknown class', { claims: [claim('A', 'NOPE', '1.00')] }, /unknown class NOPE/],
    ['a claim listed twice', { claims: [claim('A', 'GUC', '1.00'), claim('A', 'GUC', '2.00')] }, /listed twice/],
    ['a negative value', { claims: [{ ...claim('A', 'GUC', '1.00'), value: -1n }] }, /negative/],
    ['a negative D', { cumulativeReleased: -1n }, /negative/],
    ['a portion cap without overflow', { classes: [cls('GUC', 1, { portionCap: 5n })] }, /overflow class/],
    [
      'an overflow cycle',
      { classes: [cls('GUC', 1, { portionCap: 5n, overflowClass: 'B' }), cls('B', 2, { portionCap: 5n, overflowClass: 'GUC' })] },
      /cycle/,
    ],
    [
      'unknown collateral',
      {
        classes: [cls('GUC', 1, { secured: true, deficiencyClass: 'U' }), cls('U', 2)],
        claims: [claim('A', 'GUC', '1.00', 'allowed', { securedBy: 'Z' })],
      },
      /unknown collateral Z/,
    ],
    ['a bad date', { runDate: '2025-02-30' }, /not a calendar date/],
    ['paid before for an unknown claim', { paidBefore: [{ claimRef: 'Q', classCode: 'GUC', amount: 1n }] }, /unknown claim Q/],
  ])('refuses %s', (_name, over, message) => {
    expect(() => computeRun(run({ ...ok, ...over }))).toThrow(EngineError);
    expect(() => computeRun(run({ ...ok, ...over }))).toThrow(message);
  });
});
