/**
 * Claim value (spec §2) and the small exact helpers the engine shares:
 * day counts, interest, percentages.
 */
import { divFloor, divHalfEven, formatDecimal, pow10, type Ratio } from '../money/index.js';
import { claimValue } from '../domain/valuation.js';
import { EngineError } from './types.js';

export interface ValueInput {
  /** The asserted (filed or scheduled) quantity, in the asset's minor units. */
  quantity: bigint;
  /** Once set, the value uses this quantity instead (spec §2). */
  allowedQuantity?: bigint | null;
  /** Decimal places of the claim's asset. */
  assetScale: number;
  /** Decimal places of the case currency. */
  currencyScale: number;
  /**
   * Petition-date price: case currency per whole unit of the asset. Omit (or
   * null) for a claim in the case currency, which is worth its quantity.
   */
  price?: Ratio | null;
  /** An amount the creditor owes the estate, in case-currency minor units. */
  setOff?: bigint | null;
}

/**
 * A claim's value in case-currency minor units: quantity (the allowed one
 * where set) × petition-date price, rounded half-even to the minor unit, less
 * any set-off, never below zero.
 */
export function valueOf(input: ValueInput): bigint {
  const quantity = input.allowedQuantity ?? input.quantity;
  const setOff = input.setOff ?? 0n;
  if (quantity < 0n) throw new EngineError('A claim quantity cannot be negative');
  if (setOff < 0n) throw new EngineError('A set-off cannot be negative');
  if (input.price == null) {
    if (input.assetScale !== input.currencyScale) {
      throw new EngineError('A claim without a price must be in the case currency (same scale)');
    }
    return quantity > setOff ? quantity - setOff : 0n;
  }
  if (input.price.den <= 0n || input.price.num < 0n) throw new EngineError('A price must be a non-negative ratio');
  return claimValue(quantity, input.assetScale, input.price, input.currencyScale, setOff);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date (a count of days, not an amount). */
export function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new EngineError(`"${iso}" is not a date (YYYY-MM-DD)`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new EngineError(`"${iso}" is not a calendar date`);
  }
  return Math.round(t / 86_400_000);
}

/** Actual days from `from` to `to` (0 when `to` is not later). */
export function actualDays(from: string, to: string): bigint {
  const days = dayNumber(to) - dayNumber(from);
  return days > 0 ? BigInt(days) : 0n;
}

/** Simple actual/365 interest: value × rate × days ÷ 365, rounded half-even (spec §3.3). */
export function simpleInterest(value: bigint, rate: Ratio, days: bigint): bigint {
  if (value === 0n || days === 0n || rate.num === 0n) return 0n;
  return divHalfEven(value * rate.num * days, rate.den * 365n);
}

/** num ÷ den as a percentage with two decimals, rounded half-even ("40.00%"); "0.00%" when den is 0. */
export function percentString(num: bigint, den: bigint): string {
  if (den === 0n) return '0.00%';
  return formatDecimal(divHalfEven(num * 10_000n, den), 2) + '%';
}

/** num ÷ den as an exact ratio (0/1 when den is 0). */
export function ratioOf(num: bigint, den: bigint): Ratio {
  return den === 0n ? { num: 0n, den: 1n } : { num, den };
}

/**
 * An in-kind payment (spec §6): floor(payment ÷ price) in the asset's minor
 * units, and the remainder in the case currency, rounded down (floor) so that
 * units and cash together are never worth more than the payment.
 */
export function inKindSplit(payment: bigint, price: Ratio, assetScale: number, currencyScale: number): { units: bigint; cash: bigint } {
  if (price.num <= 0n || price.den <= 0n) throw new EngineError('An in-kind price must be positive');
  // payment (case minor) → asset minor: payment × den × 10^assetScale ÷ (num × 10^currencyScale).
  const perUnitDen = price.den * pow10(assetScale);
  const perUnitNum = price.num * pow10(currencyScale);
  const units = divFloor(payment * perUnitDen, perUnitNum);
  // What the units are worth, exactly, over perUnitDen; the cash is the rest, floored.
  const cash = divFloor(payment * perUnitDen - units * perUnitNum, perUnitDen);
  return { units, cash };
}
