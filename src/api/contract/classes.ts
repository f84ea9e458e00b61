/**
 * Classification (issue #5): the class ladder and its versions, the rules
 * that propose a class per claim, and the legal review of each proposal.
 * Amounts cross as decimal strings in the case currency.
 */
import { z } from 'zod';
import { rpc, empty, filePath, decimalText, assetCode, ref, reason, limit, text } from './rpc.js';
import { CLAIM_SOURCES, CREDITOR_TYPES } from '../../domain/claims.js';
import type { JobStatus } from '../../jobs/types.js';

export const TREATMENTS = ['pro_rata', 'fixed_pct', 'residual'] as const;
export type Treatment = (typeof TREATMENTS)[number];
export const TEMPLATE_NAMES = ['us-chapter11', 'uk-administration', 'crypto-venue'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const classCode = z.string().trim().min(1, 'is required').max(24);
const optDecimal = decimalText.nullish();

export const classInput = z
  .object({
    code: classCode,
    name: z.string().trim().min(1, 'is required').max(200),
    rank: z.number().int().min(1, 'must be 1 or more').max(1000),
    treatment: z.enum(TREATMENTS).default('pro_rata'),
    pct: optDecimal,
    cap: optDecimal,
    secured: z.boolean().default(false),
    deficiencyClass: classCode.nullish(),
    portionCap: optDecimal,
    overflowClass: classCode.nullish(),
    interestBearing: z.boolean().default(false),
    inKindAsset: assetCode.nullish(),
  })
  .strict();
export type ClassInput = z.input<typeof classInput>;

export const ruleConditions = z
  .object({
    creditorTypes: z.array(z.enum(CREDITOR_TYPES)).max(10).optional(),
    assets: z.array(assetCode).max(100).optional(),
    sources: z.array(z.enum(CLAIM_SOURCES)).max(2).optional(),
    /** Inclusive bounds on the claim's value in the case currency. */
    minValue: decimalText.optional(),
    maxValue: decimalText.optional(),
    jurisdictions: z.array(z.string().trim().min(1).max(60)).max(300).optional(),
    /** Any of these tags, on the claim or its creditor. */
    tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    /** Whether the claim names collateral (secured_by). */
    secured: z.boolean().optional(),
  })
  .strict();
export type RuleConditions = z.infer<typeof ruleConditions>;

export const ruleInput = z
  .object({
    /** Keep a rule's id when editing it; new rules have none. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().max(200).default(''),
    classCode,
    when: ruleConditions.default({}),
  })
  .strict();
export type RuleInput = z.input<typeof ruleInput>;

export interface ClassView {
  code: string;
  name: string;
  rank: number;
  treatment: Treatment;
  /** fixed_pct: share of value demanded, a decimal fraction (0.5). */
  pct: string | null;
  /** Per-claim cap on the demand, in the case currency. */
  cap: string | null;
  secured: boolean;
  deficiencyClass: string | null;
  /** Split claims (spec §5): value up to this amount stays in the class, the rest goes to overflowClass. */
  portionCap: string | null;
  overflowClass: string | null;
  interestBearing: boolean;
  inKindAsset: string | null;
  position: number;
}

export interface RuleView {
  id: number;
  position: number;
  name: string;
  classCode: string;
  when: RuleConditions;
  /** The conditions in words: "creditor type employee · value ≤ 17,150.00". */
  text: string;
}

export interface VersionView {
  id: number;
  at: string;
  author: string;
  summary: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  classes: number;
  rules: number;
  current: boolean;
}

export interface TemplateSource {
  cite: string;
  about: string;
}

export interface TemplateInfo {
  id: TemplateName;
  name: string;
  jurisdiction: string;
  currency: string;
  note: string;
  sources: TemplateSource[];
  classes: Array<{ code: string; name: string; rank: number }>;
}

export interface LadderState {
  currency: string;
  scale: number;
  /** Assets of the case (for rules and in-kind payment). */
  assets: string[];
  classes: ClassView[];
  rules: RuleView[];
  version: VersionView | null;
  /** Claims per class code, to warn before removing a class that holds claims. */
  claimsPerClass: Record<string, number>;
}

export interface SaveResult {
  changed: boolean;
  version: VersionView | null;
  warnings: string[];
}

export interface MoveCount {
  /** null: the claim had no class. */
  from: string | null;
  count: number;
  value: string;
}

export interface RulePreview {
  /** null for a draft rule not saved yet. */
  ruleId: number | null;
  index: number;
  name: string;
  classCode: string;
  /** Claims this rule is the first to match, and their value. */
  matched: number;
  matchedValue: string;
  /** Of those, claims whose class would change. */
  moved: number;
  movedValue: string;
  /** Claims the rule matches but leaves alone: a reviewer's override or a person's proposal stands. */
  kept: number;
  /** Moved claims whose current class had been approved: they go back to review. */
  reopened: number;
  from: MoveCount[];
}

export interface ClassifyResult {
  applied: boolean;
  currency: string;
  /** The ladder version the proposals were recorded under. */
  version: number | null;
  /** Live claims examined (disallowed, withdrawn, superseded and duplicate claims are not classified). */
  claims: number;
  rules: RulePreview[];
  unmatched: number;
  unmatchedValue: string;
  moved: number;
  movedValue: string;
  kept: number;
  reopened: number;
}

export interface ClassificationRecord {
  id: number;
  classCode: string;
  proposedClass: string;
  /** 'import', 'rule:ID' or a person. */
  proposedBy: string;
  /** In words: "rule 3 (Employees)", "import", "dana". */
  proposedByText: string;
  /** The person accountable for the proposal (who ran the rules or the import). */
  proposer: string;
  proposedAt: string;
  state: 'proposed' | 'approved' | 'overridden';
  reviewer: string | null;
  reviewedAt: string | null;
  reason: string | null;
  citation: string | null;
  version: number | null;
  current: boolean;
}

export interface ApproveAllResult {
  approved: number;
  value: string;
  /** Proposals left because the actor made them. */
  skippedOwn: number;
  currency: string;
}

export interface QueueRow {
  ref: string;
  creditor: string;
  creditorType: string;
  status: string;
  asset: string;
  value: string;
  classCode: string;
  className: string;
  proposedBy: string;
  proposedByText: string;
  proposer: string;
  proposedAt: string;
  /** False when the current user proposed it (nobody approves their own proposal). */
  canApprove: boolean;
}

export interface QueuePage {
  currency: string;
  rows: QueueRow[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
  total: number;
  totalValue: string;
  /** Of the total, proposals the current user made (someone else must review them). */
  mine: number;
}

export interface ClassSummaryRow {
  /** null: live claims without a class. */
  code: string | null;
  name: string;
  rank: number | null;
  count: number;
  value: string;
  approvedCount: number;
  approvedValue: string;
  pendingCount: number;
  pendingValue: string;
}

export interface ClassSummary {
  currency: string;
  rows: ClassSummaryRow[];
  total: { count: number; value: string; approvedCount: number; approvedValue: string; pendingCount: number; pendingValue: string };
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface VersionDiff {
  currency: string;
  from: VersionView;
  to: VersionView;
  classes: { added: string[]; removed: string[]; changed: Array<{ code: string; changes: FieldChange[] }> };
  rules: { added: string[]; removed: string[]; changed: string[]; reordered: boolean };
  /** How claims were placed for the comparison (both versions' rules evaluated against the current claims). */
  method: string;
  moved: number;
  movedValue: string;
  moves: Array<{ from: string | null; to: string | null; count: number; value: string }>;
  /** The largest moved claims, by value. */
  claims: Array<{ ref: string; value: string; from: string | null; to: string | null }>;
}

export interface UnapprovedSummary {
  currency: string;
  count: number;
  value: string;
  byClass: Array<{ code: string | null; count: number; value: string }>;
  /** The largest, by value (up to the limit asked). */
  claims: Array<{ ref: string; classCode: string | null; classStatus: string | null; value: string }>;
}

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

const cursor = z.string().regex(/^\d+:\d+$/, 'is not a page cursor');

export const classesContract = {
  'classes.get': rpc(empty).returns<LadderState>(),
  'classes.save': rpc(z.object({ classes: z.array(classInput).max(200), note: text(500).optional() }).strict()).returns<SaveResult>(),
  'classes.templates': rpc(empty).returns<TemplateInfo[]>(),
  'classes.template': rpc(z.object({ name: z.enum(TEMPLATE_NAMES) }).strict()).returns<SaveResult>(),
  'classes.import': rpc(
    z
      .object({ path: filePath.optional(), content: z.string().max(1_000_000).optional(), fileName: text(300).optional() })
      .strict()
      .refine((a) => (a.path === undefined) !== (a.content === undefined), 'give either path or content'),
  ).returns<SaveResult>(),
  'classes.rules.save': rpc(z.object({ rules: z.array(ruleInput).max(200) }).strict()).returns<SaveResult>(),
  'classes.rules.add': rpc(z.object({ rule: ruleInput, position: z.number().int().min(1).optional() }).strict()).returns<SaveResult>(),
  'classes.rules.remove': rpc(z.object({ id: z.number().int().positive() }).strict()).returns<SaveResult>(),
  /** What the rules (saved, or the draft given) would do, without changing anything. */
  'classes.preview': rpc(z.object({ rules: z.array(ruleInput).max(200).optional() }).strict()).returns<ClassifyResult>(),
  /** Preview (apply: false) or apply the saved rules as a job; the job's result is a ClassifyResult. */
  'classes.classify': rpc(z.object({ apply: z.boolean() }).strict()).returns<JobStatus>(),
  'classes.queue': rpc(
    z
      .object({
        limit: limit.default(50),
        after: cursor.optional(),
        classCode: classCode.optional(),
        search: text(120).optional(),
        proposer: z.enum(['all', 'others', 'mine']).default('all'),
      })
      .strict(),
  ).returns<QueuePage>(),
  'classes.approve': rpc(z.object({ ref }).strict()).returns<ClassificationRecord>(),
  'classes.override': rpc(z.object({ ref, classCode, reason, citation: text(500).optional() }).strict()).returns<ClassificationRecord>(),
  'classes.propose': rpc(z.object({ ref, classCode, reason: reason.optional() }).strict()).returns<ClassificationRecord>(),
  /** Approve every proposal made by someone else (optionally of one class), as a job. */
  'classes.approveAll': rpc(z.object({ classCode: classCode.optional() }).strict()).returns<JobStatus>(),
  'classes.history': rpc(z.object({ ref }).strict()).returns<ClassificationRecord[]>(),
  'classes.summary': rpc(empty).returns<ClassSummary>(),
  'classes.unapproved': rpc(z.object({ limit: limit.default(100) }).strict()).returns<UnapprovedSummary>(),
  'classes.versions': rpc(empty).returns<VersionView[]>(),
  'classes.diff': rpc(
    z.object({ from: z.number().int().positive(), to: z.number().int().positive(), limit: limit.default(100) }).strict(),
  ).returns<VersionDiff>(),
  'classes.signoff': rpc(z.object({ version: z.number().int().positive().optional() }).strict()).returns<VersionView>(),
};

/** Parsed forms (defaults applied), as the services receive them. */
export type ClassArgs = z.output<typeof classInput>;
export type RuleArgs = z.output<typeof ruleInput>;
