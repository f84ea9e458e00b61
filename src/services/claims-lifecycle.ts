/**
 * Claim lifecycle (issue #3 point 4): status transitions per
 * src/domain/claims.ts, allowed quantities, bulk status changes. Every change
 * carries a reason and is audited in the transaction that makes it.
 */
import type { BulkResult } from '../api/contract/claims.js';
import { label, transitionError, type ClaimStatus } from '../domain/claims.js';
import { AppError } from '../errors.js';
import { DecimalError, formatDecimal, parseDecimal } from '../money/decimal.js';
import { appendAudit } from '../store/audit.js';
import { now, tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { rowContext, type Db, type RowContext } from './claims-rows.js';
import { valueNow } from './claims-valuation.js';

export interface ClaimRecord {
  id: number;
  ref: string;
  creditorId: number;
  source: 'scheduled' | 'filed';
  asset: string;
  scale: number;
  asserted: bigint;
  allowed: bigint | null;
  setoff: bigint;
  value: bigint;
  status: ClaimStatus;
  duplicateOf: number | null;
}

const SELECT = `SELECT c.id, c.ref, c.creditor_id, c.source, c.asset, a.scale, c.asserted, c.allowed, c.setoff, c.value_minor, c.status, c.duplicate_of
  FROM claims c JOIN assets a ON a.code = c.asset`;

function toRecord(r: Record<string, unknown>): ClaimRecord {
  return {
    id: count(r.id),
    ref: r.ref as string,
    creditorId: count(r.creditor_id),
    source: r.source as 'scheduled' | 'filed',
    asset: r.asset as string,
    scale: count(r.scale),
    asserted: BigInt(r.asserted as string),
    allowed: r.allowed === null ? null : BigInt(r.allowed as string),
    setoff: r.setoff === null ? 0n : BigInt(r.setoff as string),
    value: BigInt(r.value_minor as bigint),
    status: r.status as ClaimStatus,
    duplicateOf: r.duplicate_of === null ? null : count(r.duplicate_of),
  };
}

export function findClaim(db: Db, ref: string): ClaimRecord | null {
  const r = db.prepare(`${SELECT} WHERE c.ref = ?`).get(ref) as Record<string, unknown> | undefined;
  return r ? toRecord(r) : null;
}

export function loadClaim(db: Db, ref: string): ClaimRecord {
  const c = findClaim(db, ref);
  if (!c) throw new AppError('not_found', `No claim with reference ${ref}`);
  return c;
}

function refOf(db: Db, id: number | null): string | null {
  return id === null ? null : ((db.prepare('SELECT ref FROM claims WHERE id = ?').pluck().get(id) as string | undefined) ?? null);
}

/** Why a person may not move a claim from → to, or null. superseded only ever comes from an amending claim. */
export function manualStatusError(from: ClaimStatus, to: ClaimStatus): string | null {
  if (to === 'superseded' && from !== to) {
    return 'A claim becomes superseded only when an amending claim names it (its amends column); import the amending claim instead';
  }
  return transitionError(from, to);
}

/** Change one claim's status; call inside a transaction. `original` is required for duplicate. */
export function applyStatus(db: WriteDb, actor: string, c: ClaimRecord, to: ClaimStatus, reason: string, original?: ClaimRecord): void {
  const err = manualStatusError(c.status, to);
  if (err) throw new AppError('invalid_state', `${c.ref}: ${err}`);
  if (to === 'duplicate') {
    if (!original) throw new AppError('invalid_args', `Name the original claim that ${c.ref} duplicates`);
    if (original.id === c.id) throw new AppError('invalid_args', `${c.ref} cannot be a duplicate of itself`);
    if (original.status === 'duplicate') {
      throw new AppError(
        'invalid_args',
        `${original.ref} is itself a duplicate of ${refOf(db, original.duplicateOf) ?? 'another claim'}; mark ${c.ref} against that original instead`,
      );
    }
  }
  const dupOf = to === 'duplicate' ? original!.id : null;
  db.prepare('UPDATE claims SET status = ?, duplicate_of = ?, updated_at = ? WHERE id = ?').run(to, dupOf, now(), c.id);
  const beforeDup = refOf(db, c.duplicateOf);
  appendAudit(db, {
    actor,
    action: 'claim.status',
    entity: 'claim',
    entityRef: c.ref,
    before: { status: c.status, ...(beforeDup ? { duplicateOf: beforeDup } : {}) },
    after: { status: to, ...(to === 'duplicate' ? { duplicateOf: original!.ref } : {}) },
    reason,
  });
  c.status = to;
  c.duplicateOf = dupOf;
}

const CLOSED: readonly ClaimStatus[] = ['withdrawn', 'superseded', 'duplicate'];

/** Set or clear the allowed quantity and re-value the claim; call inside a transaction. */
export function applyAllowed(db: WriteDb, actor: string, ctx: RowContext, c: ClaimRecord, text: string | null, reason: string): void {
  if (CLOSED.includes(c.status)) {
    throw new AppError('invalid_state', `${c.ref} is ${label(c.status)}; the allowed quantity of a closed claim cannot change`);
  }
  let qty: bigint | null = null;
  if (text !== null) {
    try {
      qty = parseDecimal(text, c.scale);
    } catch (err) {
      if (err instanceof DecimalError) throw new AppError('invalid_args', `Allowed quantity for ${c.ref} (${c.asset}): ${err.message}`);
      throw err;
    }
  }
  const fmt = (q: bigint | null) => (q === null ? null : formatDecimal(q, c.scale));
  if (qty === c.allowed) throw new AppError('invalid_args', `The allowed quantity of ${c.ref} is already ${fmt(qty) ?? 'unset'}`);
  const value = valueNow(db, ctx, { asset: c.asset, asserted: c.asserted, allowed: qty, setoff: c.setoff });
  db.prepare('UPDATE claims SET allowed = ?, value_minor = ?, updated_at = ? WHERE id = ?').run(
    qty?.toString() ?? null,
    value,
    now(),
    c.id,
  );
  appendAudit(db, {
    actor,
    action: 'claim.allowed',
    entity: 'claim',
    entityRef: c.ref,
    before: { allowed: fmt(c.allowed), value: formatDecimal(c.value, ctx.currencyScale), asset: c.asset },
    after: { allowed: fmt(qty), value: formatDecimal(value, ctx.currencyScale), asset: c.asset },
    reason,
  });
  c.allowed = qty;
  c.value = value;
}

export interface ClaimUpdate {
  ref: string;
  status?: ClaimStatus | undefined;
  duplicateOf?: string | undefined;
  allowed?: string | null | undefined;
  reason: string;
}

/** Status and/or allowed quantity of one claim, in one transaction. */
export function updateClaim(db: WriteDb, actor: string, u: ClaimUpdate): void {
  if (u.status === undefined && u.allowed === undefined) {
    throw new AppError('invalid_args', 'Nothing to change: give a new status or an allowed quantity');
  }
  if (u.duplicateOf !== undefined && u.status !== 'duplicate')
    throw new AppError('invalid_args', 'An original claim is only named when marking a claim duplicate');
  const ctx = rowContext(db);
  tx(db, () => {
    const c = loadClaim(db, u.ref);
    if (u.allowed !== undefined) applyAllowed(db, actor, ctx, c, u.allowed, u.reason);
    if (u.status !== undefined) {
      const original = u.duplicateOf === undefined ? undefined : loadClaim(db, u.duplicateOf);
      applyStatus(db, actor, c, u.status, u.reason, original);
    }
  });
}

export interface BulkProblem {
  ref: string;
  problem: string;
}

/**
 * One status for many claims: all of them or none. Claims that cannot move
 * are listed (error details: { problems: [{ ref, problem }] }) and nothing changes.
 */
export function bulkStatus(db: WriteDb, actor: string, a: { refs: string[]; status: ClaimStatus; reason: string }): BulkResult {
  if (a.status === 'duplicate' || a.status === 'superseded') {
    throw new AppError(
      'invalid_args',
      `Claims are marked ${label(a.status)} one at a time, against the claim that ${a.status === 'duplicate' ? 'they duplicate' : 'amends them'}`,
    );
  }
  const refs = [...new Set(a.refs)];
  return tx(db, () => {
    const found = new Map(
      (
        db.prepare(`${SELECT} WHERE c.ref IN (SELECT value FROM json_each(?))`).all(JSON.stringify(refs)) as Array<Record<string, unknown>>
      ).map((r) => {
        const c = toRecord(r);
        return [c.ref, c] as const;
      }),
    );
    const problems: BulkProblem[] = [];
    for (const ref of refs) {
      const c = found.get(ref);
      const err = c ? manualStatusError(c.status, a.status) : 'No claim with this reference';
      if (err) problems.push({ ref, problem: err });
    }
    if (problems.length) {
      const first = problems
        .slice(0, 3)
        .map((p) => `${p.ref}: ${p.problem}`)
        .join('; ');
      throw new AppError(
        'invalid_state',
        `${problems.length} of ${refs.length} claims cannot become ${label(a.status)}, so none was changed. ${first}${problems.length > 3 ? '; …' : ''}`,
        { problems },
      );
    }
    for (const ref of refs) applyStatus(db, actor, found.get(ref)!, a.status, a.reason);
    return { changed: refs.length, status: a.status };
  });
}
