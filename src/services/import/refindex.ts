/**
 * The references met in one import file, each with a number (the row it was
 * first on, or a slot). Ledgers usually list their references in order: a
 * reference above every one kept so far is appended to a sorted list (no
 * hashing, no hash table to grow), and looking up a reference above the last
 * one costs one comparison. References out of order go to a Map; a lookup
 * below the last sorted one is a binary search. At a million rows this is
 * several times cheaper than one Map of a million strings, and smaller.
 */
export class RefIndex {
  private sorted: string[] = [];
  private values = new Int32Array(1024);
  private others = new Map<string, number>();

  get size(): number {
    return this.sorted.length + this.others.size;
  }

  /** The number kept for `ref`, or undefined when it has not been added. */
  get(ref: string): number | undefined {
    if (this.others.size > 0) {
      const v = this.others.get(ref);
      if (v !== undefined) return v;
    }
    const sorted = this.sorted;
    let hi = sorted.length - 1;
    if (hi < 0 || ref > sorted[hi]!) return undefined;
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = sorted[mid]!;
      if (s < ref) lo = mid + 1;
      else if (s > ref) hi = mid - 1;
      else return this.values[mid];
    }
    return undefined;
  }

  /** Keep `ref` with `value` (a whole number within ±2^31); the caller has checked it is not there yet. */
  add(ref: string, value: number): void {
    const sorted = this.sorted;
    const n = sorted.length;
    if (n === 0 || ref > sorted[n - 1]!) {
      if (n === this.values.length) {
        const grown = new Int32Array(n * 2);
        grown.set(this.values);
        this.values = grown;
      }
      sorted.push(ref);
      this.values[n] = value;
    } else this.others.set(ref, value);
  }
}
