/**
 * Claim rows as the register shows them: creditor, amounts as decimal text,
 * value in the case currency, the late flag and the scheduled-vs-filed match.
 * Loaded by id for one page at a time.
 */
import type { ClaimRow, ScheduledMatch } from '../api/contract/claims.js';
import { formatDecimal } from '../money/decimal.js';
import { NIL_STATUSES, type ClaimStatus } from '../domain/claims.js';
import type { CreditorType, KycState } from '../domain/claims.js';
import type { ReadDb, WriteDb } from '../store/db.js';
import { assetScales, count } from '../store/util.js';
import { readMeta } from './case.js';

export type Db = ReadDb | WriteDb;

/** What every row needs from the case: its currency and scales, and the bar date. */
export interface RowContext {
  currency: string;
  currencyScale: number;
  petitionDate: string;
  barDate: string | null;
  scales: Map<string, number>;
}

export function rowContext(db: Db): RowContext {
  const meta = readMeta(db);
  const scales = assetScales(db);
  return {
    currency: meta.currency,
    currencyScale: scales.get(meta.currency) ?? 2,
    petitionDate: meta.petitionDate,
    barDate: meta.barDate,
    scales,
  };
}

/** A claim is late when it was filed (not scheduled) after the bar date. */
export function isLate(source: string, filedOn: string | null, barDate: string | null): boolean {
  return source === 'filed' && filedOn !== null && barDate !== null && filedOn > barDate;
}

const NIL_SQL = NIL_STATUSES.map((s) => `'${s}'`).join(',');

export interface RawClaim {
  id: bigint;
  ref: string;
  creditor_id: bigint;
  source: 'scheduled' | 'filed';
  asset: string;
  asserted: string;
  allowed: string | null;
  value_minor: bigint;
  status: ClaimStatus;
  class_code: string | null;
  filed_on: string | null;
  cr_ref: string;
  cr_name: string;
  cr_type: CreditorType;
  cr_kyc: KycState;
}

export const ROW_SELECT = `SELECT c.id, c.ref, c.creditor_id, c.source, c.asset, c.asserted, c.allowed, c.value_minor, c.status, c.class_code,
  c.filed_on, r.ref AS cr_ref, r.name AS cr_name, r.type AS cr_type, r.kyc AS cr_kyc
  FROM claims c JOIN creditors r ON r.id = c.creditor_id`;

/** Live scheduled quantities per creditor and asset, for the given creditors. */
function scheduledFor(db: Db, creditorIds: number[]): Map<string, { qty: bigint; refs: string[] }> {
  const out = new Map<string, { qty: bigint; refs: string[] }>();
  if (creditorIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT creditor_id, asset, asserted, ref FROM claims INDEXED BY claims_reg_creditor
       WHERE creditor_id IN (SELECT value FROM json_each(?)) AND source = 'scheduled' AND status NOT IN (${NIL_SQL})
       ORDER BY ref`,
    )
    .raw()
    .all(JSON.stringify(creditorIds)) as Array<[bigint, string, string, string]>;
  for (const [cid, asset, asserted, ref] of rows) {
    const key = `${cid}\u0000${asset}`;
    const e = out.get(key) ?? { qty: 0n, refs: [] };
    e.qty += BigInt(asserted);
    e.refs.push(ref);
    out.set(key, e);
  }
  return out;
}

/** Filed against scheduled: agreed, higher or lower, and by how much (filed minus scheduled). */
export function matchOf(filed: bigint, scheduled: { qty: bigint; refs: string[] } | undefined, scale: number): ScheduledMatch {
  if (!scheduled) return { state: 'not_scheduled', scheduled: null, difference: null, scheduledRefs: [] };
  const diff = filed - scheduled.qty;
  return {
    state: diff === 0n ? 'agreed' : diff > 0n ? 'higher' : 'lower',
    scheduled: formatDecimal(scheduled.qty, scale),
    difference: formatDecimal(diff, scale),
    scheduledRefs: scheduled.refs,
  };
}

export function toRows(db: Db, ctx: RowContext, raws: RawClaim[]): ClaimRow[] {
  const filedCreditors = [...new Set(raws.filter((r) => r.source === 'filed').map((r) => count(r.creditor_id)))];
  const sched = scheduledFor(db, filedCreditors);
  return raws.map((r) => {
    const scale = ctx.scales.get(r.asset) ?? 0;
    return {
      id: count(r.id),
      ref: r.ref,
      creditorRef: r.cr_ref,
      creditorName: r.cr_name,
      creditorType: r.cr_type,
      kyc: r.cr_kyc,
      source: r.source,
      asset: r.asset,
      scale,
      asserted: formatDecimal(BigInt(r.asserted), scale),
      allowed: r.allowed === null ? null : formatDecimal(BigInt(r.allowed), scale),
      value: formatDecimal(r.value_minor, ctx.currencyScale),
      status: r.status,
      classCode: r.class_code,
      filedOn: r.filed_on,
      late: isLate(r.source, r.filed_on, ctx.barDate),
      match: r.source === 'filed' ? matchOf(BigInt(r.asserted), sched.get(`${r.creditor_id}\u0000${r.asset}`), scale) : null,
    };
  });
}

/** Rows for these claim ids, in the order given. */
export function loadRows(db: Db, ctx: RowContext, ids: number[]): ClaimRow[] {
  if (ids.length === 0) return [];
  const raws = db.prepare(`${ROW_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RawClaim[];
  const byId = new Map(raws.map((r) => [count(r.id), r]));
  return toRows(
    db,
    ctx,
    ids.map((id) => byId.get(id)).filter((r): r is RawClaim => r !== undefined),
  );
}
