/**
 * Shapes a settled run into its report: per claim and portion, per class,
 * and the totals of the exactness identity. Claims come out in reference
 * byte order (the order prepare() laid them out in), classes by rank then
 * code, so the same input always gives the same report.
 */
import { EngineError, type ClaimResult, type ClassSummary, type PortionResult, type RunResult, type RunTotals } from './types.js';
import { SECURED, NIL } from './prepare.js';
import { byteComparator } from './order.js';
import { inKindSplit, percentString, ratioOf } from './value.js';
import { FORFEITED, OVERPAID, type Outcome } from './waterfall.js';

export function buildReport(o: Outcome): RunResult {
  const { prep, st, excluded, paid, reserved, withheld } = o;
  const { input, classes, slotClass, slotP, claimStart } = prep;
  const scale = input.currencyScale;
  const totals: RunTotals = {
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
  for (const c of prep.collaterals) totals.cumulative += c.proceeds;
  const demand = classes.map(() => 0n);
  const principal = classes.map(() => 0n);
  const interest = classes.map(() => 0n);

  const claims: ClaimResult[] = new Array<ClaimResult>(prep.claims.length);
  for (let i = 0; i < prep.claims.length; i++) {
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
    for (let s = claimStart[i]!; s < claimStart[i + 1]!; s++) {
      const k = slotClass[s]!;
      const cls = classes[k]!;
      const active = st.active[s] === 1;
      const why = excluded[s];
      const entitled = active ? st.E[s]! : st.frozenE[s]!;
      const P = slotP[s]!;
      const portion: PortionResult = {
        classCode: cls.code,
        secured: prep.slotKind[s] === SECURED,
        value: prep.slotValue[s]!,
        demand: prep.slotDemand[s]!,
        entitled,
        interest: active ? st.interestE[s]! : 0n,
        paidBefore: P,
        paid: paid[s]!,
        reserved: reserved[s]!,
        withheld: withheld[s]!,
        forfeited: why === FORFEITED ? entitled - P : 0n,
        receivable: why === OVERPAID ? P - entitled : 0n,
        inKind: null,
        excluded: why === OVERPAID ? 'overpaid' : why === FORFEITED ? 'forfeited' : null,
      };
      if (portion.paid > 0n && cls.inKindAsset != null) {
        const price = input.inKindPrices?.[cls.inKindAsset];
        if (!price) throw new EngineError(`Class ${cls.code} is paid in ${cls.inKindAsset}, which has no run-date price`);
        portion.inKind = { asset: cls.inKindAsset, ...inKindSplit(portion.paid, price.price, price.scale, scale) };
      }
      if (active && prep.claimKind[i] !== NIL) {
        demand[k] = demand[k]! + portion.demand;
        principal[k] = principal[k]! + entitled - portion.interest;
        interest[k] = interest[k]! + portion.interest;
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
    totals.paidThisRun += claim.paid;
    totals.paidCumulative += claim.paidBefore + claim.paid;
    totals.reserved += claim.reserved;
    totals.withheld += claim.withheld;
    totals.receivables += claim.receivable;
    totals.forfeited += claim.forfeited;
    claims[i] = claim;
  }

  const cmp = byteComparator(classes.map((c) => c.code));
  const summaries: ClassSummary[] = classes.map((c, k) => {
    const allocated = principal[k]! + interest[k]!;
    return {
      code: c.code,
      rank: c.rank,
      demand: demand[k]!,
      principal: principal[k]!,
      interest: interest[k]!,
      allocated,
      recovery: ratioOf(allocated, demand[k]!),
      recoveryPercent: percentString(allocated, demand[k]!),
    };
  });
  summaries.sort((a, b) => a.rank - b.rank || cmp(a.code, b.code));
  return { final: input.final, currencyScale: scale, claims, classes: summaries, totals, iterations: o.iterations };
}
