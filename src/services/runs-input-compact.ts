/**
 * The engine input of a range of claims in a compact, cloneable form, for the
 * helper worker of a large draft to hand to the job's worker (runs-input-split.ts).
 *
 * One string of references with their end offsets, and one typed array per
 * field: creditor and collateral ids (resolved by the receiving thread's own
 * lookups), class codes and statuses as indexes into a small table of names,
 * amounts in BigInt64Arrays (an amount beyond 64 bits is flagged and sent as
 * decimal text in a side list, in order), and the paid-before portions as a
 * count per claim with flat lists. The per-claim arrays are in shared memory
 * (SharedArrayBuffer), so sending the batch copies only the references'
 * string and the portions' lists, instead of cloning hundreds of thousands of
 * objects (which costs what reading them in a second thread saves).
 */
import type { ClaimInput, PortionAmount } from '../engine/index.js';
import type { ClaimStatus } from '../domain/claims.js';
import type { ClaimLookups } from './runs-input-claims.js';
import { fitsInt64 } from '../money/index.js';

/** Flags per claim. */
const VALUE_BIG = 1;
const RESERVE_SET = 2;
const RESERVE_BIG = 4;

/** What crosses between the threads (strings and typed arrays; the per-claim arrays hold at least `count` entries). */
export interface CompactClaims {
  count: number;
  /** Every reference, concatenated; refEnds[i] is where the i-th ends. */
  refs: string;
  refEnds: Uint32Array;
  creditorIds: Float64Array;
  /** Indexes into names. */
  classes: Uint32Array;
  statuses: Uint32Array;
  names: string[];
  values: BigInt64Array;
  reserves: BigInt64Array;
  flags: Uint8Array;
  /** Collateral (estate asset) ids and lien orders, NaN for none. */
  securedIds: Float64Array;
  liens: Float64Array;
  /** How many paid-before portions each claim has (0: none, paidBefore null), then the portions in order. */
  paidCounts: Uint32Array;
  paidClasses: Uint32Array;
  paidAmounts: BigInt64Array;
  paidBig: Uint8Array;
  /** Amounts beyond 64 bits, in the order they were met, as decimal text. */
  big: string[];
}

/** Collects claims (at most `capacity`) in the compact form. */
export class CompactWriter {
  private n = 0;
  private readonly refs: string[] = [];
  private readonly refEnds: Uint32Array;
  private refLength = 0;
  private readonly creditorIds: Float64Array;
  private readonly classes: Uint32Array;
  private readonly statuses: Uint32Array;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly values: BigInt64Array;
  private readonly reserves: BigInt64Array;
  private readonly flags: Uint8Array;
  private readonly securedIds: Float64Array;
  private readonly liens: Float64Array;
  private readonly paidCounts: Uint32Array;
  private readonly paidClasses: number[] = [];
  private readonly paidAmounts: bigint[] = [];
  private readonly paidBig: number[] = [];
  private readonly big: string[] = [];

  /** Room for `capacity` claims, in shared memory: sending the batch to another thread copies none of it. */
  constructor(readonly capacity: number) {
    const shared = (bytes: number) => new SharedArrayBuffer(Math.max(1, capacity * bytes));
    this.refEnds = new Uint32Array(shared(4));
    this.creditorIds = new Float64Array(shared(8));
    this.classes = new Uint32Array(shared(4));
    this.statuses = new Uint32Array(shared(4));
    this.values = new BigInt64Array(shared(8));
    this.reserves = new BigInt64Array(shared(8));
    this.flags = new Uint8Array(shared(1));
    this.securedIds = new Float64Array(shared(8));
    this.liens = new Float64Array(shared(8));
    this.paidCounts = new Uint32Array(shared(4));
  }

  private name(s: string): number {
    let i = this.nameIndex.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(s);
      this.nameIndex.set(s, i);
    }
    return i;
  }

  add(
    ref: string,
    creditorId: number,
    classCode: string,
    status: string,
    value: bigint,
    reserve: bigint | null,
    securedId: number | null,
    lien: number | null,
    paid: readonly PortionAmount[] | null,
  ): void {
    const i = this.n++;
    if (i >= this.capacity) throw new Error(`More claims than the ${this.capacity} expected in this range`);
    this.refs.push(ref);
    this.refLength += ref.length;
    this.refEnds[i] = this.refLength;
    this.creditorIds[i] = creditorId;
    this.classes[i] = this.name(classCode);
    this.statuses[i] = this.name(status);
    let f = 0;
    if (fitsInt64(value)) this.values[i] = value;
    else {
      f |= VALUE_BIG;
      this.big.push(value.toString());
    }
    if (reserve !== null) {
      f |= RESERVE_SET;
      if (fitsInt64(reserve)) this.reserves[i] = reserve;
      else {
        f |= RESERVE_BIG;
        this.big.push(reserve.toString());
      }
    }
    this.flags[i] = f;
    this.securedIds[i] = securedId ?? NaN;
    this.liens[i] = lien ?? NaN;
    if (paid) {
      this.paidCounts[i] = paid.length;
      for (const p of paid) {
        this.paidClasses.push(this.name(p.classCode));
        if (fitsInt64(p.amount)) {
          this.paidAmounts.push(p.amount);
          this.paidBig.push(0);
        } else {
          this.paidAmounts.push(0n);
          this.paidBig.push(1);
          this.big.push(p.amount.toString());
        }
      }
    }
  }

  /** The batch: views of the shared arrays (the writer must not be used after). */
  finish(): CompactClaims {
    return {
      count: this.n,
      refs: this.refs.join(''),
      refEnds: this.refEnds,
      creditorIds: this.creditorIds,
      classes: this.classes,
      statuses: this.statuses,
      names: this.names,
      values: this.values,
      reserves: this.reserves,
      flags: this.flags,
      securedIds: this.securedIds,
      liens: this.liens,
      paidCounts: this.paidCounts,
      paidClasses: Uint32Array.from(this.paidClasses),
      paidAmounts: BigInt64Array.from(this.paidAmounts),
      paidBig: Uint8Array.from(this.paidBig),
      big: this.big,
    };
  }
}

/**
 * Append the claims of a compact batch to `out` as engine input, resolving
 * creditors (reference, KYC) and collateral with this thread's lookups.
 */
export function decodeClaims(c: CompactClaims, lookups: ClaimLookups, out: ClaimInput[]): void {
  const names = c.names;
  const { creditors, collateral } = lookups;
  let start = 0;
  let big = 0;
  let portion = 0;
  for (let i = 0; i < c.count; i++) {
    const end = c.refEnds[i]!;
    const ref = c.refs.slice(start, end);
    start = end;
    const f = c.flags[i]!;
    // The side list of wide amounts is in the order they were written: value, reserve, then the portions.
    const value = f & VALUE_BIG ? BigInt(c.big[big++]!) : c.values[i]!;
    const reserve = !(f & RESERVE_SET) ? null : f & RESERVE_BIG ? BigInt(c.big[big++]!) : c.reserves[i]!;
    const np = c.paidCounts[i]!;
    let paid: PortionAmount[] | null = null;
    if (np > 0) {
      paid = [];
      for (let k = 0; k < np; k++, portion++) {
        const amount = c.paidBig[portion] ? BigInt(c.big[big++]!) : c.paidAmounts[portion]!;
        paid.push({ classCode: names[c.paidClasses[portion]!]!, amount });
      }
    }
    const cid = c.creditorIds[i]!;
    const sid = c.securedIds[i]!;
    const lien = c.liens[i]!;
    out.push({
      ref,
      creditorRef: creditors.ref(cid),
      classCode: names[c.classes[i]!]!,
      status: names[c.statuses[i]!]! as ClaimStatus,
      value,
      reserveEstimate: reserve,
      securedBy: Number.isNaN(sid) ? null : (collateral.get(sid) ?? null),
      lien: Number.isNaN(lien) ? null : lien,
      kycVerified: creditors.verified(cid),
      paidBefore: paid,
    });
  }
}
