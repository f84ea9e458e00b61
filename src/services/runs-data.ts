/**
 * A stored run as the exporters' RunData (src/export/types.ts), read from its
 * lines: claims in reference order, each with its creditor, its status at the
 * run and its portions in the engine's order. The runs table's result holds
 * only the class summary and totals, so statements, schedules and proofs of a
 * stored run read their per-claim figures here.
 */
import { AppError } from '../errors.js';
import type { RunClaim, RunData, RunPortion } from '../export/types.js';
import { caseMoney, findRun, type Db } from './runs-common.js';

type Row = [
  string,
  string,
  string | null,
  string,
  bigint,
  string | null,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
];

export function readRunData(db: Db, ref: string): RunData {
  const r = findRun(db, ref);
  if (r.kind !== 'distribution') throw new AppError('invalid_args', `${r.ref} is a loss allocation, not a distribution run`);
  if (!r.result) throw new AppError('invalid_state', `Run ${r.ref} has no result`);
  const { currency, scale } = caseMoney(db);
  const claims: RunClaim[] = [];
  let cur: RunClaim | null = null;
  let order: number[] = [];
  const close = () => {
    if (cur && order.length > 1) {
      const byPos = cur.portions.map((p, i) => [order[i]!, p] as const).sort((a, b) => a[0] - b[0]);
      cur.portions = byPos.map(([, p]) => p);
    }
  };
  const it = db
    .prepare(
      `SELECT claim_ref, creditor_ref, status, class_code, portion, value, entitled, paid_before, paid, reserved, withheld, in_kind_asset, in_kind_units, in_kind_cash
       FROM run_lines WHERE run_id = ? ORDER BY claim_ref, class_code`,
    )
    .raw()
    .iterate(r.id) as IterableIterator<Row>;
  for (const x of it) {
    if (!cur || cur.ref !== x[0]) {
      close();
      cur = { ref: x[0], creditorRef: x[1], status: x[2] ?? '', portions: [] };
      order = [];
      claims.push(cur);
    }
    const p: RunPortion = {
      classCode: x[3],
      value: x[5] === null ? null : BigInt(x[5]),
      entitled: BigInt(x[6]),
      paidBefore: BigInt(x[7]),
      paid: BigInt(x[8]),
      reserved: BigInt(x[9]),
      withheld: BigInt(x[10]),
      inKind: x[11] ? { asset: x[11], units: BigInt(x[12] ?? '0'), cash: BigInt(x[13] ?? '0') } : null,
    };
    cur.portions.push(p);
    order.push(Number(x[4]));
  }
  close();
  const t = r.result.totals;
  return {
    identity: {
      id: r.id,
      ref: r.ref,
      date: r.date,
      state: r.state,
      final: r.final,
      release: r.release,
      deMinimis: r.deMinimis,
      options: { ...r.options },
      inputHash: r.inputHash,
      merkleRoot: r.merkleRoot,
      draftedBy: r.draftedBy,
      approvedBy: r.approvedBy,
      finalizedBy: r.finalizedBy,
      createdAt: r.draftedAt,
    },
    currency,
    currencyScale: scale,
    claims,
    totals: {
      cumulative: BigInt(t.cumulative),
      paidThisRun: BigInt(t.paid_this_run),
      paidCumulative: BigInt(t.paid_cumulative),
      reserved: BigInt(t.reserved),
      withheld: BigInt(t.withheld),
      residue: BigInt(t.residue),
      undistributed: BigInt(t.undistributed),
    },
  };
}
