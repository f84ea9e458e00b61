/**
 * Deterministic ordering. The spec breaks ties by reference in ascending byte
 * order (UTF-8); money/allocate.ts's compareBytes is the definition. Sorting a
 * million references with a Buffer per comparison is too slow, so when no
 * reference holds a UTF-16 code unit ≥ 0xD800 we compare code units natively:
 * below 0xD800 code-unit order, code-point order and UTF-8 byte order agree.
 * Otherwise compareBytes itself is used. A property test checks the two agree.
 */
import { compareBytes } from '../money/index.js';
import type { Col } from './cols.js';

const NOT_SIMPLE = /[\uD800-\uFFFF]/;

const nativeCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator equal to compareBytes on the given keys, fast when it can be. */
export function byteComparator(keys: Iterable<string>): (a: string, b: string) => number {
  for (const k of keys) if (NOT_SIMPLE.test(k)) return compareBytes;
  return nativeCompare;
}

/** Indices of `keys` in ascending byte order of the key (stable for equal keys). */
export function sortedIndices(keys: readonly string[]): number[] {
  const cmp = byteComparator(keys);
  const idx = Array.from({ length: keys.length }, (_, i) => i);
  idx.sort((i, j) => cmp(keys[i]!, keys[j]!) || i - j);
  return idx;
}

/**
 * Items in ascending byte order of their ref (stable). Input read from the
 * store usually comes in that order already (SQLite's BINARY collation is
 * byte order): then the array itself is returned, without a copy.
 */
export function sortByRef<T extends { ref: string }>(items: readonly T[]): readonly T[] {
  let simple = true;
  let sorted = true;
  for (let i = 0; i < items.length; i++) {
    const r = items[i]!.ref;
    if (simple && NOT_SIMPLE.test(r)) simple = false;
    if (sorted && i > 0 && items[i - 1]!.ref > r) sorted = false;
  }
  const cmp = simple ? nativeCompare : compareBytes;
  if (!simple && sorted) {
    for (let i = 1; i < items.length && sorted; i++) sorted = cmp(items[i - 1]!.ref, items[i]!.ref) <= 0;
  }
  if (sorted) return items;
  return sortedIndices(items.map((c) => c.ref)).map((i) => items[i]!);
}

/**
 * Largest-remainder hand-out over positions that are already in tie-break
 * order (the engine numbers portions by claim reference in byte order): the
 * `residue` positions with the largest remainders get one minor unit each,
 * equal remainders going to the lower position. Same rule as
 * money/allocate.ts distributeResidue, with the byte-order tie break replaced
 * by the position it was pre-sorted into (a property test checks the two
 * agree). Rather than sorting the parts, it finds the residue-th largest
 * remainder θ (a native sort of the 64-bit remainders), gives a unit to every
 * part above θ and to the lowest positions at θ until the residue is used.
 */
export function residueRecipients(residue: bigint, positions: ArrayLike<number>, remainder: Col): number[] {
  if (residue <= 0n) return [];
  const n = positions.length;
  if (residue > BigInt(n)) throw new RangeError('Residue exceeds one unit per part');
  // residue ≤ n here: a count of parts, not an amount.
  const r = Number(residue);
  let values: BigInt64Array | bigint[];
  if (remainder instanceof BigInt64Array) {
    values = new BigInt64Array(n);
    for (let j = 0; j < n; j++) values[j] = remainder[positions[j]!]!;
    values.sort();
  } else {
    values = Array.from({ length: n }, (_, j) => remainder[positions[j]!]!);
    values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const theta = values[n - r]!;
  let atTheta = r;
  for (let j = 0; j < n; j++) if (remainder[positions[j]!]! > theta) atTheta--;
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    const s = positions[j]!;
    const v = remainder[s]!;
    if (v > theta) out.push(s);
    else if (v === theta && atTheta > 0) {
      out.push(s);
      atTheta--;
    }
  }
  return out;
}
