/** Random distribution cases for the property tests. */
import fc from 'fast-check';
import type { ClaimInput, ClassDef, PaidBeforeInput, RunInput } from '../../src/engine/index.js';
import { CLAIM_STATUSES } from '../../src/domain/claims.js';

const CLASS_CODES = ['SEC', 'ADMIN', 'PRIO', 'CONV', 'GUC', 'SUB', 'EQ'] as const;

/** A case; `scale` multiplies every amount (10^14 pushes the engine onto its bigint[] columns). */
export function arbRun(scale = 1n): fc.Arbitrary<RunInput> {
  const amt = (max: bigint) => fc.bigInt({ min: 0n, max }).map((x) => x * scale);
  const classes = fc
    .record({
      prioCap: fc.option(amt(200_000n), { nil: undefined }),
      pct: fc.bigInt({ min: 0n, max: 100n }),
      convCap: fc.option(amt(50_000n), { nil: undefined }),
      gucInterest: fc.boolean(),
      subRank: fc.constantFrom(3, 4),
      equity: fc.boolean(),
    })
    .map(({ prioCap, pct, convCap, gucInterest, subRank, equity }): ClassDef[] => [
      { code: 'SEC', rank: 1, treatment: 'pro_rata', secured: true, deficiencyClass: 'GUC', interestBearing: gucInterest },
      { code: 'ADMIN', rank: 1, treatment: 'pro_rata' },
      { code: 'PRIO', rank: 2, treatment: 'pro_rata', portionCap: prioCap ?? null, overflowClass: 'GUC' },
      { code: 'CONV', rank: 3, treatment: 'fixed_pct', pct: { num: pct, den: 100n }, cap: convCap ?? null },
      { code: 'GUC', rank: 3, treatment: 'pro_rata', interestBearing: gucInterest },
      { code: 'SUB', rank: subRank, treatment: 'pro_rata' },
      ...(equity ? [{ code: 'EQ', rank: 9, treatment: 'residual' as const }] : []),
    ]);
  const claimArb = fc.record({
    cls: fc.constantFrom(...CLASS_CODES),
    status: fc.constantFrom(...CLAIM_STATUSES, 'allowed', 'allowed', 'allowed'),
    value: fc.oneof(amt(1_000_000n), amt(100n)),
    reserve: fc.option(amt(1_000_000n), { nil: null }),
    collateral: fc.constantFrom('X', 'Y'),
    lien: fc.integer({ min: 1, max: 3 }),
    kyc: fc.boolean(),
    paid: fc.option(amt(300_000n), { nil: undefined, freq: 3 }),
  });
  return fc
    .record({
      classes,
      claims: fc.array(claimArb, { minLength: 1, maxLength: 25 }),
      proceeds: fc.tuple(amt(1_000_000n), amt(1_000_000n)),
      D: amt(3_000_000n),
      final: fc.boolean(),
      deMinimis: fc.oneof(fc.constant(0n), amt(500n)),
      kyc: fc.boolean(),
      rate: fc.option(fc.bigInt({ min: 0n, max: 20n }), { nil: null }),
      runDate: fc.constantFrom('2024-06-30', '2025-01-01', '2023-12-31'),
    })
    .map(({ classes, claims, proceeds, D, final, deMinimis, kyc, rate, runDate }): RunInput => {
      const codes = new Set(classes.map((c) => c.code));
      const paidBefore: PaidBeforeInput[] = [];
      const cs: ClaimInput[] = claims.map((c, i) => {
        const classCode = codes.has(c.cls) ? c.cls : 'GUC';
        const ref = `C${(i * 7919) % 1000}-${i}`;
        if (c.paid !== undefined) paidBefore.push({ claimRef: ref, classCode: i % 5 === 0 ? 'SUB' : classCode, amount: c.paid });
        return {
          ref,
          creditorRef: `cr${i % 4}`,
          classCode,
          status: c.status,
          value: c.value,
          reserveEstimate: c.reserve,
          securedBy: classCode === 'SEC' ? c.collateral : null,
          lien: c.lien,
          kycVerified: c.kyc,
        };
      });
      // Keep the history possible: earlier runs cannot have paid more than D unsecured, or more than a
      // collateral's proceeds on it (an overdrawn pool is refused, and tested on its own).
      const bucket = (p: PaidBeforeInput): string =>
        p.classCode === 'SEC' ? (cs.find((c) => c.ref === p.claimRef)!.securedBy ?? 'D') : 'D';
      const limit: Record<string, bigint> = { D, X: proceeds[0], Y: proceeds[1] };
      const total: Record<string, bigint> = {};
      for (const p of paidBefore) total[bucket(p)] = (total[bucket(p)] ?? 0n) + p.amount;
      for (const p of paidBefore) {
        const b = bucket(p);
        if (total[b]! > limit[b]!) p.amount = (p.amount * limit[b]!) / total[b]!;
      }
      return {
        currencyScale: 2,
        classes,
        claims: cs,
        collateral: [
          { ref: 'X', proceeds: proceeds[0] },
          { ref: 'Y', proceeds: proceeds[1] },
        ],
        cumulativeReleased: D,
        paidBefore,
        runDate,
        petitionDate: '2023-01-15',
        interestRate: rate === null ? null : { num: rate, den: 100n },
        final,
        deMinimis,
        withholdUnverifiedKyc: kyc,
      };
    });
}

/** The same input in another order: claims, classes, collateral and paid-before rows permuted. */
export function permuted(input: RunInput, seed: number): RunInput {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    ...input,
    claims: shuffle(input.claims),
    classes: shuffle(input.classes),
    collateral: shuffle(input.collateral ?? []),
    paidBefore: shuffle(input.paidBefore ?? []),
  };
}
