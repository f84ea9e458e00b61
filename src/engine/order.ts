/**
 * Deterministic ordering. The spec breaks ties by reference in ascending byte
 * order (UTF-8); money/allocate.ts's compareBytes is the definition. Sorting a
 * million references with a Buffer per comparison is too slow, so when no
 * reference holds a UTF-16 code unit ≥ 0xD800 we compare code units natively:
 * below 0xD800 code-unit order, code-point order and UTF-8 byte order agree.
 * Otherwise compareBytes itself is used. A property test checks the two agree.
 */
import { compareBytes } from '../money/index.js';

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
 * Largest-remainder hand-out over positions that are already in tie-break
 * order (the engine numbers portions by claim reference in byte order): the
 * `residue` positions with the largest remainders get one minor unit each,
 * equal remainders going to the lower position. Same rule as
 * money/allocate.ts distributeResidue, with the byte-order tie break replaced
 * by the position it was pre-sorted into.
 */
export function residueRecipients(residue: bigint, positions: readonly number[], remainder: readonly bigint[]): number[] {
  if (residue <= 0n) return [];
  if (residue > BigInt(positions.length)) throw new RangeError('Residue exceeds one unit per part');
  const order = positions.slice();
  order.sort((i, j) => {
    const ri = remainder[i]!;
    const rj = remainder[j]!;
    if (ri !== rj) return ri > rj ? -1 : 1;
    return i - j;
  });
  return order.slice(0, Number(residue));
}
