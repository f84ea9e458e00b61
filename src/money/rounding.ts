/**
 * Integer division with a named rounding mode. Every division of money in
 * Recourse goes through one of these, so the rounding is always explicit.
 * Spec §1: "floor" rounds toward zero; "half-even" rounds halves to the even
 * neighbour.
 */

function assertDivisor(b: bigint): void {
  if (b === 0n) throw new RangeError('Division by zero');
}

/** a ÷ b rounded toward zero (the spec's "floor"; BigInt division already truncates). */
export function divFloor(a: bigint, b: bigint): bigint {
  assertDivisor(b);
  return a / b;
}

/** a ÷ b rounded toward negative infinity. */
export function divDown(a: bigint, b: bigint): bigint {
  assertDivisor(b);
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** a ÷ b rounded to the nearest integer, halves to the even neighbour. */
export function divHalfEven(a: bigint, b: bigint): bigint {
  assertDivisor(b);
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  const negative = a < 0n;
  const abs = negative ? -a : a;
  let q = abs / b;
  const r = abs % b;
  const twice = r * 2n;
  if (twice > b || (twice === b && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Fractional remainder of a ÷ b as a comparable numerator over b (0 ≤ r < |b|), for largest-remainder ordering. */
export function remainderOf(a: bigint, b: bigint): bigint {
  assertDivisor(b);
  const r = a % b;
  return r < 0n ? -r : r;
}

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
/** Whether an amount fits a signed 64-bit integer (an SQLite INTEGER, a BigInt64Array slot). */
export const fitsInt64 = (x: bigint): boolean => x >= INT64_MIN && x <= INT64_MAX;

export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
export const sum = (xs: Iterable<bigint>): bigint => {
  let s = 0n;
  for (const x of xs) s += x;
  return s;
};
