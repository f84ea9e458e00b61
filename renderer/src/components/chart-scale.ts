/**
 * Chart geometry from exact decimal text. Amounts stay bigint minor units; only
 * the resulting pixel positions become numbers.
 */
import { divFloor } from '../../../src/money/rounding.js';

/** Decimal text → minor units at `scale` (display helper: the API sends valid decimals). */
export function toUnits(text: string, scale: number): bigint {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [int = '0', frac = ''] = body.split('.');
  const f = (frac + '0'.repeat(scale)).slice(0, scale);
  const v = BigInt(int || '0') * 10n ** BigInt(scale) + BigInt(f || '0');
  return neg ? -v : v;
}

/** The scale (decimals) of a decimal text. */
export const scaleOfText = (t: string): number => (t.split('.')[1] ?? '').length;

/** A linear map from [lo, hi] (minor units) onto [pxLo, pxHi] pixels. */
export function linear(lo: bigint, hi: bigint, pxLo: number, pxHi: number): (v: bigint) => number {
  const span = hi - lo === 0n ? 1n : hi - lo;
  const px = BigInt(Math.round((pxHi - pxLo) * 1000));
  return (v: bigint) => pxLo + Number(divFloor((v - lo) * px, span)) / 1000;
}

/** A round step for axis ticks: 1, 2 or 5 × 10^k minor units, about `n` ticks over the span. */
export function niceStep(span: bigint, n = 4): bigint {
  if (span <= 0n) return 1n;
  const raw = divFloor(span, BigInt(n)) || 1n;
  let p = 1n;
  while (p * 10n <= raw) p *= 10n;
  for (const m of [1n, 2n, 5n, 10n]) if (p * m >= raw) return p * m;
  return p * 10n;
}

/** Short axis label of an amount: 12.5M, 310K, 950. */
export function compact(units: bigint, scale: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const whole = divFloor(abs, 10n ** BigInt(scale));
  const fmt = (v: bigint, d: bigint, suffix: string) => {
    const tenths = divFloor(v * 10n, d);
    const t = tenths % 10n;
    return `${tenths / 10n}${t ? '.' + t : ''}${suffix}`;
  };
  const s =
    whole >= 1_000_000_000n ? fmt(whole, 1_000_000_000n, 'B') : whole >= 1_000_000n ? fmt(whole, 1_000_000n, 'M') : whole >= 1_000n ? fmt(whole, 1_000n, 'K') : whole.toString();
  return (neg ? '−' : '') + s;
}
