/**
 * The proof root of a finalized run, computed straight from its lines for
 * runs of a million portions. The result is exactly src/proof's RunProof root
 * (docs/proof-format.md; a test checks they agree): the same salts, leaves,
 * sorted leaf order and node hashes. What differs is only how: leaves go into
 * one buffer, are ordered by a native numeric sort of integer keys (their
 * first 32 bits and their position, below 2^53) with ties settled byte by
 * byte, and no per-leaf objects are kept. Hashes are one-shot (crypto.hash, no
 * Hash object per leaf) with their digest as a latin1 ('binary') string
 * written into the leaf buffer (half the cost of a Buffer digest), and the
 * per-creditor salt, HMAC-SHA256 (RFC 2104), is two one-shot SHA-256 over the
 * padded key and the message: the same bytes as createHmac, a third of the
 * cost. Only the last creditor's salt is kept (lines come by claim).
 *
 * The finalize job splits the work between two threads (proofShareTask in a
 * helper, proofRootFromShares in the job): each hashes lines from one end of
 * the run in key order, claiming each on a shared counter, and sorts its own
 * leaves; the job merges the two sorted shares and hashes the tree.
 */
import { hash } from 'node:crypto';
import { EMPTY_ROOT, LEAF_PREFIX, SALT_PREFIX } from '../proof/merkle.js';
import { proofSecret } from '../export/load.js';
import type { JobContext } from '../jobs/types.js';
import { formatDecimal } from '../money/index.js';
import { openRead } from '../store/db.js';
import { caseMoney, findRun, type Db, type RunRecord } from './runs-common.js';

export interface MerklePortion {
  creditor: string;
  claim: string;
  class: string;
  paidThisRun: string;
  paidCumulative: string;
}

const BLOCK = 64;

/** 32 bytes from one buffer to another (a loop: Buffer#copy costs more than the bytes for so few). */
function copy32(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  for (let k = 0; k < 32; k++) dst[to + k] = src[from + k]!;
}

/** Compare two 32-byte hashes, bytewise. */
function compare32(x: Uint8Array, a: number, y: Uint8Array, b: number): number {
  for (let k = 0; k < 32; k++) {
    const d = x[a + k]! - y[b + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** HMAC-SHA256 with a fixed key, as createHmac('sha256', key) computes it, over one-shot hashes. */
class Hmac256 {
  private readonly inner: Buffer;
  private readonly outer = Buffer.allocUnsafe(BLOCK + 32);
  private readonly ipad: Buffer;
  /** Views of `inner` by message length, made once. */
  private readonly views: Buffer[] = [];

  constructor(key: Buffer) {
    const k = Buffer.alloc(BLOCK);
    (key.length > BLOCK ? hash('sha256', key, 'buffer') : key).copy(k);
    this.ipad = Buffer.from(k.map((b) => b ^ 0x36));
    Buffer.from(k.map((b) => b ^ 0x5c)).copy(this.outer);
    this.inner = Buffer.allocUnsafe(BLOCK + 256);
    this.ipad.copy(this.inner);
  }

  hex(message: string): string {
    let buf = this.inner;
    if (BLOCK + message.length * 3 > buf.length) buf = Buffer.concat([this.ipad, Buffer.alloc(message.length * 3)]);
    const len = buf.write(message, BLOCK);
    const view = buf === this.inner ? (this.views[len] ??= buf.subarray(0, BLOCK + len)) : buf.subarray(0, BLOCK + len);
    this.outer.write(hash('sha256', view, 'binary'), BLOCK, 32, 'latin1');
    return hash('sha256', this.outer, 'hex');
  }
}

export class MerkleBuilder {
  private leaves: Buffer;
  private n = 0;
  private readonly hmac: Hmac256;
  /** The last creditor salted and its salt: lines come by claim, and a creditor's portions of a claim are neighbours. */
  private lastCreditor: string | null = null;
  private lastSalt = '';

  constructor(
    private readonly run: string,
    private readonly currency: string,
    secretHex: string,
    capacity = 1024,
  ) {
    this.hmac = new Hmac256(Buffer.from(secretHex, 'hex'));
    this.leaves = Buffer.allocUnsafeSlow(Math.max(1, capacity) * 32);
  }

  /**
   * A creditor's salt. Only the last one is kept: a Map of the last 50,000
   * creditors saved 1 % of the HMACs at a million lines (most creditors have
   * one claim, and lines come in claim order) and cost more than all of them.
   */
  private salt(creditor: string): string {
    if (creditor !== this.lastCreditor) {
      this.lastSalt = this.hmac.hex(`${SALT_PREFIX}\n${creditor}\n${this.run}`);
      this.lastCreditor = creditor;
    }
    return this.lastSalt;
  }

  add(creditor: string, claim: string, cls: string, paidThisRun: string, paidCumulative: string): void {
    if ((this.n + 1) * 32 > this.leaves.length) {
      const bigger = Buffer.allocUnsafeSlow(this.leaves.length * 2);
      this.leaves.copy(bigger, 0, 0, this.n * 32);
      this.leaves = bigger;
    }
    const text = `${LEAF_PREFIX}\n${this.run}\n${claim}\n${cls}\n${paidThisRun}\n${paidCumulative}\n${this.currency}\n${this.salt(creditor)}`;
    this.leaves.write(hash('sha256', text, 'binary'), this.n * 32, 32, 'latin1');
    this.n++;
  }

  /** Leaf positions in ascending byte order of their hashes. */
  private order(): Uint32Array {
    const n = this.n;
    const L = this.leaves;
    // Key: the leaf's first 32 bits (fewer past 2^21 leaves), then its position: an integer below 2^53,
    // so a native numeric sort of doubles orders them (no BigInt, no comparator).
    const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if (bits > 31) return this.slowOrder();
    const shift = 2 ** bits;
    const drop = 2 ** Math.max(0, bits - 21);
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = Math.floor(L.readUInt32BE(i * 32) / drop) * shift + i;
    keys.sort();
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = keys[i]! % shift;
    // Leaves whose key prefixes agree: order them by all 32 bytes.
    for (let i = 0; i < n; ) {
      const top = Math.floor(keys[i]! / shift);
      let j = i + 1;
      while (j < n && Math.floor(keys[j]! / shift) === top) j++;
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

  get size(): number {
    return this.n;
  }

  /** The leaves in ascending byte order, packed 32 bytes each. */
  sorted(): Buffer {
    const order = this.order();
    const out = Buffer.allocUnsafeSlow(this.n * 32);
    // Copied as eight 32-bit words a leaf (both buffers start their own memory: allocUnsafeSlow, 4-byte aligned).
    const from = new Uint32Array(this.leaves.buffer, this.leaves.byteOffset, this.leaves.length / 4);
    const to = new Uint32Array(out.buffer, out.byteOffset, this.n * 8);
    for (let i = 0; i < this.n; i++) {
      const a = order[i]! * 8;
      const b = i * 8;
      for (let k = 0; k < 8; k++) to[b + k] = from[a + k]!;
    }
    return out;
  }

  get root(): string {
    return rootOfSorted(this.sorted());
  }
}

/** Merge two packed runs of sorted leaves (as MerkleBuilder#sorted gives them) into one. */
export function mergeSorted(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  for (; i < a.length && j < b.length; k += 32) {
    if (compare32(a, i, b, j) <= 0) {
      copy32(a, i, out, k);
      i += 32;
    } else {
      copy32(b, j, out, k);
      j += 32;
    }
  }
  out.set(a.subarray(i), k);
  out.set(b.subarray(j), k + a.length - i);
  return out;
}

/** The root of the tree over packed sorted leaves: sorted pairs hashed level by level, an odd last node moving up. */
export function rootOfSorted(leaves: Uint8Array): string {
  let size = leaves.length / 32;
  if (size === 0) return EMPTY_ROOT;
  let level = leaves;
  const pair = Buffer.allocUnsafe(65);
  pair[0] = 1;
  while (size > 1) {
    const m = Math.ceil(size / 2);
    const next = Buffer.allocUnsafe(m * 32);
    for (let i = 0; i < m; i++) {
      const a = i * 64;
      if (2 * i + 1 < size) {
        const b = a + 32;
        const aFirst = compare32(level, a, level, b) <= 0;
        copy32(level, aFirst ? a : b, pair, 1);
        copy32(level, aFirst ? b : a, pair, 33);
        next.write(hash('sha256', pair, 'binary'), i * 32, 32, 'latin1');
      } else copy32(level, a, next, i * 32);
    }
    level = next;
    size = m;
  }
  return Buffer.from(level.subarray(0, 32)).toString('hex');
}

/** Which of a run's lines to hash: all of them, or (for the finalize job) one end of them, shared with another thread. */
interface Share {
  /** From the first line up (the helper), or from the last line down (the job itself). */
  descending: boolean;
  /** [lines claimed so far], shared by both ends: a line is hashed by whichever end claims it first. */
  claimed: Int32Array;
  /** How many lines the run has (its result's portion count). */
  count: number;
}

/** The leaves of a run's lines (all, or one end's share) and the key (claim, class) of the last line taken. */
function leavesOf(db: Db, r: RunRecord, share: Share | null, progress?: JobContext['progress']): { b: MerkleBuilder; last: [string, string] | null } {
  const { currency, scale } = caseMoney(db);
  const total = r.result?.portion_count ?? 0;
  const b = new MerkleBuilder(r.ref, currency, proofSecret(db), total);
  const zero = formatDecimal(0n, scale);
  const dec = (t: string) => (t === '0' ? zero : formatDecimal(BigInt(t), scale));
  const dir = share?.descending ? ' DESC' : '';
  const it = db
    .prepare(`SELECT creditor_ref, claim_ref, class_code, paid_before, paid FROM run_lines WHERE run_id = ? ORDER BY claim_ref${dir}, class_code${dir}`)
    .raw()
    .iterate(r.id) as IterableIterator<[string, string, string, string, string]>;
  let lastClaim: string | null = null;
  let lastClass = '';
  let n = 0;
  for (const [creditor, claim, cls, pb, paid] of it) {
    if (share && Atomics.add(share.claimed, 0, 1) >= share.count) break;
    const now = dec(paid);
    b.add(creditor, claim, cls, now, pb === '0' ? now : paid === '0' ? dec(pb) : formatDecimal(BigInt(pb) + BigInt(paid), scale));
    lastClaim = claim;
    lastClass = cls;
    if (progress && ++n % 100_000 === 0) progress(n, total, 'Hashing the schedule');
  }
  return { b, last: lastClaim === null ? null : [lastClaim, lastClass] };
}

/**
 * The Merkle root over a run's lines (docs/proof-format.md): one leaf per
 * claim portion, exactly as src/proof's RunProof builds it.
 */
export function merkleRoot(db: Db, r: RunRecord, progress?: JobContext['progress']): string {
  const { b } = leavesOf(db, r, null, progress);
  progress?.(b.size, b.size, 'Computing the proof root');
  return b.root;
}

/** One end's share of the leaves: sorted and packed (a Buffer in its worker, a Uint8Array once posted). */
export interface ProofShare {
  id: number;
  leaves: Uint8Array;
  /** The key (claim, class) of the last line it took; null when it took none. */
  last: [string, string] | null;
}

export interface ProofShareArgs {
  casePath: string;
  run: string;
  /** One Int32: the lines claimed so far by either end (shared with the finalize job). */
  claimed: SharedArrayBuffer;
}

/** Lines claimed by both ends of a proof root (the shared counter that proofShareTask and proofRootFromShares use). */
export function proofCounter(): SharedArrayBuffer {
  return new SharedArrayBuffer(4);
}

/**
 * The helper's share of an approved distribution run's proof leaves, read
 * through a connection of its own: lines from the first up, each claimed on
 * the shared counter, until the counter reaches the run's line count (the
 * finalize job takes lines from the last down once its backup is taken, so
 * the work splits itself evenly whatever the backup costs). Null unless the
 * run is approved. An approved run's lines never change (triggers), and
 * finalizeRun uses the root only if the run is still approved then, so it was
 * approved, its lines as read, all along.
 */
export function proofShareTask(args: ProofShareArgs): Promise<ProofShare | null> {
  const db = openRead(args.casePath);
  try {
    return Promise.resolve(share(db, findRun(db, args.run), new Int32Array(args.claimed), false));
  } finally {
    db.close();
  }
}

function share(db: Db, r: RunRecord, claimed: Int32Array, descending: boolean): ProofShare | null {
  if (r.kind !== 'distribution' || r.state !== 'approved') return null;
  const { b, last } = leavesOf(db, r, { descending, claimed, count: r.result?.portion_count ?? 0 });
  return { id: r.id, leaves: b.sorted(), last };
}

/**
 * The finalize job's end: lines from the last down, as the helper's
 * proofShareTask takes them from the first up; then, given the helper's share
 * (null if it failed), the root over both. The shares are a prefix and a
 * suffix of the lines in key order; they are used only if they meet exactly
 * (the helper's last key below the job's, no line between), so a wrong count
 * or a failed helper costs time (finalizeRun computes the root itself), never
 * a wrong root.
 */
export async function proofRootFromShares(
  db: Db,
  run: string,
  claimed: SharedArrayBuffer,
  helper: Promise<ProofShare | null>,
): Promise<{ id: number; root: string } | null> {
  const r = findRun(db, run);
  const mine = share(db, r, new Int32Array(claimed), true);
  const theirs = await helper;
  if (!mine || !theirs || theirs.id !== mine.id || !meet(db, r.id, theirs.last, mine.last)) return null;
  return { id: r.id, root: rootOfSorted(mergeSorted(theirs.leaves, mine.leaves)) };
}

/** Do a prefix ending at `lo` and a suffix starting at `hi` (null: empty) cover a run's lines exactly once? (keys compared by SQLite) */
function meet(db: Db, runId: number, lo: [string, string] | null, hi: [string, string] | null): boolean {
  if (lo && hi && Number(db.prepare('SELECT (?, ?) < (?, ?)').pluck().get(...lo, ...hi)) !== 1) return false;
  const between = `run_id = ?${lo ? ' AND (claim_ref, class_code) > (?, ?)' : ''}${hi ? ' AND (claim_ref, class_code) < (?, ?)' : ''}`;
  return Number(db.prepare(`SELECT EXISTS (SELECT 1 FROM run_lines WHERE ${between})`).pluck().get(runId, ...(lo ?? []), ...(hi ?? []))) === 0;
}
