/**
 * Proof of distribution (docs/proof-format.md). A finalized run publishes one
 * Merkle root over its per-claim entries (one leaf per claim and class). Each
 * leaf is salted with a secret per creditor and run, so the root and the
 * sibling hashes in anyone's proof reveal nothing about other creditors'
 * amounts: without the salt a leaf cannot be recomputed from guessed figures.
 *
 *   salt  = HMAC-SHA256(key = case proof secret, "recourse-salt-v1\n" + creditor ref + "\n" + run ref)
 *   leaf  = SHA-256("recourse-leaf-v1\n" + run ref + "\n" + claim ref + "\n" + class + "\n"
 *                   + paid this run + "\n" + paid cumulative + "\n" + currency + "\n" + salt hex)
 *   node  = SHA-256(0x01 || min(a, b) || max(a, b))      (sorted pair, bytewise)
 *   tree  = leaves sorted bytewise; each level pairs neighbours; an odd last node moves up unchanged
 *   empty = SHA-256("recourse-empty-v1")
 */
import { createHash, createHmac } from 'node:crypto';

export const LEAF_PREFIX = 'recourse-leaf-v1';
export const SALT_PREFIX = 'recourse-salt-v1';

export interface LeafData {
  run: string;
  claim: string;
  class: string;
  /** Decimal text at the currency's scale, exactly as printed on the statement ("361.66"). */
  paidThisRun: string;
  paidCumulative: string;
  currency: string;
  /** 64 lowercase hex characters. */
  salt: string;
}

export function saltFor(secretHex: string, creditorRef: string, runRef: string): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex'))
    .update(`${SALT_PREFIX}\n${creditorRef}\n${runRef}`, 'utf8')
    .digest('hex');
}

/** The canonical bytes of a leaf (UTF-8). */
export function leafText(d: LeafData): string {
  return [LEAF_PREFIX, d.run, d.claim, d.class, d.paidThisRun, d.paidCumulative, d.currency, d.salt].join('\n');
}

export function leafHash(d: LeafData): Buffer {
  return createHash('sha256').update(leafText(d), 'utf8').digest();
}

export function nodeHash(a: Buffer, b: Buffer): Buffer {
  const [lo, hi] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  return createHash('sha256').update(Buffer.from([1])).update(lo).update(hi).digest();
}

export const EMPTY_ROOT = createHash('sha256').update('recourse-empty-v1', 'utf8').digest('hex');

/**
 * A built tree: levels[0] holds the sorted leaves, 32 bytes each, packed in
 * one Buffer per level (a million leaves take 64 MB over all levels).
 */
export class MerkleTree {
  readonly levels: Buffer[];
  readonly size: number;

  constructor(leaves: Buffer[]) {
    const sorted = [...leaves].sort(Buffer.compare);
    this.size = sorted.length;
    this.levels = [Buffer.concat(sorted)];
    let level = this.levels[0]!;
    let n = this.size;
    while (n > 1) {
      const m = Math.ceil(n / 2);
      const next = Buffer.allocUnsafe(m * 32);
      for (let i = 0; i < m; i++) {
        const a = level.subarray(i * 64, i * 64 + 32);
        if (2 * i + 1 < n) nodeHash(a, level.subarray(i * 64 + 32, i * 64 + 64)).copy(next, i * 32);
        else a.copy(next, i * 32);
      }
      this.levels.push(next);
      level = next;
      n = m;
    }
  }

  get root(): string {
    if (this.size === 0) return EMPTY_ROOT;
    return this.levels[this.levels.length - 1]!.subarray(0, 32).toString('hex');
  }

  /** Position of a leaf among the sorted leaves (binary search), or -1. */
  indexOf(leaf: Buffer): number {
    const l0 = this.levels[0]!;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = Buffer.compare(l0.subarray(mid * 32, mid * 32 + 32), leaf);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The sibling hashes from the leaf up to the root (hex); a level where the node has no sibling adds nothing. */
  proof(leaf: Buffer): string[] {
    let i = this.indexOf(leaf);
    if (i < 0) throw new Error('The entry is not a leaf of this tree');
    const path: string[] = [];
    let n = this.size;
    for (let k = 0; k < this.levels.length - 1; k++) {
      const sib = i ^ 1;
      if (sib < n) path.push(this.levels[k]!.subarray(sib * 32, sib * 32 + 32).toString('hex'));
      i >>= 1;
      n = Math.ceil(n / 2);
    }
    return path;
  }
}

/** Fold a proof: the root the leaf and path lead to. */
export function rootFrom(leaf: Buffer, path: readonly string[]): string {
  let h = leaf;
  for (const s of path) h = nodeHash(h, Buffer.from(s, 'hex'));
  return h.toString('hex');
}
