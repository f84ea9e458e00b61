/**
 * `recourse run verify`: recompute a run from its stored canonical input and
 * compare (1) the input's SHA-256 with the hash the run was stored under,
 * (2) every recomputed claim portion with the stored run lines, field by
 * field, and (3) the recomputed totals with the stored ones. verifyRuns checks
 * every finalized run (the case check of `recourse verify` calls it).
 */
import { AppError } from '../errors.js';
import { compareBytes } from '../money/index.js';
import { computeRun, type ClaimResult, type RunResult } from '../engine/index.js';
import { tableExists } from '../store/util.js';
import { decodeInput } from './runs-decode.js';
import { verifyLossRun } from './losses.js';
import { engine, findRun, type Db, type RunRecord, type StoredTotals } from './runs-common.js';

export interface VerifyMismatch {
  claim: string | null;
  class: string | null;
  field: string;
  stored: string | null;
  computed: string | null;
}

export interface RunVerifyReport {
  run: string;
  ok: boolean;
  storedHash: string | null;
  computedHash: string | null;
  hashOk: boolean;
  linesChecked: number;
  mismatchCount: number;
  /** The first 100 mismatches. */
  mismatches: VerifyMismatch[];
  message: string;
}

const MAX_SHOWN = 100;
const NOT_SIMPLE = /[\uD800-\uFFFF]/;
const cmp = (a: string, b: string): number =>
  a === b ? 0 : NOT_SIMPLE.test(a) || NOT_SIMPLE.test(b) ? compareBytes(a, b) : a < b ? -1 : 1;

type LineRow = [
  string,
  string,
  bigint,
  string,
  string | null,
  bigint,
  string | null,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
];
const LINE_SQL =
  'SELECT claim_ref, class_code, portion, creditor_ref, status, secured, value, entitled, paid_before, paid, reserved, withheld, forfeited, receivable, in_kind_asset, in_kind_units, in_kind_cash FROM run_lines WHERE run_id = ? ORDER BY claim_ref, class_code';

function compareClaim(c: ClaimResult, rows: LineRow[], out: (m: VerifyMismatch) => void): void {
  const byClass = new Map(rows.map((r) => [r[1], r]));
  c.portions.forEach((p, k) => {
    const r = byClass.get(p.classCode);
    if (!r) return out({ claim: c.ref, class: p.classCode, field: 'line', stored: null, computed: 'present' });
    byClass.delete(p.classCode);
    const fields: Array<[string, string | null, string | null]> = [
      ['portion', String(r[2]), String(k)],
      ['creditor', r[3], c.creditorRef],
      ['status', r[4], c.status],
      ['secured', String(r[5]), p.secured ? '1' : '0'],
      ['value', r[6], p.value.toString()],
      ['entitled', r[7], p.entitled.toString()],
      ['paid_before', r[8], p.paidBefore.toString()],
      ['paid', r[9], p.paid.toString()],
      ['reserved', r[10], p.reserved.toString()],
      ['withheld', r[11], p.withheld.toString()],
      ['forfeited', r[12], p.forfeited.toString()],
      ['receivable', r[13], p.receivable.toString()],
      ['in_kind_asset', r[14], p.inKind?.asset ?? null],
      ['in_kind_units', r[15], p.inKind ? p.inKind.units.toString() : null],
      ['in_kind_cash', r[16], p.inKind ? p.inKind.cash.toString() : null],
    ];
    for (const [field, stored, computed] of fields)
      if (stored !== computed) out({ claim: c.ref, class: p.classCode, field, stored, computed });
  });
  for (const cls of byClass.keys()) out({ claim: c.ref, class: cls, field: 'line', stored: 'present', computed: null });
}

function compareTotals(stored: StoredTotals, result: RunResult, out: (m: VerifyMismatch) => void): void {
  const t = result.totals;
  const pairs: Array<[keyof StoredTotals, bigint]> = [
    ['cumulative', t.cumulative],
    ['paid_this_run', t.paidThisRun],
    ['paid_cumulative', t.paidCumulative],
    ['reserved', t.reserved],
    ['withheld', t.withheld],
    ['residue', t.residue],
    ['undistributed', t.undistributed],
  ];
  for (const [k, v] of pairs)
    if (stored[k] !== v.toString()) out({ claim: null, class: null, field: `totals.${k}`, stored: stored[k], computed: v.toString() });
}

/** Recompute one run from its stored input and compare. */
export function verifyRun(db: Db, run: string | RunRecord): RunVerifyReport {
  const r = typeof run === 'string' ? findRun(db, run) : run;
  if (r.kind === 'loss') {
    const v = verifyLossRun(db, r);
    const mismatches: VerifyMismatch[] = v.resultOk
      ? []
      : [{ claim: null, class: null, field: 'result', stored: 'stored allocation', computed: 'differs' }];
    const ok = v.hashOk && v.resultOk;
    const message = ok
      ? `${r.ref} verified: the input hash matches and the allocation recomputes exactly.`
      : `${r.ref} does NOT verify: ${v.hashOk ? '' : 'the stored input does not match its hash; '}${v.resultOk ? '' : 'the stored allocation differs from the recomputation.'}`;
    return {
      run: r.ref,
      ok,
      storedHash: r.inputHash,
      computedHash: v.computedHash,
      hashOk: v.hashOk,
      linesChecked: 0,
      mismatchCount: mismatches.length + (v.hashOk ? 0 : 1),
      mismatches,
      message,
    };
  }
  if (r.state === 'discarded')
    throw new AppError('invalid_state', `Run ${r.ref} was discarded; its schedule and input were deleted, so there is nothing to verify.`);
  const blob = db.prepare('SELECT input FROM run_inputs WHERE run_id = ?').pluck().get(r.id) as Buffer | undefined;
  if (!blob) {
    return {
      run: r.ref,
      ok: false,
      storedHash: r.inputHash,
      computedHash: null,
      hashOk: false,
      linesChecked: 0,
      mismatchCount: 1,
      mismatches: [{ claim: null, class: null, field: 'input', stored: null, computed: null }],
      message: `Run ${r.ref} has no stored input: it cannot be recomputed.`,
    };
  }
  let decoded: ReturnType<typeof decodeInput>;
  try {
    decoded = decodeInput(blob);
  } catch (err) {
    return {
      run: r.ref,
      ok: false,
      storedHash: r.inputHash,
      computedHash: null,
      hashOk: false,
      linesChecked: 0,
      mismatchCount: 1,
      mismatches: [{ claim: null, class: null, field: 'input', stored: 'unreadable', computed: null }],
      message: `The stored input of ${r.ref} cannot be read: ${(err as Error).message}`,
    };
  }
  const hashOk = decoded.hash === r.inputHash;
  const result = engine(() => computeRun(decoded.input));
  const mismatches: VerifyMismatch[] = [];
  let mismatchCount = 0;
  const out = (m: VerifyMismatch) => {
    mismatchCount++;
    if (mismatches.length < MAX_SHOWN) mismatches.push(m);
  };
  if (r.result) compareTotals(r.result.totals, result, out);
  const it = db.prepare(LINE_SQL).raw().iterate(r.id) as IterableIterator<LineRow>;
  let cur = it.next();
  let checked = 0;
  for (let i = 0; i < result.claimCount; i++) {
    const c = result.claimAt(i);
    const rows: LineRow[] = [];
    while (!cur.done) {
      const d = cmp(cur.value[0], c.ref);
      if (d > 0) break;
      if (d < 0) out({ claim: cur.value[0], class: cur.value[1], field: 'line', stored: 'present', computed: null });
      else rows.push(cur.value);
      checked++;
      cur = it.next();
    }
    compareClaim(c, rows, out);
  }
  for (; !cur.done; cur = it.next()) {
    checked++;
    out({ claim: cur.value[0], class: cur.value[1], field: 'line', stored: 'present', computed: null });
  }
  if (!hashOk) mismatchCount++;
  const ok = mismatchCount === 0;
  const message = ok
    ? `${r.ref} verified: the input hash matches and all ${checked.toLocaleString('en-US')} lines recompute exactly.`
    : `${r.ref} does NOT verify: ${hashOk ? '' : 'the stored input does not match its hash; '}${mismatchCount - (hashOk ? 0 : 1)} difference${mismatchCount - (hashOk ? 0 : 1) === 1 ? '' : 's'} between the stored schedule and the recomputation.`;
  return {
    run: r.ref,
    ok,
    storedHash: r.inputHash,
    computedHash: decoded.hash,
    hashOk,
    linesChecked: checked,
    mismatchCount,
    mismatches,
    message,
  };
}

/** Every finalized run, for the case check: a list of problems (empty when all verify). */
export function verifyRuns(db: Db): string[] {
  if (!tableExists(db, 'runs')) return [];
  const refs = db.prepare("SELECT ref FROM runs WHERE state = 'finalized' ORDER BY id").pluck().all() as string[];
  const problems: string[] = [];
  for (const ref of refs) {
    const rep = verifyRun(db, ref);
    if (rep.ok) continue;
    problems.push(rep.message);
    for (const m of rep.mismatches.slice(0, 5))
      problems.push(
        `  ${ref} ${m.claim ?? ''} ${m.class ?? ''} ${m.field}: stored ${m.stored ?? '—'}, recomputed ${m.computed ?? '—'}`
          .replace(/\s+/g, ' ')
          .trim(),
      );
  }
  return problems;
}
