/**
 * The proof root of a finalized run, computed straight from its lines for
 * runs of a million portions. The result is exactly src/proof's RunProof root
 * (docs/proof-format.md; a test checks they agree): the same salts, leaves,
 * sorted leaf order and node hashes. What differs is only how: leaves go into
 * one buffer, are ordered by a native sort of 64-bit keys (their first 43 bits
 * and their position) with ties settled byte by byte, and no per-leaf objects
 * are kept. Hashes are one-shot (crypto.hash, no Hash object per leaf) with
 * their digest as a latin1 ('binary') string written into the leaf buffer (half the cost
 * of a Buffer digest), and the per-creditor salt, HMAC-SHA256 (RFC 2104), is two
 * one-shot SHA-256 over the padded key and the message: the same bytes as
 * createHmac, a third of the cost.
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
const SALT_CACHE = 50_000;

/** 32 bytes from one buffer to another (a loop: Buffer#copy costs more than the bytes for so few). */
function copy32(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  for (let k = 0; k < 32; k++) dst[to + k] = src[from + k]!;
}

/** Compare two 32-byte hashes within one buffer, bytewise. */
function compare32(buf: Uint8Array, a: number, b: number): number {
  for (let k = 0; k < 32; k++) {
    const d = buf[a + k]! - buf[b + k]!;
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
  private readonly salts = new Map<string, string>();
  private readonly hmac: Hmac256;

  constructor(
    private readonly run: string,
    private readonly currency: string,
    secretHex: string,
    capacity = 1024,
  ) {
    this.hmac = new Hmac256(Buffer.from(secretHex, 'hex'));
    this.leaves = Buffer.allocUnsafe(Math.max(1, capacity) * 32);
  }

  /** A creditor's salt; the cache is emptied when it grows large (a Map of a million keys costs more than the HMACs it saves). */
  private salt(creditor: string): string {
    let s = this.salts.get(creditor);
    if (s === undefined) {
      s = this.hmac.hex(`${SALT_PREFIX}\n${creditor}\n${this.run}`);
      if (this.salts.size >= SALT_CACHE) this.salts.clear();
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
    this.leaves.write(hash('sha256', text, 'binary'), this.n * 32, 32, 'latin1');
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
    for (let i = 0; i < n; i++) copy32(this.leaves, order[i]! * 32, level, i * 32);
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
          const aFirst = compare32(level, a, b) <= 0;
          copy32(level, aFirst ? a : b, pair, 1);
          copy32(level, aFirst ? b : a, pair, 33);
          next.write(hash('sha256', pair, 'binary'), i * 32, 32, 'latin1');
        } else copy32(level, a, next, i * 32);
      }
      level = next;
      size = m;
    }
    return level.subarray(0, 32).toString('hex');
  }
}

/**
 * The Merkle root over a run's lines (docs/proof-format.md): one leaf per
 * claim portion, exactly as src/proof's RunProof builds it.
 */
export function merkleRoot(db: Db, r: RunRecord, progress?: JobContext['progress']): string {
  const { currency, scale } = caseMoney(db);
  const total = r.result?.portion_count ?? 0;
  const b = new MerkleBuilder(r.ref, currency, proofSecret(db), total);
  const zero = formatDecimal(0n, scale);
  const dec = (t: string) => (t === '0' ? zero : formatDecimal(BigInt(t), scale));
  const it = db
    .prepare('SELECT creditor_ref, claim_ref, class_code, paid_before, paid FROM run_lines WHERE run_id = ?')
    .raw()
    .iterate(r.id) as IterableIterator<[string, string, string, string, string]>;
  let n = 0;
  for (const [creditor, claim, cls, pb, paid] of it) {
    b.add(
      creditor,
      claim,
      cls,
      dec(paid),
      pb === '0' ? dec(paid) : paid === '0' ? dec(pb) : formatDecimal(BigInt(pb) + BigInt(paid), scale),
    );
    if (progress && ++n % 100_000 === 0) progress(n, total, 'Hashing the schedule');
  }
  progress?.(total, total, 'Computing the proof root');
  return b.root;
}

export interface ProofRootArgs {
  casePath: string;
  run: string;
}

/**
 * The proof root of an approved distribution run, read through a connection
 * of its own: the finalize job computes it in a second worker while it takes
 * its backup. Null unless the run is approved. An approved run's lines never
 * change (triggers), and finalizeRun uses the root only if the run is still
 * approved then, so it was approved, its lines as read, all along.
 */
export function proofRootTask(args: ProofRootArgs): Promise<{ id: number; root: string } | null> {
  const db = openRead(args.casePath);
  try {
    const r = findRun(db, args.run);
    return Promise.resolve(r.kind === 'distribution' && r.state === 'approved' ? { id: r.id, root: merkleRoot(db, r) } : null);
  } finally {
    db.close();
  }
}
