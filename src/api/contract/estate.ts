import { z } from 'zod';
import { rpc, empty, text, reason, isoDate, assetCode, decimalText, ref, filePath } from './rpc.js';
import type { JobStatus } from '../../jobs/types.js';
import { ESTATE_KINDS, ESTATE_STATUSES, EXPENSE_CATEGORIES, type EstateStatus } from '../../domain/estate.js';

export { ESTATE_KINDS, ESTATE_STATUSES, EXPENSE_CATEGORIES };
export type EstateStatusValue = EstateStatus;

/** Amounts are decimal text in their asset or currency; values are in the case currency. */
export interface EstateAssetRow {
  ref: string;
  kind: string;
  asset: string;
  scale: number;
  held: string;
  registered: string;
  status: EstateStatusValue;
  location: string | null;
  custodian: string | null;
  chain: string | null;
  address: string | null;
  notes: string | null;
  /** Held × latest mark, in the case currency; null without a mark. */
  bookValue: string | null;
  mark: EstateMark | null;
  segregatedHeld: string;
  securedClaims: number;
  documentCount: number;
  updatedAt: string;
}

export interface EstateMark {
  id: number | null;
  date: string;
  price: string;
  /** manual / price_table: the asset's own marks; price_list: the case's price table; par: the case currency. */
  origin: 'manual' | 'price_table' | 'price_list' | 'par';
  source: string;
}

export interface EstateLedgerRow {
  ref: string;
  asset: string;
  scale: number;
  registered: string;
  held: string;
  realized: string;
  returned: string;
  writtenOff: string;
  segregatedHeld: string;
  balanced: boolean;
}

export interface EstateRealizationRow {
  id: number;
  date: string;
  quantity: string;
  currency: string;
  scale: number;
  proceeds: string;
  costs: string;
  net: string;
  notes: string | null;
  createdBy: string;
  createdAt: string;
  voided: { at: string; by: string; reason: string } | null;
  petitionValue: string | null;
  netInCase: string | null;
  gainLoss: string | null;
}

export interface EstateAssetDetail extends EstateAssetRow {
  caseCurrency: string;
  caseScale: number;
  petitionDate: string;
  petitionMark: EstateMark | null;
  /** Registered units at the petition-date mark. */
  petitionValue: string | null;
  ledger: EstateLedgerRow;
  marks: Array<EstateMark & { value: string }>;
  realizations: EstateRealizationRow[];
  secured: Array<{ claimRef: string; creditorRef: string; creditorName: string; lien: number; status: string; asset: string; asserted: string; allowed: string | null; value: string }>;
  segregated: Array<{ id: number; creditorRef: string; creditorName: string; quantity: string; status: 'held' | 'returned'; notes: string | null; returnedOn: string | null; returnReference: string | null }>;
  documents: Array<{ id: number; name: string; size: number; sha256: string; addedAt: string; addedBy: string }>;
  history: Array<{ id: number; at: string; actor: string; action: string; before: string | null; after: string | null; reason: string | null }>;
  /** Statuses the asset may move to now. */
  nextStatuses: EstateStatusValue[];
}

export interface EstateCashRow {
  currency: string;
  scale: number;
  proceeds: string;
  costs: string;
  expenses: string;
  distributed: string;
  cash: string;
  holdbacks: string;
  available: string;
}

export interface EstateSummary {
  currency: string;
  scale: number;
  petitionDate: string;
  cash: EstateCashRow[];
  /** False until distribution runs record payments (the runs area's ledger). */
  distributionsTracked: boolean;
  book: {
    total: string;
    unvalued: number;
    byStatus: Array<{ status: EstateStatusValue; count: number; value: string }>;
    byAsset: Array<{ asset: string; scale: number; count: number; held: string; value: string }>;
  };
  ledger: { assets: number; balanced: boolean; problems: string[] };
  /** Σ gain or loss of realizations against the petition-date marks, in the case currency. */
  gainLoss: string;
  assets: number;
  /** The case's asset codes, for choosing an asset or a currency. */
  codes: Array<{ code: string; scale: number }>;
}

export interface EstateExpenseRow {
  id: number;
  date: string;
  category: string;
  currency: string;
  scale: number;
  amount: string;
  payee: string;
  memo: string | null;
  assetRef: string | null;
  createdBy: string;
  voided: { at: string; by: string; reason: string } | null;
}

export interface EstateHoldbackRow {
  id: number;
  currency: string;
  scale: number;
  amount: string;
  reason: string;
  status: 'active' | 'released';
  createdAt: string;
  createdBy: string;
  released: { at: string; by: string; reason: string } | null;
}

const optText = (max = 500) => text(max).optional();
const id = z.number().int().positive();

export const estateContract = {
  'estate.summary': rpc(empty).returns<EstateSummary>(),
  'estate.ledger': rpc(empty).returns<EstateLedgerRow[]>(),
  'estate.assets': rpc(
    z
      .object({ status: z.enum(ESTATE_STATUSES).optional(), kind: z.enum(ESTATE_KINDS).optional(), search: text(200).optional() })
      .strict(),
  ).returns<EstateAssetRow[]>(),
  'estate.asset': rpc(z.object({ ref }).strict()).returns<EstateAssetDetail>(),
  'estate.asset.add': rpc(
    z
      .object({
        ref,
        kind: z.enum(ESTATE_KINDS),
        asset: assetCode,
        quantity: decimalText,
        status: z.enum(['identified', 'frozen', 'under_control', 'realizing']).optional(),
        location: optText(),
        custodian: optText(200),
        chain: optText(100),
        address: optText(300),
        notes: optText(2000),
      })
      .strict(),
  ).returns<EstateAssetDetail>(),
  'estate.asset.update': rpc(
    z
      .object({
        ref,
        kind: z.enum(ESTATE_KINDS).optional(),
        location: optText(),
        custodian: optText(200),
        chain: optText(100),
        address: optText(300),
        notes: optText(2000),
        quantity: decimalText.optional(),
        reason: reason.optional(),
      })
      .strict(),
  ).returns<EstateAssetDetail>(),
  'estate.asset.status': rpc(z.object({ ref, status: z.enum(ESTATE_STATUSES), reason }).strict()).returns<EstateAssetDetail>(),
  'estate.asset.writeOff': rpc(z.object({ ref, quantity: decimalText.optional(), reason }).strict()).returns<EstateAssetDetail>(),
  'estate.asset.realize': rpc(
    z
      .object({ ref, quantity: decimalText, proceeds: decimalText, currency: assetCode.optional(), costs: decimalText.optional(), date: isoDate.optional(), notes: optText(2000) })
      .strict(),
  ).returns<EstateAssetDetail>(),
  'estate.realization.void': rpc(z.object({ id, reason }).strict()).returns<EstateAssetDetail>(),
  'estate.valuation.add': rpc(
    z.object({ ref, date: isoDate, price: decimalText.optional(), source: optText(300), fromPriceTable: z.boolean().optional() }).strict(),
  ).returns<EstateAssetDetail>(),
  'estate.valuation.remove': rpc(z.object({ id, reason }).strict()).returns<null>(),
  'estate.secured.set': rpc(z.object({ ref, claimRef: ref, lien: z.number().int().min(1).max(99), reason }).strict()).returns<EstateAssetDetail>(),
  'estate.secured.remove': rpc(z.object({ claimRef: ref, reason }).strict()).returns<null>(),
  'estate.segregated.add': rpc(z.object({ ref, creditorRef: ref, quantity: decimalText, notes: optText(2000), reason }).strict()).returns<EstateAssetDetail>(),
  'estate.segregated.return': rpc(z.object({ id, date: isoDate, reference: optText(200), reason }).strict()).returns<null>(),
  'estate.document.add': rpc(z.object({ ref, name: text(255), contentBase64: z.string().max(3_400_000) }).strict()).returns<EstateAssetDetail>(),
  'estate.document.get': rpc(z.object({ id }).strict()).returns<{ id: number; name: string; size: number; sha256: string; contentBase64: string }>(),
  'estate.expenses': rpc(empty).returns<EstateExpenseRow[]>(),
  'estate.expense.add': rpc(
    z
      .object({
        date: isoDate,
        category: z.enum(EXPENSE_CATEGORIES),
        currency: assetCode,
        amount: decimalText,
        payee: z.string().trim().min(1, 'is required').max(200),
        memo: optText(2000),
        assetRef: ref.optional(),
      })
      .strict(),
  ).returns<{ id: number }>(),
  'estate.expense.void': rpc(z.object({ id, reason }).strict()).returns<null>(),
  'estate.holdbacks': rpc(empty).returns<EstateHoldbackRow[]>(),
  'estate.holdback.add': rpc(z.object({ currency: assetCode, amount: decimalText, reason }).strict()).returns<{ id: number }>(),
  'estate.holdback.release': rpc(z.object({ id, reason }).strict()).returns<null>(),
  /** Import an assets CSV as a job (whole file or nothing). */
  'estate.import': rpc(z.object({ path: filePath }).strict()).returns<JobStatus>(),
};
