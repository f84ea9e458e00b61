/**
 * Exact decimal text ⇄ bigint minor units. No JavaScript number ever holds an
 * amount: text is parsed digit by digit into a bigint at the asset's scale.
 */
import { pow10 } from './rounding.js';

export type DecimalErrorCode = 'empty' | 'format' | 'ambiguous' | 'scale' | 'negative' | 'too_large';

export class DecimalError extends Error {
  constructor(
    readonly code: DecimalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecimalError';
  }
}

export interface ParseOptions {
  /** Allow a leading minus sign. Off by default: most amounts cannot be negative. */
  allowNegative?: boolean;
  /** Longest integer part accepted, in digits (guards against megabyte numbers). */
  maxDigits?: number;
}

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const LEADING_DOT = /^([+-]?)\.(\d+)$/;
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)\.(\d+)$/;

/** Split a decimal text into sign, integer digits and fraction digits, refusing ambiguous locale formats. */
export function splitDecimal(input: string): { negative: boolean; int: string; frac: string } {
  const text = input.trim();
  if (text === '') throw new DecimalError('empty', 'No amount given');
  let m = PLAIN.exec(text) ?? LEADING_DOT.exec(text);
  if (m) {
    const int = m[3] === undefined && LEADING_DOT.test(text) ? '0' : m[2]!;
    const frac = LEADING_DOT.test(text) ? m[2]! : (m[3] ?? '');
    return { negative: m[1] === '-', int, frac };
  }
  m = GROUPED.exec(text);
  if (m) return { negative: m[1] === '-', int: m[2]!.replace(/,/g, ''), frac: m[3]! };
  if (/^[+-]?\d{1,3}(,\d{3})+$/.test(text)) {
    throw new DecimalError(
      'ambiguous',
      `"${text}" is ambiguous: the comma could be a thousands separator or a decimal comma. Write it without grouping (1234 or 1.234)`,
    );
  }
  if (/^[+-]?[\d.,\s']+$/.test(text) && /,/.test(text)) {
    throw new DecimalError(
      'ambiguous',
      `"${text}" uses a locale number format; write amounts with a point for decimals and no grouping (1234.56)`,
    );
  }
  throw new DecimalError('format', `"${text}" is not a decimal number`);
}

/** Parse decimal text into minor units at `scale` decimals. Refuses, never rounds. */
export function parseDecimal(input: string, scale: number, opts: ParseOptions = {}): bigint {
  const { negative, int, frac } = splitDecimal(input);
  const maxDigits = opts.maxDigits ?? 30;
  const intDigits = int.replace(/^0+(?=\d)/, '');
  if (intDigits.length > maxDigits) throw new DecimalError('too_large', `"${input.trim()}" is too large`);
  const fracTrimmed = frac.replace(/0+$/, '');
  if (fracTrimmed.length > scale) {
    throw new DecimalError(
      'scale',
      `"${input.trim()}" has ${frac.length} decimals; at most ${scale} allowed for this asset`,
    );
  }
  const value = BigInt(intDigits) * pow10(scale) + BigInt((fracTrimmed + '0'.repeat(scale)).slice(0, scale) || '0');
  if (negative && value !== 0n && !opts.allowNegative) {
    throw new DecimalError('negative', `"${input.trim()}" is negative; a negative amount is not allowed here`);
  }
  return negative ? -value : value;
}

export interface FormatOptions {
  /** Group thousands with a comma (for display; never for data files). */
  group?: boolean;
  /** Drop trailing zeros of the fraction, keeping at least `minDecimals`. */
  trim?: boolean;
  minDecimals?: number;
}

/** Write minor units at `scale` back to decimal text, exactly. */
export function formatDecimal(minor: bigint, scale: number, opts: FormatOptions = {}): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const digits = abs.toString().padStart(scale + 1, '0');
  let int = digits.slice(0, digits.length - scale);
  let frac = scale > 0 ? digits.slice(digits.length - scale) : '';
  if (opts.trim) {
    const keep = opts.minDecimals ?? 0;
    frac = frac.replace(/0+$/, '');
    if (frac.length < keep) frac = frac.padEnd(keep, '0');
  }
  if (opts.group) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + int + (frac ? '.' + frac : '');
}

/** A positive rational price or rate held exactly: num / den. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Parse a price or a rate (any number of decimals, at most 30) into an exact ratio. */
export function parseRatio(input: string, opts: ParseOptions = {}): Ratio {
  const { frac } = splitDecimal(input);
  const scale = Math.min(Math.max(frac.replace(/0+$/, '').length, 0), 30);
  if (frac.replace(/0+$/, '').length > 30) throw new DecimalError('scale', `"${input.trim()}" has more than 30 decimals`);
  return { num: parseDecimal(input, scale, opts), den: pow10(scale) };
}

export function formatRatio(r: Ratio): string {
  let scale = 0;
  let den = r.den;
  while (den > 1n && den % 10n === 0n) {
    den /= 10n;
    scale++;
  }
  if (den !== 1n) throw new RangeError('Ratio is not a terminating decimal');
  return formatDecimal(r.num, scale);
}
