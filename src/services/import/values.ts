/**
 * Reading one cell as a field's value. A bad value throws a CellError with a
 * message naming what is wrong and how to write it; the row processor adds
 * the row and column.
 */
import { DecimalError, parseDecimal, parseRatio, type Ratio } from '../../money/index.js';

export class CellError extends Error {}

const bad = (message: string): never => {
  throw new CellError(message);
};

function quoted(t: string): string {
  return t.length > 40 ? `"${t.slice(0, 37)}…"` : `"${t}"`;
}

/** Significant digits in plain decimal text. */
function significant(t: string): number {
  return t.replace(/^[+-]/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/** A spreadsheet stores numbers as binary floating point: more than 15 significant digits there may already be rounded. */
function checkSpreadsheetNumber(t: string): void {
  if (significant(t) > 15) {
    bad(`${quoted(t)} is stored as a spreadsheet number, which cannot hold more than 15 significant digits exactly; format the column as Text and type the amount again`);
  }
}

function decimalMessage(t: string, e: DecimalError, what: string, scale: number): string {
  switch (e.code) {
    case 'scale':
      return `${quoted(t)} has more decimals than ${what} allows (${scale})`;
    case 'negative':
      return `${quoted(t)} is negative; amounts cannot be negative`;
    case 'ambiguous':
      return e.message;
    case 'format':
      return `${quoted(t)} is not a number; write it with a point for decimals and no grouping, like 1234.56`;
    default:
      return e.message;
  }
}

/** An amount of an asset, in minor units at its scale. */
export function amount(t: string, numericCell: boolean, scale: number, what: string): bigint {
  if (numericCell) checkSpreadsheetNumber(t);
  try {
    return parseDecimal(t, scale);
  } catch (e) {
    if (e instanceof DecimalError) bad(decimalMessage(t, e, what, scale));
    throw e;
  }
}

/** A price: positive, exact, at most 30 decimals. */
export function price(t: string, numericCell: boolean): Ratio {
  if (numericCell) checkSpreadsheetNumber(t);
  let r: Ratio;
  try {
    r = parseRatio(t);
  } catch (e) {
    if (e instanceof DecimalError) bad(decimalMessage(t, e, 'a price', 30));
    throw e;
  }
  if (r.num <= 0n) bad(`${quoted(t)}: a price must be above zero`);
  return r;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/;

function realDate(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

const dates = new Map<string, string>();

/** A date as YYYY-MM-DD; a spreadsheet date cell (a day number) is converted. */
export function date(t: string, numericCell: boolean, date1904: boolean): string {
  const known = dates.get(t);
  if (known !== undefined && !numericCell) return known;
  const m = ISO.exec(t);
  if (m) {
    const y = Number.parseInt(m[1]!, 10);
    const d = realDate(y, Number.parseInt(m[2]!, 10), Number.parseInt(m[3]!, 10));
    if (!d || y < 1900 || y > 2200) bad(`${quoted(t)} is not a real date`);
    if (dates.size > 100_000) dates.clear();
    dates.set(t, d!);
    return d!;
  }
  if (numericCell && /^\d{1,6}(\.\d+)?$/.test(t)) {
    const days = Number.parseInt(t, 10);
    // Excel's 1900 system counts a 29 February 1900 that never was
    const base = date1904 ? Date.UTC(1904, 0, 1) : days >= 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
    const dt = new Date(base + days * 86_400_000);
    if (days < 1 || dt.getUTCFullYear() > 2200) bad(`${quoted(t)} is not a date`);
    return dt.toISOString().slice(0, 10);
  }
  return bad(`${quoted(t)} is not a date; write dates as YYYY-MM-DD (2025-11-14)`);
}

const choices = new WeakMap<readonly string[], Map<string, string>>();

/** One of a fixed list, forgiving case, spaces and hyphens ("Under review" → under_review). */
export function choice<T extends string>(t: string, _numericCell: boolean, options: readonly T[], what: string, aliases: Record<string, T> = {}): T {
  let seen = choices.get(options);
  const hit = seen?.get(t);
  if (hit !== undefined) return hit as T;
  const k = t.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const v = (options as readonly string[]).includes(k) ? (k as T) : Object.prototype.hasOwnProperty.call(aliases, k) ? aliases[k] : undefined;
  if (v === undefined) return bad(`${quoted(t)} is not a known ${what}; use one of ${options.join(', ')}`);
  if (!seen) choices.set(options, (seen = new Map()));
  if (seen.size < 1000) seen.set(t, v);
  return v;
}

export function yesNo(t: string): 0 | 1 {
  const k = t.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'x'].includes(k)) return 1;
  if (['no', 'n', 'false', '0'].includes(k)) return 0;
  return bad(`${quoted(t)} is not yes or no`);
}

export function wholeNumber(t: string, _numericCell: boolean, min: number, max: number, what: string): number {
  if (!/^\d{1,6}$/.test(t.trim())) bad(`${quoted(t)} is not a whole number (${what})`);
  const n = Number.parseInt(t, 10);
  if (n < min || n > max) bad(`${quoted(t)} is out of range for ${what} (${min} to ${max})`);
  return n;
}

export function textOf(t: string, _numericCell: boolean, max: number, what: string): string {
  const v = t.trim();
  if (v.length > max) bad(`The ${what} is ${v.length} characters long; at most ${max} are allowed`);
  return v;
}

export function assetCodeOf(t: string): string {
  const v = t.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9._-]{0,15}$/.test(v)) bad(`${quoted(t)} is not an asset code (like USD, BTC or ETH)`);
  return v;
}
