/** Claim and creditor vocabularies, and the claim lifecycle (spec §2, issue #3). */

export const CLAIM_STATUSES = [
  'filed',
  'under_review',
  'allowed',
  'disputed',
  'disallowed',
  'withdrawn',
  'superseded',
  'duplicate',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const PENDING_STATUSES: readonly ClaimStatus[] = ['filed', 'under_review', 'disputed'];
export const NIL_STATUSES: readonly ClaimStatus[] = ['disallowed', 'withdrawn', 'superseded', 'duplicate'];

export const CLAIM_SOURCES = ['scheduled', 'filed'] as const;
export type ClaimSource = (typeof CLAIM_SOURCES)[number];

export const CREDITOR_TYPES = ['individual', 'entity', 'insider', 'employee', 'government', 'affiliate'] as const;
export type CreditorType = (typeof CREDITOR_TYPES)[number];

export const KYC_STATES = ['not_started', 'pending', 'verified', 'failed', 'restricted'] as const;
export type KycState = (typeof KYC_STATES)[number];

/** Which status a claim may move to from each status. superseded is set by an amending claim; duplicate by a confirmed match. */
const TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  filed: ['under_review', 'withdrawn', 'superseded', 'duplicate'],
  under_review: ['allowed', 'disputed', 'disallowed', 'withdrawn', 'superseded', 'duplicate'],
  disputed: ['allowed', 'disallowed', 'under_review', 'withdrawn', 'superseded', 'duplicate'],
  allowed: ['disputed', 'under_review', 'withdrawn', 'superseded'],
  disallowed: ['under_review', 'disputed'],
  withdrawn: [],
  superseded: [],
  duplicate: ['under_review'],
};

export function allowedTransitions(from: ClaimStatus): readonly ClaimStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function transitionError(from: ClaimStatus, to: ClaimStatus): string | null {
  if (from === to) return `The claim is already ${label(to)}`;
  if (canTransition(from, to)) return null;
  const options = TRANSITIONS[from];
  return options.length
    ? `A ${label(from)} claim cannot become ${label(to)}; it can become ${options.map(label).join(', ')}`
    : `A ${label(from)} claim is closed and cannot change status`;
}

export function label(s: string): string {
  return s.replace(/_/g, ' ');
}
