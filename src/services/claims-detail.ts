/** One claim in full: value with the price and date used, match, history, documents, duplicate candidates. */
import type { ClaimDetail, ClaimOptions, HistoryEntry } from '../api/contract/claims.js';
import { allowedTransitions, label, type ClaimStatus, type CreditorType, type KycState } from '../domain/claims.js';
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/decimal.js';
import { count } from '../store/util.js';
import { duplicateCandidates } from './claims-duplicates.js';
import { listDocuments } from './claims-documents.js';
import { ROW_SELECT, rowContext, toRows, type Db, type RawClaim } from './claims-rows.js';
import { describeValue } from './claims-valuation.js';

const NIL_FOR_MATCH = "('disallowed','withdrawn','superseded','duplicate')";

type Full = RawClaim & {
  secured_by: bigint | null;
  lien: bigint | null;
  setoff: string | null;
  reserve_estimate: string | null;
  amends_id: bigint | null;
  duplicate_of: bigint | null;
  class_status: string | null;
  notes: string | null;
  tags: string | null;
  updated_at: string;
  cr_jurisdiction: string | null;
  cr_email: string | null;
  cr_address: string | null;
  cr_tax_form: bigint;
};

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One line per audit entry of the claim, in words. */
export function summarise(action: string, before: string | null, after: string | null): string {
  const b = parse(before);
  const a = parse(after);
  const s = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? 'none' : JSON.stringify(v));
  switch (action) {
    case 'claim.status':
      return `${label(s(b.status))} → ${label(s(a.status))}${a.duplicateOf ? ` of ${s(a.duplicateOf)}` : ''}${a.amendedBy ? ` (amended by ${s(a.amendedBy)})` : ''}`;
    case 'claim.allowed':
      return `Allowed quantity ${s(b.allowed)} → ${s(a.allowed)}${a.asset ? ' ' + s(a.asset) : ''} (value ${s(b.value)} → ${s(a.value)})`;
    case 'claim.document':
      return `Attached "${s(a.name)}"`;
    case 'claim.duplicate_dismissed':
      return `Not a duplicate of ${s(a.candidate)}`;
    default:
      return after ? `${action}: ${after.slice(0, 200)}` : action;
  }
}

export function claimHistory(db: Db, ref: string): HistoryEntry[] {
  const rows = db
    .prepare(
      "SELECT id, at, actor, action, before, after, reason FROM audit WHERE entity = 'claim' AND entity_ref = ? ORDER BY id DESC LIMIT 500",
    )
    .all(ref) as Array<{
    id: bigint;
    at: string;
    actor: string;
    action: string;
    before: string | null;
    after: string | null;
    reason: string | null;
  }>;
  return rows.map((r) => ({
    id: count(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    summary: summarise(r.action, r.before, r.after),
    reason: r.reason,
  }));
}

/** Statuses a person can choose next (superseded comes only from an amending claim). */
export function nextStatuses(from: ClaimStatus): ClaimStatus[] {
  return allowedTransitions(from).filter((s) => s !== 'superseded');
}

export function getClaim(db: Db, ref: string): ClaimDetail {
  const ctx = rowContext(db);
  const r = db
    .prepare(
      `${ROW_SELECT.replace(
        'SELECT ',
        `SELECT c.secured_by, c.lien, c.setoff, c.reserve_estimate, c.amends_id, c.duplicate_of, c.class_status, c.notes, c.tags, c.updated_at,
         r.jurisdiction AS cr_jurisdiction, r.email AS cr_email, r.address AS cr_address, r.tax_form AS cr_tax_form, `,
      )} WHERE c.ref = ?`,
    )
    .get(ref) as Full | undefined;
  if (!r) throw new AppError('not_found', `No claim with reference ${ref}`);
  const row = toRows(db, ctx, [r])[0]!;
  const refOf = (id: bigint | null) =>
    id === null ? null : ((db.prepare('SELECT ref FROM claims WHERE id = ?').pluck().get(id) as string | undefined) ?? null);
  const secured =
    r.secured_by === null
      ? undefined
      : (db.prepare('SELECT ref, asset, kind FROM estate_assets WHERE id = ?').get(r.secured_by) as
          { ref: string; asset: string; kind: string } | undefined);
  const setoff = r.setoff === null ? 0n : BigInt(r.setoff);
  const asserted = BigInt(r.asserted);
  const allowed = r.allowed === null ? null : BigInt(r.allowed);
  const filedAgainst =
    r.source === 'scheduled'
      ? (db
          .prepare(
            `SELECT ref FROM claims INDEXED BY claims_reg_creditor WHERE creditor_id = ? AND asset = ? AND source = 'filed' AND status NOT IN ${NIL_FOR_MATCH} ORDER BY ref`,
          )
          .pluck()
          .all(r.creditor_id, r.asset) as string[])
      : [];
  return {
    ...row,
    creditor: {
      ref: r.cr_ref,
      name: r.cr_name,
      type: r.cr_type as CreditorType,
      kyc: r.cr_kyc as KycState,
      jurisdiction: r.cr_jurisdiction,
      email: r.cr_email,
      address: r.cr_address,
      taxForm: r.cr_tax_form === 1n,
    },
    next: nextStatuses(r.status),
    valuation: describeValue(db, ctx, { asset: r.asset, asserted, allowed, setoff }, r.value_minor),
    securedBy: secured ?? null,
    lien: r.lien === null ? null : count(r.lien),
    setoff: r.setoff === null ? null : formatDecimal(setoff, ctx.currencyScale),
    reserveEstimate: r.reserve_estimate === null ? null : formatDecimal(BigInt(r.reserve_estimate), ctx.currencyScale),
    barDate: ctx.barDate,
    amends: refOf(r.amends_id),
    amendedBy: db.prepare('SELECT ref FROM claims WHERE amends_id = ? ORDER BY ref').pluck().all(r.id) as string[],
    duplicateOf: refOf(r.duplicate_of),
    classStatus: r.class_status,
    notes: r.notes,
    tags: r.tags,
    updatedAt: r.updated_at,
    filedAgainst,
    history: claimHistory(db, r.ref),
    documents: listDocuments(db, count(r.id)),
    duplicates: duplicateCandidates(
      db,
      { id: count(r.id), creditorId: count(r.creditor_id), creditorName: r.cr_name, source: r.source, asset: r.asset, asserted },
      ctx.scales,
    ),
  };
}

export function claimOptions(db: Db): ClaimOptions {
  const ctx = rowContext(db);
  return {
    currency: ctx.currency,
    barDate: ctx.barDate,
    petitionDate: ctx.petitionDate,
    assets: [...ctx.scales.entries()].map(([code, scale]) => ({ code, scale })).sort((a, b) => a.code.localeCompare(b.code)),
    classes: db.prepare('SELECT code, name FROM classes ORDER BY rank, position, code').all() as Array<{ code: string; name: string }>,
  };
}
