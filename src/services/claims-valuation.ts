/**
 * A claim's value in the case currency (spec §2): the allowed quantity once
 * set, else the asserted one, × the asset's petition-date price, half-even
 * to the currency's minor unit, less any set-off, never below zero. A claim
 * in the case currency is worth its quantity.
 */
import type { Valuation } from '../api/contract/claims.js';
import { claimValue } from '../domain/valuation.js';
import { AppError } from '../errors.js';
import { formatDecimal, parseRatio, type Ratio } from '../money/decimal.js';
import type { Db, RowContext } from './claims-rows.js';

export interface PriceUsed {
  ratio: Ratio;
  text: string;
  date: string;
  caseCurrency: boolean;
}

/** The price a claim in `asset` is valued at: the case's price on the petition date (1 for the case currency). */
export function petitionPrice(db: Db, ctx: RowContext, asset: string): PriceUsed | null {
  if (asset === ctx.currency) return { ratio: { num: 1n, den: 1n }, text: '1', date: ctx.petitionDate, caseCurrency: true };
  const text = db.prepare('SELECT price FROM prices WHERE asset = ? AND date = ?').pluck().get(asset, ctx.petitionDate) as
    string | undefined;
  return text === undefined ? null : { ratio: parseRatio(text), text, date: ctx.petitionDate, caseCurrency: false };
}

export interface ValuedClaim {
  asset: string;
  asserted: bigint;
  allowed: bigint | null;
  /** Case-currency minor units. */
  setoff: bigint;
}

/** The value the rules give now; refuses when the case has no petition-date price for the asset. */
export function valueNow(db: Db, ctx: RowContext, c: ValuedClaim): bigint {
  const price = petitionPrice(db, ctx, c.asset);
  if (!price) {
    throw new AppError(
      'invalid_state',
      `The case has no ${c.asset} price for the petition date ${ctx.petitionDate}, so the claim cannot be valued. Import a price for ${c.asset} on ${ctx.petitionDate} first (recourse import FILE prices.csv --kind prices).`,
    );
  }
  return claimValue(c.allowed ?? c.asserted, ctx.scales.get(c.asset) ?? 0, price.ratio, ctx.currencyScale, c.setoff);
}

/** How the stored value is made up, for the claim's detail. */
export function describeValue(db: Db, ctx: RowContext, c: ValuedClaim, stored: bigint): Valuation {
  const scale = ctx.scales.get(c.asset) ?? 0;
  const qty = c.allowed ?? c.asserted;
  const price = petitionPrice(db, ctx, c.asset);
  const cur = ctx.currencyScale;
  const gross = price ? claimValue(qty, scale, price.ratio, cur) : null;
  const now = gross === null ? null : gross - c.setoff > 0n ? gross - c.setoff : 0n;
  let note: string | null = null;
  if (!price)
    note = `No ${c.asset} price for the petition date ${ctx.petitionDate}: the value shown is the one stored when the claim was loaded.`;
  else if (now !== stored)
    note = `The stored value differs from quantity × the petition-date price today (${formatDecimal(now!, cur)} ${ctx.currency}); a price has changed since the claim was valued.`;
  return {
    quantity: formatDecimal(qty, scale),
    basis: c.allowed === null ? 'asserted' : 'allowed',
    price: price?.text ?? null,
    priceDate: price?.date ?? null,
    caseCurrency: price?.caseCurrency ?? c.asset === ctx.currency,
    gross: gross === null ? null : formatDecimal(gross, cur),
    setoff: c.setoff === 0n ? null : formatDecimal(c.setoff, cur),
    value: formatDecimal(stored, cur),
    currency: ctx.currency,
    note,
  };
}
