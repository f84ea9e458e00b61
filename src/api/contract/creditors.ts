import { z } from 'zod';
import { rpc, ref, text } from './rpc.js';
import { CREDITOR_TYPES, KYC_STATES, type CreditorType, type KycState } from '../../domain/claims.js';
import type { ClaimRow } from './claims.js';

export const creditorFilter = z
  .object({
    type: z.enum(CREDITOR_TYPES).optional(),
    kyc: z.enum(KYC_STATES).optional(),
    /** A creditor reference prefix or words of the name. */
    search: text(120).optional(),
  })
  .strict();
export type CreditorFilter = z.output<typeof creditorFilter>;

export interface CreditorRow {
  id: number;
  ref: string;
  name: string;
  type: CreditorType;
  kyc: KycState;
  jurisdiction: string | null;
  taxForm: boolean;
  claims: number;
}

export interface CreditorPage {
  rows: CreditorRow[];
  /** Pass as `after` for the next page: [name, id]; null at the end. */
  next: [string, number] | null;
}

export interface CreditorTotal {
  asset: string;
  scale: number;
  claims: number;
  /** Sum of asserted quantities, all claims. */
  asserted: string;
  /** Sum of allowed quantities of allowed claims. */
  allowed: string;
  /** Value in the case currency of the live claims (not disallowed, withdrawn, superseded or duplicate). */
  value: string;
}

export interface CreditorDetail extends CreditorRow {
  email: string | null;
  address: string | null;
  tags: string | null;
  updatedAt: string;
  currency: string;
  claimRows: ClaimRow[];
  /** True when the creditor has more claims than the detail lists. */
  moreClaims: boolean;
  totals: CreditorTotal[];
  totalValue: string;
}

export const creditorsContract = {
  'creditors.list': rpc(
    z
      .object({
        filter: creditorFilter.default({}),
        after: z.tuple([z.string().max(300), z.number().int()]).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ).returns<CreditorPage>(),
  'creditors.count': rpc(z.object({ filter: creditorFilter.default({}) }).strict()).returns<{ count: number }>(),
  'creditors.get': rpc(z.object({ ref }).strict()).returns<CreditorDetail>(),
};
