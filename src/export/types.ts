/**
 * What the exporters and notice renderers take: explicit inputs, filled by the
 * loaders in ./load*.ts from a case file, or in tests straight from the pure
 * engine. Amounts are bigint minor units with their scale; nothing here holds
 * money in a JavaScript number (the spreadsheet writer converts, exactly or
 * not at all, at the very edge).
 */
import type { ProofStatement } from '../proof/statement.js';

/** An amount and the decimals it is counted in. */
export interface Money {
  minor: bigint;
  scale: number;
}

export interface Letterhead {
  name: string;
  address: string;
  contact: string;
}

export interface CaseInfo {
  name: string;
  currency: string;
  currencyScale: number;
  petitionDate: string;
  letterhead: Letterhead;
  /** The text printed under "Payment method" when a creditor has none of their own. */
  paymentMethod: string;
  /** Days a creditor has to object to a determination (default 30). */
  objectionDays: number;
  /** A fixed objection deadline (YYYY-MM-DD) that overrides the day count, where the court set one. */
  objectionDeadline: string | null;
}

/* ---------- claims register ---------- */

/** A register row. Amounts are minor units as integer text, as the case file stores them (a million rows never pass through BigInt). */
export interface RegisterRow {
  ref: string;
  creditorRef: string;
  creditorName: string;
  source: string;
  asset: string;
  assetScale: number;
  asserted: string;
  allowed: string | null;
  /** Petition-date price used for the value (decimal text), null for the case currency. */
  price: string | null;
  setoff: string | null;
  /** Case-currency minor units. */
  value: string;
  status: string;
  classCode: string | null;
  classStatus: string | null;
  filedOn: string | null;
  securedBy: string | null;
  lien: number | null;
  amends: string | null;
  duplicateOf: string | null;
  updatedAt: string;
}

export interface CreditorRow {
  ref: string;
  name: string;
  type: string;
  address: string | null;
  email: string | null;
  jurisdiction: string | null;
  kyc: string;
  taxForm: boolean;
  claims: number;
  allowedClaims: number;
  pendingClaims: number;
  /** Σ value of the creditor's live claims (case currency). */
  value: bigint;
  /** Σ value of allowed claims. */
  allowedValue: bigint;
  /** Paid by finalized runs, where runs exist. */
  paid: bigint | null;
}

/* ---------- estate ---------- */

export interface EstateAssetRow {
  ref: string;
  kind: string;
  asset: string;
  assetScale: number;
  quantity: bigint;
  location: string | null;
  status: string;
  /** Latest price on or before the report date (decimal text), its date, and the value at it. */
  price: string | null;
  priceDate: string | null;
  value: bigint | null;
  notes: string | null;
  updatedAt: string;
}

export interface PriceRow {
  asset: string;
  date: string;
  price: string;
  source: string | null;
}

export interface EstateReportInput {
  case: CaseInfo;
  asOf: string;
  assets: EstateAssetRow[];
  prices: PriceRow[];
}

/* ---------- audit ---------- */

export interface AuditExportRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityRef: string | null;
  reason: string | null;
  before: string | null;
  after: string | null;
  hash: string;
}

/* ---------- runs ---------- */

export interface RunIdentity {
  id: number | null;
  ref: string;
  date: string;
  state: string;
  final: boolean;
  /** What this run releases (added to D). */
  release: bigint;
  deMinimis: bigint;
  options: Record<string, unknown> | null;
  inputHash: string | null;
  merkleRoot: string | null;
  draftedBy: string | null;
  approvedBy: string | null;
  finalizedBy: string | null;
  createdAt: string | null;
}

/** One portion (claim × class) of a run's result. */
export interface RunPortion {
  classCode: string;
  /** The part of the claim's value in this class, where known (null when the stored result does not say). */
  value: bigint | null;
  entitled: bigint;
  paidBefore: bigint;
  paid: bigint;
  reserved: bigint;
  withheld: bigint;
  inKind: { asset: string; units: bigint; cash: bigint } | null;
}

export interface RunClaim {
  ref: string;
  creditorRef: string;
  status: string;
  portions: RunPortion[];
}

export interface RunTotalsInput {
  cumulative: bigint;
  paidThisRun: bigint;
  paidCumulative: bigint;
  reserved: bigint;
  withheld: bigint;
  residue: bigint;
  undistributed: bigint;
}

/** A run's result as the exporters need it: from the engine directly, or from a stored run. */
export interface RunData {
  identity: RunIdentity;
  currency: string;
  currencyScale: number;
  claims: RunClaim[];
  totals: RunTotalsInput;
}

export interface ClassInfo {
  code: string;
  name: string;
  rank: number;
}

export interface RunScheduleInput {
  case: CaseInfo;
  run: RunData;
  classes: ClassInfo[];
  /** Creditor names by reference (the schedule's name column). */
  creditorNames: Map<string, string>;
}

/* ---------- notices ---------- */

export interface CreditorBlock {
  ref: string;
  name: string;
  address: string | null;
  email: string | null;
}

export interface StatementPortion {
  classCode: string;
  className: string;
  value: bigint | null;
  paidBefore: bigint;
  paidThisRun: bigint;
  reserved: bigint;
  withheld: bigint;
  inKind: { asset: string; assetScale: number; units: bigint; cash: bigint } | null;
}

export interface StatementClaim {
  ref: string;
  status: string;
  portions: StatementPortion[];
}

export interface StatementInput {
  case: CaseInfo;
  run: { ref: string; date: string; final: boolean; state: string };
  creditor: CreditorBlock;
  paymentMethod: string;
  claims: StatementClaim[];
  /** Inclusion proof for the run's published root (null while a run has no root). */
  proof: ProofStatement | null;
}

export type Decision = 'allowed' | 'disallowed' | 'reclassified';

export interface DeterminationInput {
  case: CaseInfo;
  creditor: CreditorBlock;
  claim: {
    ref: string;
    asset: string;
    assetScale: number;
    asserted: bigint;
    allowed: bigint | null;
    /** Value in the case currency. */
    value: bigint;
    status: string;
    classCode: string | null;
    className: string | null;
    previousClass: string | null;
  };
  decision: Decision;
  reason: string;
  decidedOn: string;
  decidedBy: string;
  /** The notice's date (an input, never the clock, so the same notice gives the same bytes). */
  issuedOn: string;
  objectionDeadline: string;
}

export type NoticeInput = { kind: 'distribution'; input: StatementInput } | { kind: 'determination'; input: DeterminationInput };
