/**
 * One computation of entitlements for the cumulative pool (spec §3), over the
 * portions still in the computation. Collateral first (lien order, pro rata
 * within a level), then the general pool G = D + surplus proceeds through
 * the ranks, the post-petition interest ranks and the residual class.
 *
 * Every pro-rata share is floor(avail × weight ÷ total) (divFloor). The
 * floor residue of a short group is kept as `residue` by an interim run and
 * handed out by a final run, one minor unit each to the largest fractional
 * remainders, ties by position (= claim reference in byte order).
 */
import { divFloor, remainderOf } from '../money/index.js';
import { residueRecipients } from './order.js';
import { interestOf, splitValue, type Prepared } from './prepare.js';

/** The mutable state of a run's computation, reused across iterations. */
export interface State {
  /** 1 while a slot is in the computation; 0 once excluded (overpaid or forfeited). */
  active: Uint8Array;
  /** Entitlement per slot (principal + interest). */
  E: bigint[];
  /** Interest part of E. */
  interestE: bigint[];
  /** Excluded slots keep the entitlement they had when they left. */
  frozenE: bigint[];
  /** Scratch: fractional remainder numerators of the last pro-rata share per slot. */
  rem: bigint[];
  /** Paid-before amounts of excluded slots, taken off D (unsecured) or off their collateral's proceeds. */
  takenFromD: bigint;
  takenFromCollateral: bigint[];
  residue: bigint;
  undistributed: bigint;
}

export const OVERPAID = 1;
export const FORFEITED = 2;

/** The settled outcome of a run, per slot, before it is shaped into the report. */
export interface Outcome {
  prep: Prepared;
  st: State;
  /** 0, OVERPAID or FORFEITED per slot. */
  excluded: Uint8Array;
  paid: bigint[];
  reserved: bigint[];
  withheld: bigint[];
  iterations: number;
}

export function newState(prep: Prepared): State {
  const slots = prep.slotClaim.length;
  return {
    active: new Uint8Array(slots).fill(1),
    E: new Array<bigint>(slots).fill(0n),
    interestE: new Array<bigint>(slots).fill(0n),
    frozenE: new Array<bigint>(slots).fill(0n),
    rem: new Array<bigint>(slots).fill(0n),
    takenFromD: 0n,
    takenFromCollateral: prep.collaterals.map(() => 0n),
    residue: 0n,
    undistributed: 0n,
  };
}

class Allotter {
  constructor(
    private readonly st: State,
    private readonly final: boolean,
  ) {}

  /**
   * Pay `avail` to a group with the given demands (spec §3.2): in full when
   * it suffices, else pro rata with floor. Returns what is left.
   */
  capped(group: readonly number[], demand: readonly bigint[], avail: bigint, interest: boolean): bigint {
    const { active, E, interestE } = this.st;
    let T = 0n;
    for (const s of group) if (active[s]) T += demand[s]!;
    if (T === 0n) return avail;
    if (avail >= T) {
      for (const s of group) {
        if (!active[s]) continue;
        E[s] = E[s]! + demand[s]!;
        if (interest) interestE[s] = interestE[s]! + demand[s]!;
      }
      return avail - T;
    }
    if (avail <= 0n) return avail;
    this.proRata(group, demand, T, avail, interest);
    return 0n;
  }

  /** Pay all of `avail` pro rata to the weights, without a cap (the residual class, spec §3.3). */
  uncapped(group: readonly number[], weight: readonly bigint[], avail: bigint): bigint {
    const { active } = this.st;
    let W = 0n;
    for (const s of group) if (active[s]) W += weight[s]!;
    if (W === 0n || avail <= 0n) return avail;
    this.proRata(group, weight, W, avail, false);
    return 0n;
  }

  private proRata(group: readonly number[], weight: readonly bigint[], total: bigint, avail: bigint, interest: boolean): void {
    const { active, E, interestE, rem } = this.st;
    let given = 0n;
    for (const s of group) {
      if (!active[s]) continue;
      const p = avail * weight[s]!;
      const e = divFloor(p, total);
      rem[s] = remainderOf(p, total);
      E[s] = E[s]! + e;
      if (interest) interestE[s] = interestE[s]! + e;
      given += e;
    }
    const residue = avail - given;
    if (residue === 0n) return;
    if (!this.final) {
      this.st.residue += residue;
      return;
    }
    const live = group.filter((s) => active[s] === 1);
    for (const s of residueRecipients(residue, live, rem)) {
      E[s] = E[s]! + 1n;
      if (interest) interestE[s] = interestE[s]! + 1n;
    }
  }
}

/** Compute every active slot's entitlement afresh; sets residue and undistributed. */
export function computeEntitlements(prep: Prepared, st: State): void {
  const { E, interestE, active, frozenE } = st;
  E.fill(0n);
  interestE.fill(0n);
  st.residue = 0n;
  const allot = new Allotter(st, prep.input.final);

  // §3.1 Secured claims: each collateral's proceeds (less what excluded claims on it were paid), lien level by lien level.
  let surplus = 0n;
  prep.collaterals.forEach((c, j) => {
    let left = c.proceeds - st.takenFromCollateral[j]!;
    for (const level of c.levels) left = allot.capped(level, prep.slotDemand, left, false);
    surplus += left;
  });
  // The deficiency (value − secured entitlement) is a claim in the deficiency class chain.
  for (const i of prep.securedClaims) {
    const s = prep.claimStart[i]!;
    const secured = active[s] ? E[s]! : frozenE[s]!;
    prep.slotValue[s] = secured;
    prep.slotInterestDemand[s] = interestOf(prep, prep.classes[prep.slotClass[s]!]!, secured);
    splitValue(prep, i, prep.effValue[i]! - secured);
  }

  // §3.2 Ranks, on G = D + surplus proceeds, less what excluded unsecured portions were paid.
  let G = prep.input.cumulativeReleased - st.takenFromD + surplus;
  for (const group of prep.rankGroups) G = allot.capped(group, prep.slotDemand, G, false);
  // §3.3 Surplus: post-petition interest by rank, then the residual class (the most senior residual rank takes it all).
  for (const group of prep.interestGroups) G = allot.capped(group, prep.slotInterestDemand, G, true);
  for (const group of prep.residualGroups) G = allot.uncapped(group, prep.slotValue, G);
  st.undistributed = G;
}
