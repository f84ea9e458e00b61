import { z } from 'zod';
import { rpc, empty, reason, ref, assetCode, decimalText, filePath, text } from './rpc.js';
import { CLAIM_STATUSES, CREDITOR_TYPES, KYC_STATES, type ClaimStatus, type CreditorType, type KycState } from '../../domain/claims.js';

export const CLAIM_SORTS = ['ref', 'value', 'filed', 'creditor'] as const;
export type ClaimSort = (typeof CLAIM_SORTS)[number];

const status = z.enum(CLAIM_STATUSES);
const classCode = z.string().trim().min(1).max(40);

/** What the register shows: every filter is optional; `class: ''` means "no class yet". */
export const claimFilter = z
  .object({
    status: status.optional(),
    asset: assetCode.optional(),
    class: z.union([classCode, z.literal('')]).optional(),
    creditorType: z.enum(CREDITOR_TYPES).optional(),
    kyc: z.enum(KYC_STATES).optional(),
    /** A claim reference prefix, a creditor reference prefix, or words of the creditor's name. */
    search: text(120).optional(),
  })
  .strict();
export type ClaimFilter = z.output<typeof claimFilter>;

/** Keyset position: the sort key of the last row seen, then ids (see services/claims-query.ts). */
export const cursor = z
  .array(z.union([z.string().max(300), z.number().int(), z.null()]))
  .min(1)
  .max(3);

/** Scheduled against filed (issue #3 point 5): a filed claim against the scheduled amount of the same creditor and asset. */
export type MatchState = 'agreed' | 'higher' | 'lower' | 'not_scheduled';
export interface ScheduledMatch {
  state: MatchState;
  /** Scheduled quantity (sum of the creditor's live scheduled claims in the asset); null when none. */
  scheduled: string | null;
  /** Filed minus scheduled, signed, in the asset. */
  difference: string | null;
  scheduledRefs: string[];
}

export interface ClaimRow {
  id: number;
  ref: string;
  creditorRef: string;
  creditorName: string;
  creditorType: CreditorType;
  kyc: KycState;
  source: 'scheduled' | 'filed';
  asset: string;
  scale: number;
  asserted: string;
  allowed: string | null;
  /** Value in the case currency (spec §2). */
  value: string;
  status: ClaimStatus;
  classCode: string | null;
  filedOn: string | null;
  late: boolean;
  /** Only for filed claims. */
  match: ScheduledMatch | null;
}

export interface ClaimPage {
  rows: ClaimRow[];
  /** Pass as `after` for the next page; null at the end. */
  next: Array<string | number | null> | null;
  currency: string;
}

export interface ClaimCount {
  count: number;
  /** Sum of the claims' values in the case currency; null for a search too wide to sum quickly. */
  value: string | null;
  currency: string;
}

export interface ClaimOptions {
  currency: string;
  barDate: string | null;
  petitionDate: string;
  assets: Array<{ code: string; scale: number }>;
  classes: Array<{ code: string; name: string }>;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  reason: string | null;
}

export interface DocumentInfo {
  id: number;
  name: string;
  sha256: string;
  size: number;
  addedAt: string;
  addedBy: string;
}

export interface DuplicateCandidate {
  ref: string;
  creditorRef: string;
  creditorName: string;
  asset: string;
  asserted: string;
  status: ClaimStatus;
  source: 'scheduled' | 'filed';
  /** Why it is a candidate, in words. */
  why: string;
  review: { state: 'confirmed' | 'dismissed'; reviewer: string; at: string; reason: string | null } | null;
}

export interface Valuation {
  /** The quantity valued: the allowed quantity once set, else the asserted one. */
  quantity: string;
  basis: 'allowed' | 'asserted';
  /** Case currency per whole unit; null when the case has no petition-date price for the asset. */
  price: string | null;
  priceDate: string | null;
  caseCurrency: boolean;
  gross: string | null;
  setoff: string | null;
  value: string;
  currency: string;
  /** Set when the stored value differs from the value the rules give today (a price changed since). */
  note: string | null;
}

export interface ClaimDetail extends ClaimRow {
  creditor: {
    ref: string;
    name: string;
    type: CreditorType;
    kyc: KycState;
    jurisdiction: string | null;
    email: string | null;
    address: string | null;
    taxForm: boolean;
  };
  /** Statuses this claim may move to by hand (superseded comes from an amending claim). */
  next: ClaimStatus[];
  valuation: Valuation;
  securedBy: { ref: string; asset: string; kind: string } | null;
  lien: number | null;
  setoff: string | null;
  reserveEstimate: string | null;
  barDate: string | null;
  amends: string | null;
  amendedBy: string[];
  duplicateOf: string | null;
  classStatus: string | null;
  notes: string | null;
  tags: string | null;
  updatedAt: string;
  /** For a scheduled claim: the filed claims of the same creditor and asset. */
  filedAgainst: string[];
  history: HistoryEntry[];
  documents: DocumentInfo[];
  duplicates: DuplicateCandidate[];
}

export interface BulkResult {
  changed: number;
  status: ClaimStatus;
}

export const claimsContract = {
  'claims.options': rpc(empty).returns<ClaimOptions>(),
  'claims.list': rpc(
    z
      .object({
        filter: claimFilter.default({}),
        sort: z.enum(CLAIM_SORTS).default('ref'),
        dir: z.enum(['asc', 'desc']).default('asc'),
        after: cursor.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ).returns<ClaimPage>(),
  'claims.count': rpc(z.object({ filter: claimFilter.default({}) }).strict()).returns<ClaimCount>(),
  'claims.get': rpc(z.object({ ref }).strict()).returns<ClaimDetail>(),
  'claims.update': rpc(
    z
      .object({
        ref,
        status: status.optional(),
        /** The original, when marking a claim duplicate. */
        duplicateOf: ref.optional(),
        /** New allowed quantity in the asset (decimal text); null clears it. */
        allowed: z.union([decimalText, z.null()]).optional(),
        reason,
      })
      .strict(),
  ).returns<ClaimDetail>(),
  'claims.bulkStatus': rpc(z.object({ refs: z.array(ref).min(1).max(5000), status, reason }).strict()).returns<BulkResult>(),
  'claims.reviewDuplicate': rpc(
    z.object({ ref, candidate: ref, decision: z.enum(['confirm', 'dismiss']), reason }).strict(),
  ).returns<ClaimDetail>(),
  'claims.attach': rpc(z.object({ ref, path: filePath, name: text(200).optional() }).strict()).returns<DocumentInfo>(),
  /** Write a stored document out: to `path`, or into the data folder's exports (browser download). */
  'claims.saveDocument': rpc(z.object({ id: z.number().int().positive(), path: filePath.optional() }).strict()).returns<{
    path: string;
    /** For browser mode: the /download/ path of the file. */
    download: string | null;
    name: string;
    sha256: string;
  }>(),
};
