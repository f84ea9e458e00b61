/**
 * What-if (issue #6 §3): two runs side by side, per class (demand,
 * allocation, recovery) and per claim portion (entitled, paid, reserved,
 * withheld), with the differences. Typically two drafts on the same case: the
 * real one and one that resolves disputed claims at 0%, 50% or 100%, or
 * releases another amount.
 */
import { formatDecimal } from '../money/index.js';
import type { RunCompare, RunCompareClass, RunCompareRow, RunListRow, RunTotalsView } from '../api/contract/runs.js';
import { AppError } from '../errors.js';
import { listRuns } from './runs.js';
import { caseMoney, findRun, type Db, type RunRecord, type StoredTotals } from './runs-common.js';

export interface CompareQuery {
  a: string;
  b: string;
  after?: { claim: string; classCode: string } | undefined;
  limit: number;
  changedOnly?: boolean | undefined;
}

type Row = [string, string, string, string, string, string, string | null, string | null, string | null, string | null];

const TOTAL_KEYS: Array<[keyof RunTotalsView, keyof StoredTotals]> = [
  ['cumulative', 'cumulative'],
  ['paidThisRun', 'paid_this_run'],
  ['paidCumulative', 'paid_cumulative'],
  ['reserved', 'reserved'],
  ['withheld', 'withheld'],
  ['residue', 'residue'],
  ['undistributed', 'undistributed'],
  ['receivables', 'receivables'],
  ['forfeited', 'forfeited'],
];

function usable(r: RunRecord): void {
  if (r.kind !== 'distribution') throw new AppError('invalid_args', `${r.ref} is a loss allocation; only distribution runs compare`);
  if (r.state === 'discarded')
    throw new AppError(
      'invalid_state',
      `${r.ref} was discarded; its schedule is gone. Compare runs that are drafts, approved or finalized.`,
    );
  if (!r.result) throw new AppError('invalid_state', `${r.ref} has no result`);
}

export function compareRuns(db: Db, q: CompareQuery): RunCompare {
  const a = findRun(db, q.a);
  const b = findRun(db, q.b);
  usable(a);
  usable(b);
  if (a.id === b.id) throw new AppError('invalid_args', 'Choose two different runs to compare');
  const { currency, scale } = caseMoney(db);
  const d = (x: bigint) => formatDecimal(x, scale);
  const list = new Map(listRuns(db, 'distribution').map((r) => [r.id, r]));
  const head = (r: RunRecord): RunListRow & { disputedAs: string } => ({
    ...list.get(r.id)!,
    disputedAs: r.options.disputedAs ?? 'reserve',
  });

  const ca = new Map(a.result!.classes.map((c) => [c.code, c]));
  const cb = new Map(b.result!.classes.map((c) => [c.code, c]));
  const codes = [...new Set([...ca.keys(), ...cb.keys()])];
  const classes: RunCompareClass[] = codes
    .map((code) => {
      const x = ca.get(code);
      const y = cb.get(code);
      const side = (c: typeof x) => (c ? { demand: d(BigInt(c.demand)), allocated: d(BigInt(c.allocated)), recovery: c.recovery } : null);
      return {
        code,
        name: (x ?? y)!.name,
        rank: (x ?? y)!.rank,
        a: side(x),
        b: side(y),
        diff: d(BigInt(y?.allocated ?? '0') - BigInt(x?.allocated ?? '0')),
      };
    })
    .sort((p, q2) => p.rank - q2.rank || (p.code < q2.code ? -1 : 1));
  const totals = TOTAL_KEYS.map(([key, k]) => {
    const x = BigInt(a.result!.totals[k]);
    const y = BigInt(b.result!.totals[k]);
    return { key, a: d(x), b: d(y), diff: d(y - x) };
  });

  const owed = (paid: string, res: string, wh: string) => BigInt(paid) + BigInt(res) + BigInt(wh);
  const side = (e: string | null, p: string | null, r: string | null, w: string | null) =>
    e === null ? null : { entitled: d(BigInt(e)), paid: d(BigInt(p!)), reserved: d(BigInt(r!)), withheld: d(BigInt(w!)) };
  const toRow = (x: Row): RunCompareRow => {
    const oa = owed(x[3], x[4], x[5]);
    const ob = x[6] === null ? 0n : owed(x[7]!, x[8]!, x[9]!);
    return { claim: x[0], classCode: x[1], a: side(x[2], x[3], x[4], x[5]), b: side(x[6], x[7], x[8], x[9]), diff: d(ob - oa) };
  };
  const params: Record<string, unknown> = { a: a.id, b: b.id, limit: q.limit + 1 };
  const where = ['l.run_id = :a'];
  if (q.after) {
    where.push('(l.claim_ref, l.class_code) > (:ac, :acl)');
    params.ac = q.after.claim;
    params.acl = q.after.classCode;
  }
  if (q.changedOnly)
    where.push('(m.entitled IS NOT l.entitled OR m.paid IS NOT l.paid OR m.reserved IS NOT l.reserved OR m.withheld IS NOT l.withheld)');
  const rows = db
    .prepare(
      `SELECT l.claim_ref, l.class_code, l.entitled, l.paid, l.reserved, l.withheld, m.entitled, m.paid, m.reserved, m.withheld
       FROM run_lines l LEFT JOIN run_lines m ON m.run_id = :b AND m.claim_ref = l.claim_ref AND m.class_code = l.class_code
       WHERE ${where.join(' AND ')} ORDER BY l.claim_ref, l.class_code LIMIT :limit`,
    )
    .raw()
    .all(params) as Row[];
  const more = rows.length > q.limit;
  if (more) rows.pop();
  const out = rows.map(toRow);
  let onlyInB: RunCompareRow[] = [];
  if (!q.after) {
    const extra = db
      .prepare(
        `SELECT m.claim_ref, m.class_code, m.entitled, m.paid, m.reserved, m.withheld FROM run_lines m
         WHERE m.run_id = ? AND NOT EXISTS (SELECT 1 FROM run_lines l WHERE l.run_id = ? AND l.claim_ref = m.claim_ref AND l.class_code = m.class_code)
         ORDER BY m.claim_ref, m.class_code LIMIT 100`,
      )
      .raw()
      .all(b.id, a.id) as Array<[string, string, string, string, string, string]>;
    onlyInB = extra.map((x) => ({
      claim: x[0],
      classCode: x[1],
      a: null,
      b: side(x[2], x[3], x[4], x[5]),
      diff: d(owed(x[3], x[4], x[5])),
    }));
  }
  const last = out[out.length - 1];
  return {
    currency,
    a: head(a),
    b: head(b),
    classes,
    totals,
    rows: out,
    next: more && last ? { claim: last.claim, classCode: last.classCode } : null,
    onlyInB,
  };
}
