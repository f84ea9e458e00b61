/**
 * Properties over random cases (spec §3, §4): the identity holds to the
 * minor unit, nobody is paid beyond entitlement, seniority is respected,
 * pro-rata shares are within one minor unit of exact, nothing is negative,
 * and the output depends on the input only, not its order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeRun, identityGap, paidAfter, serializeRun, type RunInput, type RunResult } from '../../src/engine/index.js';
import { arbRun, permuted } from './arbitraries.js';

const RUNS = 300;

function checkAccounting(input: RunInput, r: RunResult): void {
  expect(identityGap(r)).toBe(0n);
  const t = r.totals;
  for (const v of Object.values(t)) expect(v >= 0n).toBe(true);
  expect(t.cumulative).toBe(input.cumulativeReleased + (input.collateral ?? []).reduce((a, c) => a + c.proceeds, 0n));
  let paid = 0n;
  for (const c of r.claims) {
    for (const p of c.portions) {
      for (const v of [
        p.value,
        p.demand,
        p.entitled,
        p.interest,
        p.paidBefore,
        p.paid,
        p.reserved,
        p.withheld,
        p.forfeited,
        p.receivable,
      ]) {
        expect(v >= 0n).toBe(true);
      }
      if (p.excluded === null) {
        // What a portion holds is exactly its entitlement: never paid beyond it.
        expect(p.paidBefore + p.paid + p.reserved + p.withheld).toBe(p.entitled);
        expect(p.receivable + p.forfeited).toBe(0n);
      } else {
        expect(p.paid + p.reserved + p.withheld).toBe(0n);
        if (p.excluded === 'overpaid') expect(p.receivable).toBe(p.paidBefore - p.entitled);
        if (p.excluded === 'forfeited') expect(p.forfeited).toBe(p.entitled - p.paidBefore);
      }
      if (c.status !== 'allowed') expect(p.paid).toBe(0n);
      if (!['filed', 'under_review', 'disputed'].includes(c.status)) expect(p.reserved).toBe(0n);
    }
    if (r.final && c.forfeited > 0n) expect(c.forfeited < (input.deMinimis ?? 0n)).toBe(true);
    paid += c.paid;
  }
  expect(paid).toBe(t.paidThisRun);
}

function checkSeniority(input: RunInput, r: RunResult): void {
  const secured = new Set(input.classes.filter((c) => c.secured).map((c) => c.code));
  const residual = new Set(input.classes.filter((c) => c.treatment === 'residual').map((c) => c.code));
  const ranks = [...new Set(r.classes.filter((c) => !secured.has(c.code) && !residual.has(c.code)).map((c) => c.rank))].sort(
    (a, b) => a - b,
  );
  const inRank = (rank: number) => r.classes.filter((c) => c.rank === rank && !secured.has(c.code) && !residual.has(c.code));
  const shortRank = ranks.find((rank) => {
    const cs = inRank(rank);
    return cs.reduce((a, c) => a + c.principal, 0n) < cs.reduce((a, c) => a + c.demand, 0n);
  });
  if (shortRank === undefined) return;
  for (const c of r.classes) {
    if (secured.has(c.code)) continue;
    // Below a short rank: nothing; and no interest or residual anywhere.
    if (c.rank > shortRank || residual.has(c.code)) expect(c.allocated).toBe(0n);
    expect(c.interest).toBe(0n);
  }
  // Within the short rank: each share within one minor unit of exact pro rata of what the rank got.
  const codes = new Set(inRank(shortRank).map((c) => c.code));
  const A = inRank(shortRank).reduce((a, c) => a + c.principal, 0n);
  const T = inRank(shortRank).reduce((a, c) => a + c.demand, 0n);
  for (const c of r.claims) {
    for (const p of c.portions) {
      if (!codes.has(p.classCode) || p.secured || p.excluded !== null || p.demand === 0n) continue;
      if (c.status !== 'allowed' && !['filed', 'under_review', 'disputed'].includes(c.status)) continue;
      const E = p.entitled;
      if (r.final) {
        const diff = E * T - A * p.demand;
        expect(diff < T && -diff < T).toBe(true);
      } else {
        // Interim: the rank's allocation is A plus at most the kept residue.
        expect(E * T <= (A + r.totals.residue) * p.demand).toBe(true);
        expect((E + 1n) * T > A * p.demand).toBe(true);
      }
      expect(E <= p.demand).toBe(true);
    }
  }
}

describe.each([
  ['narrow amounts', 1n],
  ['amounts beyond 64 bits', 10n ** 14n],
])('run properties (%s)', (_name, scale) => {
  it('holds the pool exactly and never pays beyond entitlement', () => {
    fc.assert(
      fc.property(arbRun(scale), (input) => {
        checkAccounting(input, computeRun(input));
      }),
      { numRuns: RUNS },
    );
  });

  it('pays no junior rank while a senior one is short; shares within one minor unit of pro rata', () => {
    fc.assert(
      fc.property(arbRun(scale), (input) => {
        checkSeniority(input, computeRun({ ...input, paidBefore: [] }));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives byte-identical output for the same input in any order', () => {
    fc.assert(
      fc.property(arbRun(scale), fc.integer(), (input, seed) => {
        const a = serializeRun(computeRun(input));
        expect(serializeRun(computeRun(input))).toBe(a);
        expect(serializeRun(computeRun(permuted(input, seed)))).toBe(a);
      }),
      { numRuns: RUNS },
    );
  });

  it('pays nothing more when an interim run is repeated after the first is finalized', () => {
    fc.assert(
      fc.property(arbRun(scale), (raw) => {
        const input = { ...raw, final: false };
        const first = computeRun(input);
        const again = computeRun({ ...input, paidBefore: paidAfter(first) });
        expect(again.totals.paidThisRun).toBe(0n);
        expect(again.totals.paidCumulative).toBe(first.totals.paidCumulative);
        checkAccounting(input, again);
      }),
      { numRuns: RUNS },
    );
  });
});
