/** Small builders for engine tests: amounts written as decimal text, parsed exactly. */
import { parseDecimal } from '../../src/money/index.js';
import type { ClaimInput, ClassDef, RunInput, RunResult, ClaimResult, PortionResult } from '../../src/engine/index.js';

/** "123.45" → 12345n (USD cents). */
export const usd = (text: string): bigint => parseDecimal(text, 2);

export const cls = (code: string, rank: number, extra: Partial<ClassDef> = {}): ClassDef => ({
  code,
  rank,
  treatment: 'pro_rata',
  ...extra,
});

export const claim = (
  ref: string,
  classCode: string,
  value: string,
  status: ClaimInput['status'] = 'allowed',
  extra: Partial<ClaimInput> = {},
): ClaimInput => ({ ref, creditorRef: `cr-${ref}`, classCode, status, value: usd(value), ...extra });

export const run = (over: Partial<RunInput> & Pick<RunInput, 'classes' | 'claims' | 'cumulativeReleased'>): RunInput => ({
  currencyScale: 2,
  runDate: '2025-01-01',
  petitionDate: '2024-01-01',
  final: false,
  ...over,
});

export function byRef(result: RunResult, ref: string): ClaimResult {
  const c = result.claims.find((x) => x.ref === ref);
  if (!c) throw new Error(`no claim ${ref}`);
  return c;
}

export function portion(result: RunResult, ref: string, classCode: string): PortionResult {
  const p = byRef(result, ref).portions.find((x) => x.classCode === classCode);
  if (!p) throw new Error(`no portion ${ref}/${classCode}`);
  return p;
}

/** The identity the run reports, recomputed from its totals. */
export function held(result: RunResult): bigint {
  const t = result.totals;
  return t.paidCumulative + t.reserved + t.withheld + t.residue + t.undistributed;
}
