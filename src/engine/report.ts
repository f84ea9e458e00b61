/**
 * Shapes a settled run into its report: the totals of the exactness identity
 * and the class summaries are computed at once, in one pass over the portion
 * columns; the per-claim results are built on demand (claimAt), so that a
 * million-claim run need not hold two million result objects at once. Claims
 * come in reference byte order (the order prepare() laid them out in),
 * classes by rank then code: the same input always gives the same report.
 */
import { EngineError, type ClaimResult, type ClassSummary, type PortionResult, type RunResult, type RunTotals } from './types.js';
import { SECURED, NIL } from './prepare.js';
import { byteComparator } from './order.js';
import { inKindSplit, percentString, ratioOf } from './value.js';
import { frozen, frozenInterest, FORFEITED, OVERPAID, TO_PAID, TO_RESERVED, TO_WITHHELD, type Outcome } from './waterfall.js';

export class RunReport implements RunResult {
  readonly final: boolean;
  readonly currencyScale: number;
  readonly classes: ClassSummary[];
  readonly totals: RunTotals;
  readonly iterations: number;
  readonly claimCount: number;
  private cached: ClaimResult[] | null = null;

  constructor(private readonly o: Outcome) {
    const { prep, st, excluded, dest } = o;
    const { input, classes, slotClass, slotP, slotClaim, claimKind } = prep;
    this.final = input.final;
    this.currencyScale = input.currencyScale;
    this.iterations = o.iterations;
    this.claimCount = prep.claims.length;
    const t: RunTotals = {
      cumulative: input.cumulativeReleased,
      paidThisRun: 0n,
      paidCumulative: 0n,
      reserved: 0n,
      withheld: 0n,
      residue: st.residue,
      undistributed: st.undistributed,
      receivables: 0n,
      forfeited: 0n,
    };
    for (const c of prep.collaterals) t.cumulative += c.proceeds;
    const demand = classes.map(() => 0n);
    const allocated = classes.map(() => 0n);
    const interest = classes.map(() => 0n);
    t.paidCumulative = prep.paidSum;
    for (let s = 0; s < slotClaim.length; s++) {
      const k = slotClass[s]!;
      if (st.active[s]) {
        const E = st.E[s]!;
        const due = E - slotP[s]!;
        if (dest[s] === TO_PAID) t.paidThisRun += due;
        else if (dest[s] === TO_RESERVED) t.reserved += due;
        else if (dest[s] === TO_WITHHELD) t.withheld += due;
        if (claimKind[slotClaim[s]!] === NIL) continue;
        demand[k] = demand[k]! + prep.slotDemand[s]!;
        allocated[k] = allocated[k]! + E;
        if (st.interestE) interest[k] = interest[k]! + st.interestE[s]!;
        const asset = classes[k]!.inKindAsset;
        if (dest[s] === TO_PAID && due > 0n && asset != null) {
          const price = input.inKindPrices?.[asset];
          if (!price) throw new EngineError(`Class ${classes[k]!.code} is paid in ${asset}, which has no run-date price`);
          if (price.price.num <= 0n || price.price.den <= 0n) throw new EngineError(`The run-date price of ${asset} must be positive`);
        }
      } else if (excluded[s] === OVERPAID) t.receivables += slotP[s]! - frozen(st, s);
      else if (excluded[s] === FORFEITED) t.forfeited += frozen(st, s) - slotP[s]!;
    }
    t.paidCumulative += t.paidThisRun;
    this.totals = t;
    const cmp = byteComparator(classes.map((c) => c.code));
    this.classes = classes.map((c, k) => ({
      code: c.code,
      rank: c.rank,
      demand: demand[k]!,
      principal: allocated[k]! - interest[k]!,
      interest: interest[k]!,
      allocated: allocated[k]!,
      recovery: ratioOf(allocated[k]!, demand[k]!),
      recoveryPercent: percentString(allocated[k]!, demand[k]!),
    }));
    this.classes.sort((a, b) => a.rank - b.rank || cmp(a.code, b.code));
  }

  get claims(): readonly ClaimResult[] {
    if (!this.cached) this.cached = Array.from({ length: this.claimCount }, (_, i) => this.claimAt(i));
    return this.cached;
  }

  claimAt(i: number): ClaimResult {
    if (this.cached) return this.cached[i]!;
    const { prep, st, excluded, dest } = this.o;
    if (!Number.isInteger(i) || i < 0 || i >= this.claimCount) throw new RangeError(`No claim ${i}`);
    const c = prep.claims[i]!;
    const portions: PortionResult[] = [];
    const claim: ClaimResult = {
      ref: c.ref,
      creditorRef: c.creditorRef,
      status: c.status,
      portions,
      entitled: 0n,
      paidBefore: 0n,
      paid: 0n,
      reserved: 0n,
      withheld: 0n,
      forfeited: 0n,
      receivable: 0n,
    };
    for (let s = prep.claimStart[i]!; s < prep.claimStart[i + 1]!; s++) {
      const cls = prep.classes[prep.slotClass[s]!]!;
      const active = st.active[s] === 1;
      const why = excluded[s];
      const entitled = active ? st.E[s]! : frozen(st, s);
      const P = prep.slotP[s]!;
      const due = active ? entitled - P : 0n;
      const portion: PortionResult = {
        classCode: cls.code,
        secured: prep.slotKind[s] === SECURED,
        value: prep.slotValue[s]!,
        demand: prep.slotDemand[s]!,
        entitled,
        interest: active ? (st.interestE?.[s] ?? 0n) : frozenInterest(st, s),
        paidBefore: P,
        paid: dest[s] === TO_PAID ? due : 0n,
        reserved: dest[s] === TO_RESERVED ? due : 0n,
        withheld: dest[s] === TO_WITHHELD ? due : 0n,
        forfeited: why === FORFEITED ? entitled - P : 0n,
        receivable: why === OVERPAID ? P - entitled : 0n,
        inKind: null,
        excluded: why === OVERPAID ? 'overpaid' : why === FORFEITED ? 'forfeited' : null,
      };
      if (portion.paid > 0n && cls.inKindAsset != null) {
        const price = prep.input.inKindPrices![cls.inKindAsset]!;
        portion.inKind = {
          asset: cls.inKindAsset,
          ...inKindSplit(portion.paid, price.price, price.scale, prep.input.currencyScale),
        };
      }
      claim.entitled += entitled;
      claim.paidBefore += P;
      claim.paid += portion.paid;
      claim.reserved += portion.reserved;
      claim.withheld += portion.withheld;
      claim.forfeited += portion.forfeited;
      claim.receivable += portion.receivable;
      portions.push(portion);
    }
    return claim;
  }
}
