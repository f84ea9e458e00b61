/**
 * Amount columns. A million claims hold tens of millions of amounts; kept as
 * bigint[] every fresh bigint stored into a long-lived array survives the
 * young generation and the garbage collector spends most of the run copying
 * them. When every amount of a run provably fits in 63 bits the engine keeps
 * them in a BigInt64Array (raw 64-bit integers, no heap objects) instead; when
 * one might not (an 18-decimal case currency, say) it falls back to bigint[].
 * Values are exact either way: the bound is checked up front, never wrapped.
 */
export type Col = BigInt64Array | bigint[];

/** Amounts below this bound fit a BigInt64Array with room for one addition. */
export const NARROW_LIMIT = 1n << 62n;

export function newCol(n: number, wide: boolean): Col {
  return wide ? new Array<bigint>(n).fill(0n) : new BigInt64Array(n);
}
