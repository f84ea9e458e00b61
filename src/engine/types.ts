/**
 * Types of the distribution engine (spec §2–§7). Every amount is a bigint of
 * minor units of the case currency unless a field says otherwise; prices and
 * rates are exact ratios. Nothing here ever holds money in a JavaScript number.
 */
import type { Ratio } from '../money/index.js';
import type { ClaimStatus } from '../domain/claims.js';

export type { Ratio, ClaimStatus };

/** How a class's claims demand in the waterfall (spec §3.2, §3.3). */
export type Treatment = 'pro_rata' | 'fixed_pct' | 'residual';

export interface ClassDef {
  code: string;
  /** 1 is paid first; classes sharing a rank are paid pari passu as one group. */
  rank: number;
  treatment: Treatment;
  /** fixed_pct: the share of value demanded (e.g. 1/2), rounded half-even. */
  pct?: Ratio | null;
  /** Per-claim cap on the demand (pro_rata and fixed_pct). */
  cap?: bigint | null;
  /** A secured class: claims naming collateral are paid from its proceeds first (spec §3.1). */
  secured?: boolean;
  /** Where a secured claim's deficiency goes; the run's default unsecured class when unset. */
  deficiencyClass?: string | null;
  /** Split claims (spec §5): the part of a claim's value up to this amount stays here, the rest goes to overflowClass. */
  portionCap?: bigint | null;
  overflowClass?: string | null;
  /** Takes part in the post-petition interest step (spec §3.3). */
  interestBearing?: boolean;
  /** Paid in kind in this asset (spec §6); needs a run-date price in RunInput.inKindPrices. */
  inKindAsset?: string | null;
}

export interface ClaimInput {
  ref: string;
  creditorRef: string;
  classCode: string;
  status: ClaimStatus;
  /** Value in the case currency (see valueOf): allowed quantity where one is set, less set-off. */
  value: bigint;
  /** Pending claims are reserved at this amount instead of their value, where set. */
  reserveEstimate?: bigint | null;
  /** The collateral (asset record) a claim of a secured class is secured by. */
  securedBy?: string | null;
  /** Lien order on that collateral: 1 is paid first. Default 1. */
  lien?: number | null;
  /** Whether the creditor's KYC is verified (only matters with withholdUnverifiedKyc). Default true. */
  kycVerified?: boolean;
  /** P per portion: what finalized earlier runs paid this claim, by class (adds to RunInput.paidBefore). */
  paidBefore?: readonly PortionAmount[] | null;
}

/** An amount paid to one portion (class) of a claim. */
export interface PortionAmount {
  classCode: string;
  amount: bigint;
}

export interface CollateralInput {
  ref: string;
  /** Realised proceeds to date, in case-currency minor units. */
  proceeds: bigint;
}

/** What finalized earlier runs paid one portion (claim × class) of a claim. */
export interface PaidBeforeInput extends PortionAmount {
  claimRef: string;
}

/** Run-date price of an in-kind asset: case currency per whole unit, and the asset's scale. */
export interface InKindPrice {
  price: Ratio;
  scale: number;
}

export interface RunInput {
  /** Decimal places of the case currency (2 for USD). */
  currencyScale: number;
  classes: readonly ClassDef[];
  claims: readonly ClaimInput[];
  collateral?: readonly CollateralInput[];
  /** D: the total released to date over all runs, this run included. */
  cumulativeReleased: bigint;
  /** P as rows; the same can be given per claim (ClaimInput.paidBefore), which is faster for large runs. */
  paidBefore?: readonly PaidBeforeInput[];
  /** ISO dates, YYYY-MM-DD. */
  runDate: string;
  petitionDate: string;
  /** Annual simple post-petition interest rate (0.05 = 5%), or null for none. */
  interestRate?: Ratio | null;
  final: boolean;
  /** De minimis threshold M (0 by default). */
  deMinimis?: bigint;
  /** Withhold (rather than pay) the due of a claim whose creditor's KYC is not verified. */
  withholdUnverifiedKyc?: boolean;
  /** Run-date prices of the assets that classes are paid in kind in. */
  inKindPrices?: Readonly<Record<string, InKindPrice>>;
  /** The deficiency class of secured classes that name none. Default 'GUC'. */
  defaultDeficiencyClass?: string;
}

/** An in-kind payment (spec §6): `units` minor units of `asset`, plus `cash` in the case currency. */
export interface InKindPayment {
  asset: string;
  units: bigint;
  cash: bigint;
}

/** Why a portion left the computation. */
export type Exclusion = 'overpaid' | 'forfeited' | null;

export interface PortionResult {
  classCode: string;
  /** The portion is a claim on collateral (its entitlement comes from the proceeds). */
  secured: boolean;
  /** The part of the claim's value in this class (secured: the secured part). */
  value: bigint;
  /** Demand in the waterfall (secured: the lien demand; residual: the value). */
  demand: bigint;
  /** E: entitlement at this run's pool, post-petition interest included. */
  entitled: bigint;
  /** The post-petition interest part of `entitled`. */
  interest: bigint;
  /** P: paid by finalized earlier runs. */
  paidBefore: bigint;
  paid: bigint;
  reserved: bigint;
  withheld: bigint;
  /** Final run: a due below the de minimis threshold, given up. */
  forfeited: bigint;
  /** Overpaid: P − E, owed back to the estate. */
  receivable: bigint;
  inKind: InKindPayment | null;
  excluded: Exclusion;
}

export interface ClaimResult {
  ref: string;
  creditorRef: string;
  status: ClaimStatus;
  portions: PortionResult[];
  entitled: bigint;
  paidBefore: bigint;
  paid: bigint;
  reserved: bigint;
  withheld: bigint;
  forfeited: bigint;
  receivable: bigint;
}

export interface ClassSummary {
  code: string;
  rank: number;
  /** Σ demand of the class's portions still in the computation. */
  demand: bigint;
  /** Σ entitlement from the lien, rank or residual step. */
  principal: bigint;
  /** Σ post-petition interest entitlement. */
  interest: bigint;
  /** principal + interest. */
  allocated: bigint;
  /** allocated ÷ demand, exact (0/1 when there is no demand). */
  recovery: Ratio;
  /** recovery as a percentage with two decimals, rounded half-even. */
  recoveryPercent: string;
}

export interface RunTotals {
  /** The cumulative pool: D plus all collateral proceeds. */
  cumulative: bigint;
  paidThisRun: bigint;
  /** Paid in all runs: every paid-before amount plus this run's payments. */
  paidCumulative: bigint;
  reserved: bigint;
  withheld: bigint;
  /** Floor-rounding residue kept by an interim run (0 in a final run). */
  residue: bigint;
  undistributed: bigint;
  /** Informational: the part of paidCumulative that exceeds entitlements. */
  receivables: bigint;
  /** Informational: dues given up under the de minimis rule in a final run. */
  forfeited: bigint;
}

export interface RunResult {
  final: boolean;
  currencyScale: number;
  /** Sorted by rank, then code in byte order. */
  classes: ClassSummary[];
  totals: RunTotals;
  /** How many times entitlements were computed (exclusions of overpaid or forfeited portions recompute). */
  iterations: number;
  /** The number of claims. */
  readonly claimCount: number;
  /**
   * Claim i in reference byte order, built on demand (a million claims need not all live at once).
   * Built from the input's claim objects: do not change them while the result is in use.
   */
  claimAt(i: number): ClaimResult;
  /** Every claim, sorted by reference in ascending byte order; built on first access. */
  readonly claims: readonly ClaimResult[];
}

/** An input the engine cannot compute with: unknown class, negative amount, cycle, missing price. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
