/**
 * The proof root of a finalized run, computed straight from its lines for
 * runs of a million portions. The result is exactly src/proof's RunProof root
 * (docs/proof-format.md; a test checks they agree): the same salts, leaves,
 * sorted leaf order and node hashes. What differs is only how: leaves go into
 * one buffer, are ordered by a native sort of 64-bit keys (their first 43 bits
 * and their position) with ties settled byte by byte, and no per-leaf objects
 * are kept.
 */
import { createHash, createHmac } from 'node:crypto';
import { EMPTY_ROOT, LEAF_PREFIX, SALT_PREFIX } from '../proof/merkle.js';

export interface MerklePortion {
  creditor: string;
  claim: string;
  class: string;
  paidThisRun: string;
  paidCumulative: string;
}

export class MerkleBuilder {
  private leaves: Buffer;
  private n = 0;
  private readonly salts = new Map<string, string>();
  private readonly key: Buffer;

  constructor(
    private readonly run: string,
    private readonly currency: string,
    secretHex: string,
    capacity = 1024,
  ) {
    this.key = Buffer.from(secretHex, 'hex');
    this.leaves = Buffer.allocUnsafe(Math.max(1, capacity) * 32);
  }

  private salt(creditor: string): string {
    let s = this.salts.get(creditor);
    if (s === undefined) {
      s = createHmac('sha256', this.key).update(`${SALT_PREFIX}\n${creditor}\n${this.run}`, 'utf8').digest('hex');
      this.salts.set(creditor, s);
    }
    return s;
  }

  add(creditor: string, claim: string, cls: string, paidThisRun: string, paidCumulative: string): void {
    if ((this.n + 1) * 32 > this.leaves.length) {
      const bigger = Buffer.allocUnsafe(this.leaves.length * 2);
      this.leaves.copy(bigger, 0, 0, this.n * 32);
      this.leaves = bigger;
    }
    const text = `${LEAF_PREFIX}\n${this.run}\n${claim}\n${cls}\n${paidThisRun}\n${paidCumulative}\n${this.currency}\n${this.salt(creditor)}`;
    createHash('sha256')
      .update(text, 'utf8')
      .digest()
      .copy(this.leaves, this.n * 32);
    this.n++;
  }

  /** Leaf positions in ascending byte order of their hashes. */
  private order(): Uint32Array {
    const n = this.n;
    const L = this.leaves;
    // Key: the leaf's first 43 bits, then its position (21 bits): a native sort of plain integers.
    const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if (bits > 21) return this.slowOrder();
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ((L.readBigUInt64BE(i * 32) >> 21n) << 21n) | BigInt(i);
    keys.sort();
    const out = new Uint32Array(n);
    const mask = (1n << 21n) - 1n;
    for (let i = 0; i < n; i++) out[i] = Number(keys[i]! & mask);
    // Leaves whose first 43 bits agree: order them by all 32 bytes.
    const top = ~mask & 0xffffffffffffffffn;
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && (keys[j]! & top) === (keys[i]! & top)) j++;
      if (j - i > 1) {
        const run = Array.from(out.subarray(i, j)).sort((a, b) => L.compare(L, b * 32, b * 32 + 32, a * 32, a * 32 + 32));
        out.set(run, i);
      }
      i = j;
    }
    return out;
  }

  private slowOrder(): Uint32Array {
    const L = this.leaves;
    const idx = Array.from({ length: this.n }, (_, i) => i);
    idx.sort((a, b) => L.compare(L, b * 32, b * 32 + 32, a * 32, a * 32 + 32));
    return Uint32Array.from(idx);
  }

  get root(): string {
    const n = this.n;
    if (n === 0) return EMPTY_ROOT;
    const order = this.order();
    let level = Buffer.allocUnsafe(n * 32);
    for (let i = 0; i < n; i++) this.leaves.copy(level, i * 32, order[i]! * 32, order[i]! * 32 + 32);
    const pair = Buffer.allocUnsafe(65);
    pair[0] = 1;
    let size = n;
    while (size > 1) {
      const m = Math.ceil(size / 2);
      const next = Buffer.allocUnsafe(m * 32);
      for (let i = 0; i < m; i++) {
        const a = i * 64;
        if (2 * i + 1 < size) {
          const b = a + 32;
          const aFirst = level.compare(level, b, b + 32, a, a + 32) <= 0;
          level.copy(pair, 1, aFirst ? a : b, (aFirst ? a : b) + 32);
          level.copy(pair, 33, aFirst ? b : a, (aFirst ? b : a) + 32);
          createHash('sha256')
            .update(pair)
            .digest()
            .copy(next, i * 32);
        } else level.copy(next, i * 32, a, a + 32);
      }
      level = next;
      size = m;
    }
    return level.subarray(0, 32).toString('hex');
  }
}
