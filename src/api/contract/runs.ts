import { z } from 'zod';
import { rpc, empty, text, reason, isoDate, decimalText, ref, filePath } from './rpc.js';
import type { JobStatus } from '../../jobs/types.js';

/**
 * Distribution runs and loss allocations (issue #6). Every amount is decimal
 * text in the case currency unless the row names another asset.
 */

export const DISPUTED_AS_CHOICES = ['reserve', '0', '50', '100'] as const;
export type RunKindValue = 'distribution' | 'loss';
export type RunStateValue = 'draft' | 'approved' | 'finalized' | 'discarded';

export interface RunListRow {
  id: number;
  ref: string;
  kind: RunKindValue;
  date: string;
  state: RunStateValue;
  final: boolean;
  whatIf: boolean;
  currency: string;
  release: string;
  cumulative: string;
  paidThisRun: string | null;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  finalizedBy: string | null;
  finalizedAt: string | null;
  discardedBy: string | null;
}

export interface RunPool {
  currency: string;
  scale: number;
  /** Whether the estate's cash is tracked (the estate ledger exists). */
  cashTracked: boolean;
  /** Available cash in the case currency (cash − holdbacks), where tracked. */
  available: string | null;
  /** What a new run can still release: available cash less what earlier releases and the collateral still owe. */
  releasable: string | null;
  /** D so far: the total released by finalized runs. */
  released: string;
  paidCumulative: string;
  lastFinalized: string | null;
  /** Live claims whose class is not approved (left out of a run unless included). */
  unapprovedClaims: number;
  unapprovedValue: string;
  drafts: number;
}

export interface RunClassRow {
  code: string;
  name: string;
  rank: number;
  demand: string;
  principal: string;
  interest: string;
  allocated: string;
  recovery: string;
}

export interface RunTotalsView {
  cumulative: string;
  paidThisRun: string;
  paidCumulative: string;
  reserved: string;
  withheld: string;
  residue: string;
  undistributed: string;
  receivables: string;
  forfeited: string;
}

export interface RunUnapprovedRow {
  ref: string;
  classCode: string | null;
  status: string;
  value: string;
  state: 'excluded' | 'no_class' | 'included';
}

export interface LossContributorRow {
  ref: string;
  capacity: string;
  amount: string;
  haircut: string;
}

export interface LossLayerRow {
  layer: number;
  name: string;
  capacity: string;
  covered: string;
  contributors: LossContributorRow[];
}

export interface LossView {
  currency: string;
  template: string | null;
  shortfall: string;
  covered: string;
  uncovered: string;
  layers: LossLayerRow[];
  /** The saved run, when saved. */
  run: string | null;
}

export interface RunView {
  id: number;
  ref: string;
  kind: RunKindValue;
  date: string;
  state: RunStateValue;
  final: boolean;
  whatIf: boolean;
  currency: string;
  release: string;
  cumulative: string;
  deMinimis: string;
  options: {
    withholdUnverified: boolean;
    includeUnapproved: boolean;
    disputedAs: (typeof DISPUTED_AS_CHOICES)[number];
    basis: string | null;
    note: string | null;
  };
  inputHash: string | null;
  merkleRoot: string | null;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  finalizedBy: string | null;
  finalizedAt: string | null;
  discardedBy: string | null;
  discardedAt: string | null;
  discardReason: string | null;
  classes: RunClassRow[];
  totals: RunTotalsView | null;
  /** Paid by the run per currency (the case currency; units of in-kind assets). */
  ledger: Array<{ currency: string; amount: string }>;
  claims: number;
  portions: number;
  unapproved: { count: number; value: string; excluded: number; included: number; noClass: number; sample: RunUnapprovedRow[] };
  warnings: string[];
  releasable: string | null;
  /** Why a draft or approved run can no longer go on as computed (null when current). */
  stale: string | null;
  loss: LossView | null;
}

export interface RunLineRow {
  claim: string;
  creditor: string;
  classCode: string;
  status: string | null;
  secured: boolean;
  value: string | null;
  entitled: string;
  paidBefore: string;
  paid: string;
  reserved: string;
  withheld: string;
  forfeited: string;
  receivable: string;
  inKind: { asset: string; units: string; cash: string } | null;
  /** Entitlement in the run this one builds on (null: the portion was not in it, or there is none). */
  previous: string | null;
  /** entitled − previous (null when there is no previous run). */
  change: string | null;
}

export interface RunLinesPage {
  rows: RunLineRow[];
  next: { claim: string; classCode: string } | null;
  /** Matching lines (first page only). */
  total: number | null;
  basis: string | null;
}

export interface RunChanges {
  basis: string | null;
  increased: number;
  decreased: number;
  unchanged: number;
  added: number;
  /** Σ (entitled − previous) over the run's lines. */
  net: string;
}

export interface RunCompareClass {
  code: string;
  name: string;
  rank: number;
  a: { demand: string; allocated: string; recovery: string } | null;
  b: { demand: string; allocated: string; recovery: string } | null;
  /** allocated b − a */
  diff: string;
}

export interface RunCompareRow {
  claim: string;
  classCode: string;
  a: { entitled: string; paid: string; reserved: string; withheld: string } | null;
  b: { entitled: string; paid: string; reserved: string; withheld: string } | null;
  /** (paid + reserved + withheld) b − a: what the claim is owed this run, difference */
  diff: string;
}

export interface RunCompare {
  currency: string;
  a: RunListRow & { disputedAs: string };
  b: RunListRow & { disputedAs: string };
  classes: RunCompareClass[];
  totals: Array<{ key: keyof RunTotalsView; a: string; b: string; diff: string }>;
  rows: RunCompareRow[];
  next: { claim: string; classCode: string } | null;
  /** Lines in b only (first page only; up to 100). */
  onlyInB: RunCompareRow[];
}

export interface RunVerifyView {
  run: string;
  ok: boolean;
  storedHash: string | null;
  computedHash: string | null;
  hashOk: boolean;
  linesChecked: number;
  mismatchCount: number;
  mismatches: Array<{ claim: string | null; class: string | null; field: string; stored: string | null; computed: string | null }>;
  message: string;
}

export interface LossTemplate {
  name: string;
  title: string;
  description: string;
  csv: string;
}

const runKey = z.string().trim().min(1).max(40);
const cursor = z.object({ claim: ref, classCode: text(40) }).strict();

export const runsContract = {
  'runs.list': rpc(z.object({ kind: z.enum(['distribution', 'loss']).optional() }).strict()).returns<RunListRow[]>(),
  'runs.pool': rpc(empty).returns<RunPool>(),
  'runs.draft': rpc(
    z
      .object({
        date: isoDate.optional(),
        release: decimalText.optional(),
        all: z.boolean().optional(),
        final: z.boolean().optional(),
        deMinimis: decimalText.optional(),
        withholdUnverified: z.boolean().optional(),
        includeUnapproved: z.boolean().optional(),
        disputedAs: z.enum(DISPUTED_AS_CHOICES).optional(),
        note: text(2000).optional(),
      })
      .strict(),
  ).returns<JobStatus>(),
  'runs.show': rpc(z.object({ run: runKey }).strict()).returns<RunView>(),
  'runs.lines': rpc(
    z
      .object({
        run: runKey,
        after: cursor.optional(),
        limit: z.number().int().min(1).max(500).default(50),
        classCode: text(40).optional(),
        search: text(120).optional(),
        changedOnly: z.boolean().optional(),
      })
      .strict(),
  ).returns<RunLinesPage>(),
  'runs.changes': rpc(z.object({ run: runKey }).strict()).returns<RunChanges>(),
  'runs.approve': rpc(z.object({ run: runKey, note: text(2000).optional() }).strict()).returns<RunView>(),
  'runs.finalize': rpc(z.object({ run: runKey, note: text(2000).optional() }).strict()).returns<JobStatus>(),
  'runs.discard': rpc(z.object({ run: runKey, reason }).strict()).returns<RunView>(),
  'runs.verify': rpc(z.object({ run: runKey }).strict()).returns<RunVerifyView>(),
  'runs.compare': rpc(
    z
      .object({
        a: runKey,
        b: runKey,
        after: cursor.optional(),
        limit: z.number().int().min(1).max(500).default(50),
        changedOnly: z.boolean().optional(),
      })
      .strict(),
  ).returns<RunCompare>(),
  'runs.json': rpc(
    z.object({ run: runKey, after: ref.optional(), limit: z.number().int().min(1).max(20_000).default(5000) }).strict(),
  ).returns<{ text: string; next: string | null }>(),
  'losses.templates': rpc(empty).returns<LossTemplate[]>(),
  'losses.allocate': rpc(
    z
      .object({
        csv: z.string().max(1_000_000).optional(),
        path: filePath.optional(),
        template: text(60).optional(),
        shortfall: decimalText,
        save: z.boolean().optional(),
        date: isoDate.optional(),
        note: text(2000).optional(),
      })
      .strict(),
  ).returns<LossView>(),
};
