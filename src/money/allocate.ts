import { divFloor, sum } from './rounding.js';

export interface AllocationPart {
  /** Floor share: floor(total × weight ÷ Σweights). */
  floor: bigint;
  /** Numerator of the fractional remainder over Σweights, for ordering. */
  remainder: bigint;
}

/** floor(total × w ÷ W) for each weight, with the fractional remainders (spec §3.2, §7). */
export function proRataFloor(total: bigint, weights: readonly bigint[]): AllocationPart[] {
  const W = sum(weights);
  if (W === 0n) return weights.map(() => ({ floor: 0n, remainder: 0n }));
  return weights.map((w) => {
    const p = total * w;
    return { floor: divFloor(p, W), remainder: p % W };
  });
}

/** Byte-order comparison of two strings (UTF-8), as the spec's tie-break requires. */
export function compareBytes(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ab, bb);
}

/**
 * Hand out `residue` minor units, one each, to the parts with the largest
 * fractional remainders; ties by key in ascending byte order.
 * Returns the extra unit (0n or 1n) per part, in input order.
 */
export function distributeResidue(
  residue: bigint,
  remainders: readonly bigint[],
  keys: readonly string[],
): bigint[] {
  const extra = remainders.map(() => 0n);
  if (residue <= 0n) return extra;
  if (residue > BigInt(remainders.length)) throw new RangeError('Residue exceeds one unit per part');
  const order = remainders.map((_, i) => i);
  order.sort((i, j) => {
    const ri = remainders[i]!;
    const rj = remainders[j]!;
    if (ri !== rj) return ri > rj ? -1 : 1;
    return compareBytes(keys[i]!, keys[j]!);
  });
  let k = 0;
  for (let left = residue; left > 0n; left--) extra[order[k++]!] = 1n;
  return extra;
}

/**
 * Split `total` in proportion to `weights` exactly: floor shares, then the
 * leftover units largest remainder first (ties by key). The parts add back to
 * the whole.
 */
export function allocate(total: bigint, weights: readonly bigint[], keys: readonly string[]): bigint[] {
  if (weights.some((w) => w < 0n)) throw new RangeError('Weights must not be negative');
  if (sum(weights) === 0n) return weights.map(() => 0n);
  const parts = proRataFloor(total, weights);
  const residue = total - sum(parts.map((p) => p.floor));
  const extra = distributeResidue(
    residue,
    parts.map((p) => p.remainder),
    keys,
  );
  return parts.map((p, i) => p.floor + extra[i]!);
}
