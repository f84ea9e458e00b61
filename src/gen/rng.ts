/** A small seeded PRNG (mulberry32) so synthetic cases are reproducible. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Pick by weights: [[value, weight], …]. */
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    const total = pairs.reduce((a, p) => a + p[1], 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1]![0];
  }
  /** A random whole number of minor units as digit text: log-uniform between 10^lo and 10^hi. */
  digits(lo: number, hi: number): bigint {
    const len = this.int(lo, hi);
    let s = String(this.int(1, 9));
    for (let i = 1; i < len; i++) s += String(this.int(0, 9));
    return BigInt(s);
  }
}
