/**
 * Duplicate candidates (issue #3 point 6): claims for the same quantity of
 * the same asset, either by the same creditor or by a creditor whose name is
 * the same or close once normalised and transliterated. A scheduled and a
 * filed claim of the same creditor are not duplicates: that pair is the
 * scheduled-vs-filed match. A reviewer confirms (the claim becomes a
 * duplicate of the candidate) or dismisses each; both are audited.
 */
import type { DuplicateCandidate } from '../api/contract/claims.js';
import { compareNames } from '../domain/name-match.js';
import type { ClaimStatus } from '../domain/claims.js';
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/decimal.js';
import { appendAudit } from '../store/audit.js';
import { now, tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import type { Db } from './claims-rows.js';
import { applyStatus, loadClaim, type ClaimRecord } from './claims-lifecycle.js';

/** Claims sharing an amount are looked at up to this many (a round amount can be common). */
const SAME_AMOUNT_LIMIT = 1000;

interface Subject {
  id: number;
  creditorId: number;
  creditorName: string;
  source: string;
  asset: string;
  asserted: bigint;
}

type Review = NonNullable<DuplicateCandidate['review']>;

function reviews(db: Db, id: number): Map<number, Review> {
  const rows = db
    .prepare(
      `SELECT claim_id, candidate_id, state, reviewer, at, reason FROM duplicate_reviews
       WHERE claim_id = ? OR candidate_id = ? ORDER BY at, id`,
    )
    .all(id, id) as Array<{
    claim_id: bigint;
    candidate_id: bigint;
    state: Review['state'];
    reviewer: string;
    at: string;
    reason: string | null;
  }>;
  const out = new Map<number, Review>();
  for (const r of rows) {
    const other = count(r.claim_id) === id ? count(r.candidate_id) : count(r.claim_id);
    out.set(other, { state: r.state, reviewer: r.reviewer, at: r.at, reason: r.reason });
  }
  return out;
}

export function duplicateCandidates(db: Db, s: Subject, scales: Map<string, number>): DuplicateCandidate[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.ref, c.creditor_id, c.source, c.status, r.ref AS cr_ref, r.name AS cr_name
       FROM claims c INDEXED BY claims_dup JOIN creditors r ON r.id = c.creditor_id
       WHERE c.asserted = ? AND c.asset = ? AND c.id <> ? ORDER BY c.id LIMIT ${SAME_AMOUNT_LIMIT}`,
    )
    .all(s.asserted.toString(), s.asset, s.id) as Array<{
    id: bigint;
    ref: string;
    creditor_id: bigint;
    source: 'scheduled' | 'filed';
    status: ClaimStatus;
    cr_ref: string;
    cr_name: string;
  }>;
  const reviewed = reviews(db, s.id);
  const amount = formatDecimal(s.asserted, scales.get(s.asset) ?? 0);
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    let why: string | null = null;
    if (count(r.creditor_id) === s.creditorId) {
      if (r.source !== s.source) continue; // the scheduled-vs-filed match, not a duplicate
      why = `Same creditor, same amount (${amount} ${s.asset})`;
    } else {
      const m = compareNames(s.creditorName, r.cr_name);
      if (m === 'same') why = `Same creditor name once normalised ("${r.cr_name}"), same amount`;
      else if (m === 'close') why = `Similar creditor name ("${r.cr_name}"), same amount`;
    }
    if (!why) continue;
    out.push({
      ref: r.ref,
      creditorRef: r.cr_ref,
      creditorName: r.cr_name,
      asset: s.asset,
      asserted: amount,
      status: r.status,
      source: r.source,
      why,
      review: reviewed.get(count(r.id)) ?? null,
    });
  }
  return out;
}

function subjectOf(db: Db, c: ClaimRecord): Subject {
  const name = db.prepare('SELECT name FROM creditors WHERE id = ?').pluck().get(c.creditorId) as string;
  return { id: c.id, creditorId: c.creditorId, creditorName: name, source: c.source, asset: c.asset, asserted: c.asserted };
}

export interface DuplicateDecision {
  ref: string;
  candidate: string;
  decision: 'confirm' | 'dismiss';
  reason: string;
}

/** Confirm (ref becomes a duplicate of candidate) or dismiss a candidate, with the reviewer's reason. */
export function reviewDuplicate(db: WriteDb, actor: string, d: DuplicateDecision, scales: Map<string, number>): void {
  tx(db, () => {
    const c = loadClaim(db, d.ref);
    const other = loadClaim(db, d.candidate);
    const candidates = duplicateCandidates(db, subjectOf(db, c), scales);
    if (!candidates.some((x) => x.ref === other.ref)) {
      throw new AppError(
        'invalid_args',
        `${other.ref} is not a duplicate candidate of ${c.ref} (same asset and amount, and the same or a close creditor name)`,
      );
    }
    if (d.decision === 'dismiss' && c.status === 'duplicate' && c.duplicateOf === other.id) {
      throw new AppError(
        'invalid_state',
        `${c.ref} is marked a duplicate of ${other.ref}; change its status back to under review first (with a reason)`,
      );
    }
    const state = d.decision === 'confirm' ? 'confirmed' : 'dismissed';
    if (d.decision === 'confirm') applyStatus(db, actor, c, 'duplicate', d.reason, other);
    else {
      appendAudit(db, {
        actor,
        action: 'claim.duplicate_dismissed',
        entity: 'claim',
        entityRef: c.ref,
        after: { candidate: other.ref },
        reason: d.reason,
      });
    }
    db.prepare(
      `INSERT INTO duplicate_reviews (claim_id, candidate_id, state, reviewer, at, reason) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (claim_id, candidate_id) DO UPDATE SET state = excluded.state, reviewer = excluded.reviewer, at = excluded.at, reason = excluded.reason`,
    ).run(c.id, other.id, state, actor, now(), d.reason);
  });
}
