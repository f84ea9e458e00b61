/**
 * The shape of one API call: a strict zod schema for its arguments and a
 * phantom type for its result. Each area's contract is a map of these; the
 * union of the maps is the whole API (see ./index.ts).
 */
import { z } from 'zod';
import type { ApiErrorBody } from '../../errors.js';

export interface Rpc<A extends z.ZodType, R> {
  args: A;
  /** Phantom: never read at run time, carries the result type. */
  readonly result?: R;
}

export function rpc<A extends z.ZodType>(args: A) {
  return { returns: <R>(): Rpc<A, R> => ({ args }) };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/* ---- shared field schemas: strict, bounded, money only as decimal text ---- */

export const text = (max = 500) => z.string().max(max);
export const name = z.string().trim().min(1, 'is required').max(200);
export const reason = z.string().trim().min(3, 'needs a reason of a few words').max(2000);
export const filePath = z.string().min(1).max(4096);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((s) => {
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'is not a real date');
/** A decimal amount as text ("1234.56"); its scale is checked against the asset where it is used. */
export const decimalText = z.string().max(64).regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number written with a point, like 1234.56');
export const assetCode = z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,15}$/, 'must be an asset code such as USD or BTC');
export const ref = z.string().trim().min(1).max(120);
export const limit = z.number().int().min(1).max(1000);
export const empty = z.object({}).strict();
/** A case passphrase (encryption at rest); its minimum length is checked where a new one is set. */
export const passphrase = z.string().min(1).max(1024);
