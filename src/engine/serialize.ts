/**
 * The canonical JSON of a run, the CLI's stable output. Claims in reference
 * byte order, portions in the claim's class order, keys in a fixed order,
 * amounts as decimal strings at the case currency's scale (formatDecimal).
 * The same input gives byte-identical text, whatever order it came in.
 *
 *   {"claims":[{"ref":…,"portions":[{"class":…,"entitled":…,"paid_before":…,"paid":…,"reserved":…,"withheld":…}],
 *     "entitled":…,"paid_before":…,"paid":…,"reserved":…,"withheld":…}],
 *    "totals":{"cumulative":…,"paid_this_run":…,"paid_cumulative":…,"reserved":…,"withheld":…,"residue":…,"undistributed":…}}
 */
import { formatDecimal } from '../money/index.js';
import type { RunResult } from './types.js';

interface Amounts {
  entitled: bigint;
  paidBefore: bigint;
  paid: bigint;
  reserved: bigint;
  withheld: bigint;
}

/** The canonical JSON in pieces (a few thousand claims each), for writing a large run to a stream. */
export function* serializeRunChunks(result: RunResult, claimsPerChunk = 64): Generator<string> {
  const scale = result.currencyScale;
  const d = (x: bigint): string => '"' + formatDecimal(x, scale) + '"';
  const amounts = (a: Amounts): string =>
    `"entitled":${d(a.entitled)},"paid_before":${d(a.paidBefore)},"paid":${d(a.paid)},"reserved":${d(a.reserved)},"withheld":${d(a.withheld)}`;
  let chunk = '{"claims":[';
  for (let i = 0; i < result.claimCount; i++) {
    const c = result.claimAt(i);
    let portions = '';
    for (const p of c.portions) {
      portions += `${portions ? ',' : ''}{"class":${JSON.stringify(p.classCode)},${amounts(p)}}`;
    }
    chunk += `${i ? ',' : ''}{"ref":${JSON.stringify(c.ref)},"portions":[${portions}],${amounts(c)}}`;
    if ((i + 1) % claimsPerChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  const t = result.totals;
  yield (
    chunk +
    `],"totals":{"cumulative":${d(t.cumulative)},"paid_this_run":${d(t.paidThisRun)},"paid_cumulative":${d(t.paidCumulative)},` +
    `"reserved":${d(t.reserved)},"withheld":${d(t.withheld)},"residue":${d(t.residue)},"undistributed":${d(t.undistributed)}}}\n`
  );
}

/** The canonical JSON of a run, as one string (ends with a newline). */
export function serializeRun(result: RunResult): string {
  return [...serializeRunChunks(result)].join('');
}
