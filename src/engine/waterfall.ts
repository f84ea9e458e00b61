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
import { newCol, type Col } from './cols.js';

/** The mutable state of a run's computation, reused across iterations. */
export interface State {
  /** 1 while a slot is in the computation; 0 once excluded (overpaid or forfeited) or never in it. */
  active: Uint8Array;
  /** Entitlement per slot (principal + interest). */
  E: Col;
  /** Interest part of E; null when the run has no interest. */
  interestE: Col | null;
  /** Excluded slots keep the entitlement they had when they left, and its interest part. */
  frozenE: Map<number, bigint>;
  frozenInterest: Map<number, bigint>;
  /** Final runs: fractional remainder numerators of each slot's last pro-rata share. */
  rem: Col | null;
  /** Paid-before amounts of excluded slots, taken off D (unsecured) or off their collateral's proceeds. */
  takenFromD: bigint;
  takenFromCollateral: bigint[];
  residue: bigint;
  undistributed: bigint;
}

export const OVERPAID = 1;
export const FORFEITED = 2;

/** Where an active slot's due (E − P) goes. */
export const TO_NONE = 0;
export const TO_PAID = 1;
export const TO_RESERVED = 2;
export const TO_WITHHELD = 3;

/** The settled outcome of a run, per slot, before it is shaped into the report. */
export interface Outcome {
  prep: Prepared;
  st: State;
  /** 0, OVERPAID or FORFEITED per slot. */
  excluded: Uint8Array;
  /** TO_PAID, TO_RESERVED or TO_WITHHELD per active slot. */
  dest: Uint8Array;
  iterations: number;
}

export function newState(prep: Prepared): State {
  const slots = prep.slotClaim.length;
  return {
    active: new Uint8Array(slots).fill(1),
    E: newCol(slots, prep.wide),
    interestE: prep.rate ? newCol(slots, prep.wide) : null,
    frozenE: new Map(),
    frozenInterest: new Map(),
    rem: prep.input.final ? newCol(slots, prep.wide) : null,
    takenFromD: 0n,
    takenFromCollateral: prep.collaterals.map(() => 0n),
    residue: 0n,
    undistributed: 0n,
  };
}

/** An excluded slot's entitlement when it left (0 if it never was in the computation). */
export function frozen(st: State, s: number): bigint {
  return st.frozenE.get(s) ?? 0n;
}

/** The interest part of an excluded slot's entitlement when it left. */
export function frozenInterest(st: State, s: number): bigint {
  return st.frozenInterest.get(s) ?? 0n;
}

class Allotter {
  constructor(private readonly st: State) {}

  /**
   * Pay `avail` to a group with the given demands (spec §3.2): in full when
   * it suffices, else pro rata with floor. Returns what is left.
   */
  capped(group: Int32Array, demand: Col, avail: bigint, interest: Col | null): bigint {
    const { active, E } = this.st;
    let T = 0n;
    for (let j = 0; j < group.length; j++) {
      const s = group[j]!;
      if (active[s]) T += demand[s]!;
    }
    if (T === 0n) return avail;
    if (avail >= T) {
      for (let j = 0; j < group.length; j++) {
        const s = group[j]!;
        if (!active[s]) continue;
        const d = demand[s]!;
        E[s] = E[s]! + d;
        if (interest) interest[s] = interest[s]! + d;
      }
      return avail - T;
    }
    if (avail <= 0n) return avail;
    this.proRata(group, demand, T, avail, interest);
    return 0n;
  }

  /** Pay all of `avail` pro rata to the weights, without a cap (the residual class, spec §3.3). */
  uncapped(group: Int32Array, weight: Col, avail: bigint): bigint {
    const { active } = this.st;
    let W = 0n;
    for (let j = 0; j < group.length; j++) {
      const s = group[j]!;
      if (active[s]) W += weight[s]!;
    }
    if (W === 0n || avail <= 0n) return avail;
    this.proRata(group, weight, W, avail, null);
    return 0n;
  }

  private proRata(group: Int32Array, weight: Col, total: bigint, avail: bigint, interest: Col | null): void {
    const { active, E, rem } = this.st;
    let given = 0n;
    for (let j = 0; j < group.length; j++) {
      const s = group[j]!;
      if (!active[s]) continue;
      const p = avail * weight[s]!;
      const e = divFloor(p, total);
      if (rem) rem[s] = remainderOf(p, total);
      E[s] = E[s]! + e;
      if (interest) interest[s] = interest[s]! + e;
      given += e;
    }
    const residue = avail - given;
    if (residue === 0n) return;
    if (!rem) {
      this.st.residue += residue;
      return;
    }
    const live = group.filter((s) => active[s] === 1);
    for (const s of residueRecipients(residue, live, rem)) {
      E[s] = E[s]! + 1n;
      if (interest) interest[s] = interest[s]! + 1n;
    }
  }
}

/** Compute every active slot's entitlement afresh; sets residue and undistributed. */
export function computeEntitlements(prep: Prepared, st: State): void {
  const { E, active } = st;
  E.fill(0n);
  st.interestE?.fill(0n);
  st.residue = 0n;
  const allot = new Allotter(st);

  // §3.1 Secured claims: each collateral's proceeds (less what excluded claims on it were paid), lien level by lien level.
  let surplus = 0n;
  prep.collaterals.forEach((c, j) => {
    let left = c.proceeds - st.takenFromCollateral[j]!;
    for (const level of c.levels) left = allot.capped(level, prep.slotDemand, left, null);
    surplus += left;
  });
  // The deficiency (value − secured entitlement) is a claim in the deficiency class chain.
  for (const i of prep.securedClaims) {
    const s = prep.claimStart[i]!;
    // The secured part: what the collateral gives (interest, from G, comes later and is no part of it).
    const secured = active[s] ? E[s]! : frozen(st, s) - frozenInterest(st, s);
    prep.slotValue[s] = secured;
    if (prep.slotInterestDemand) {
      prep.slotInterestDemand[s] = interestOf(prep, prep.classes[prep.slotClass[s]!]!, secured);
    }
    splitValue(prep, i, prep.effValue[i]! - secured);
  }

  // §3.2 Ranks, on G = D + surplus proceeds, less what excluded unsecured portions were paid.
  let G = prep.input.cumulativeReleased - st.takenFromD + surplus;
  for (const group of prep.rankGroups) G = allot.capped(group, prep.slotDemand, G, null);
  // §3.3 Surplus: post-petition interest by rank, then the residual class (the most senior residual rank takes it all).
  if (prep.slotInterestDemand) {
    for (const group of prep.interestGroups) G = allot.capped(group, prep.slotInterestDemand, G, st.interestE);
  }
  for (const group of prep.residualGroups) G = allot.uncapped(group, prep.slotValue, G);
  st.undistributed = G;
}
