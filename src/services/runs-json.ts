/**
 * The stable JSON of a stored run (docs/run-json.md), read from its lines.
 * The "claims" and "totals" members are byte for byte what the engine's
 * serializeRun writes for the same computation (a test checks it): claims in
 * reference byte order, portions in the claim's class order, fixed key
 * order, every amount a decimal string in the case currency. Served in pages
 * of claims so a million-claim run never becomes one string: concatenating
 * the chunks gives the document.
 */
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/index.js';
import { decodeUnapproved } from './runs-decode.js';
import { caseMoney, findRun, type Db, type RunRecord } from './runs-common.js';

export interface JsonChunk {
  text: string;
  /** Pass as `after` for the next chunk; null when this chunk ends the document. */
  next: string | null;
}

type Row = [string, string, bigint, string, string, string, string, string];

function head(db: Db, r: RunRecord, currency: string, scale: number): string {
  const d = (x: string | bigint) => formatDecimal(typeof x === 'bigint' ? x : BigInt(x), scale);
  const res = r.result!;
  const run = {
    id: r.id,
    ref: r.ref,
    kind: r.kind,
    state: r.state,
    date: r.date,
    final: r.final,
    currency,
    release: d(r.release),
    de_minimis: d(r.deMinimis),
    options: {
      withhold_unverified: r.options.withholdUnverified,
      include_unapproved: r.options.includeUnapproved,
      disputed_as: r.options.disputedAs,
      what_if: r.options.whatIf,
    },
    previous_run: r.options.basis,
    input_hash: r.inputHash,
    merkle_root: r.merkleRoot,
    drafted_by: r.draftedBy,
    drafted_at: r.draftedAt,
    approved_by: r.approvedBy,
    approved_at: r.approvedAt,
    finalized_by: r.finalizedBy,
    finalized_at: r.finalizedAt,
  };
  const classes = res.classes.map((c) => ({
    code: c.code,
    name: c.name,
    rank: c.rank,
    demand: d(c.demand),
    allocated: d(c.allocated),
    interest: d(c.interest),
    recovery: c.recovery,
  }));
  let unapproved: Array<{ ref: string; class: string | null; status: string; value: string; state: string }> = [];
  if (res.unapproved.count > 0) {
    const blob = db.prepare('SELECT input FROM run_inputs WHERE run_id = ?').pluck().get(r.id) as Buffer | undefined;
    const list = blob ? decodeUnapproved(blob) : [];
    unapproved = list.map((u) => ({ ref: u.ref, class: u.classCode, status: u.status, value: d(u.value), state: u.state }));
  }
  const t = res.totals;
  const extra = { receivables: d(t.receivables), forfeited: d(t.forfeited), warnings: res.warnings };
  return `{"run":${JSON.stringify(run)},"classes":${JSON.stringify(classes)},"unapproved":${JSON.stringify(unapproved)},"notes":${JSON.stringify(extra)},`;
}

function tail(r: RunRecord, scale: number): string {
  const t = r.result!.totals;
  const d = (x: string) => '"' + formatDecimal(BigInt(x), scale) + '"';
  return (
    `],"totals":{"cumulative":${d(t.cumulative)},"paid_this_run":${d(t.paid_this_run)},"paid_cumulative":${d(t.paid_cumulative)},` +
    `"reserved":${d(t.reserved)},"withheld":${d(t.withheld)},"residue":${d(t.residue)},"undistributed":${d(t.undistributed)}}}\n`
  );
}

/** One chunk of a run's JSON: up to `limit` claims after the claim `after` (from the start when absent). */
export function runJsonChunk(db: Db, run: string, after: string | null, limit: number): JsonChunk {
  const r = findRun(db, run);
  if (r.kind !== 'distribution')
    throw new AppError('invalid_args', `${r.ref} is a loss allocation; show it with recourse run show FILE ${r.ref} --json`);
  if (!r.result) throw new AppError('invalid_state', `Run ${r.ref} has no result`);
  if (r.state === 'discarded') throw new AppError('invalid_state', `Run ${r.ref} was discarded; its schedule was deleted`);
  const { currency, scale } = caseMoney(db);
  const d = (x: string) => '"' + (x === '0' ? formatDecimal(0n, scale) : formatDecimal(BigInt(x), scale)) + '"';
  const rows = (
    after === null
      ? db.prepare(
          'SELECT claim_ref, class_code, portion, entitled, paid_before, paid, reserved, withheld FROM run_lines WHERE run_id = ? ORDER BY claim_ref, class_code',
        )
      : db.prepare(
          'SELECT claim_ref, class_code, portion, entitled, paid_before, paid, reserved, withheld FROM run_lines WHERE run_id = ? AND claim_ref > ? ORDER BY claim_ref, class_code',
        )
  )
    .raw()
    .iterate(...(after === null ? [r.id] : [r.id, after])) as IterableIterator<Row>;
  let text = after === null ? head(db, r, currency, scale) + '"claims":[' : '';
  let first = after === null;
  let claims = 0;
  let group: Row[] = [];
  let last: string | null = null;
  const emit = () => {
    group.sort((a, b) => Number(a[2] - b[2]));
    let e = 0n;
    let pb = 0n;
    let pd = 0n;
    let rs = 0n;
    let wh = 0n;
    const portions = group.map((p) => {
      e += BigInt(p[3]);
      pb += BigInt(p[4]);
      pd += BigInt(p[5]);
      rs += BigInt(p[6]);
      wh += BigInt(p[7]);
      return `{"class":${JSON.stringify(p[1])},"entitled":${d(p[3])},"paid_before":${d(p[4])},"paid":${d(p[5])},"reserved":${d(p[6])},"withheld":${d(p[7])}}`;
    });
    const D = (x: bigint) => d(x.toString());
    text += `${first ? '' : ','}{"ref":${JSON.stringify(group[0]![0])},"portions":[${portions.join(',')}],"entitled":${D(e)},"paid_before":${D(pb)},"paid":${D(pd)},"reserved":${D(rs)},"withheld":${D(wh)}}`;
    first = false;
    claims++;
  };
  for (const row of rows) {
    if (row[0] !== last) {
      if (group.length) {
        emit();
        if (claims >= limit) return { text, next: group[0]![0] };
      }
      group = [];
      last = row[0];
    }
    group.push(row);
  }
  if (group.length) emit();
  return { text: text + tail(r, scale), next: null };
}

/** The whole document as one string (small runs, tests). */
export function runJson(db: Db, run: string): string {
  let out = '';
  let after: string | null = null;
  for (;;) {
    const c = runJsonChunk(db, run, after, 10_000);
    out += c.text;
    if (c.next === null) return out;
    after = c.next;
  }
}
