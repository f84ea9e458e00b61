/** The estate's vocabulary: asset kinds, the status lifecycle, expense categories (issue #4). */

export const ESTATE_KINDS = ['wallet', 'exchange_account', 'bank_account', 'receivable', 'litigation_claim', 'other'] as const;
export type EstateKind = (typeof ESTATE_KINDS)[number];

/** The lifecycle in order; written_off is the exit from any open state. */
export const ESTATE_STATUSES = ['identified', 'frozen', 'under_control', 'realizing', 'realized', 'written_off'] as const;
export type EstateStatus = (typeof ESTATE_STATUSES)[number];

export const OPEN_STATUSES: readonly EstateStatus[] = ['identified', 'frozen', 'under_control', 'realizing'];
/** A sale or conversion needs the estate to control the asset. */
export const REALIZABLE_STATUSES: readonly EstateStatus[] = ['under_control', 'realizing'];

export const EXPENSE_CATEGORIES = ['professional_fees', 'custody', 'legal', 'other'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

export const label = (s: string): string => s.replace(/_/g, ' ');

/**
 * Whether an asset may move from one status to another, and why not.
 * Open states move freely among themselves (a freeze can be lifted, control
 * can be lost), each move audited with its reason. `realized` needs nothing
 * left held; `written_off` is a write-off of what is held (see writeOff).
 * Realized and written-off assets are closed: voiding a realization reopens one.
 */
export function statusChangeError(from: EstateStatus, to: EstateStatus, held: bigint): string | null {
  if (from === to) return `The asset is already ${label(to)}`;
  if (from === 'realized') return 'The asset is realized; void one of its realizations to reopen it';
  if (from === 'written_off') return 'The asset is written off and closed';
  if (to === 'realized' && held > 0n) return 'The asset still holds units; record a realization (or a write-off) for them first';
  return null;
}
