/**
 * Validates a run's input and lays it out for the waterfall: claims sorted by
 * reference (byte order), each claim split into portions ("slots": one per
 * class the claim takes part in, contiguous per claim), and the static groups
 * the waterfall walks (lien levels, ranks, interest ranks, residual ranks).
 * Slots are numbered in claim-reference order, so a slot's number is its
 * tie-break position. Everything per claim or per slot lives in typed
 * columns: a million claims cost a few arrays, not millions of objects.
 */
import { divFloor, divHalfEven, max, min, type Ratio } from '../money/index.js';
import { NIL_STATUSES, PENDING_STATUSES } from '../domain/claims.js';
import { EngineError, type ClaimInput, type ClassDef, type RunInput } from './types.js';
import { indexClasses } from './classes.js';
import { sortByRef } from './order.js';
import { actualDays, simpleInterest } from './value.js';
import { newCol, NARROW_LIMIT, type Col } from './cols.js';

/** Slot kinds: a part of the class chain, a claim on collateral, or a class the claim was paid in before but no longer has. */
export const CHAIN = 0;
export const SECURED = 1;
export const ORPHAN = 2;

/** Claim kinds: nothing, paid, reserved. */
export const NIL = 0;
export const ALLOWED = 1;
export const PENDING = 2;

const STATUS_KIND: Readonly<Record<string, number>> = Object.fromEntries([
  ['allowed', ALLOWED],
  ...PENDING_STATUSES.map((st) => [st, PENDING]),
  ...NIL_STATUSES.map((st) => [st, NIL]),
]);

export interface Collateral {
  ref: string;
  proceeds: bigint;
  /** Slots per lien level, most senior first. */
  levels: Int32Array[];
}

export interface Prepared {
  input: RunInput;
  classes: ClassDef[];
  claims: readonly ClaimInput[];
  claimKind: Uint8Array;
  /** Value the waterfall uses: the value, or a pending claim's reserve estimate; 0 for a nil status. */
  effValue: bigint[];
  /** Slots of claim i are claimStart[i] .. claimStart[i + 1] − 1. */
  claimStart: Int32Array;
  /** The collateral a claim's secured slot (its first) is on, or −1. */
  claimCollateral: Int32Array;
  slotClaim: Int32Array;
  slotClass: Int32Array;
  slotKind: Uint8Array;
  slotP: Col;
  slotValue: Col;
  slotDemand: Col;
  /** Post-petition interest demand; null when the run has no interest. */
  slotInterestDemand: Col | null;
  /** Claims with a secured slot. */
  securedClaims: number[];
  /** Slots with a paid-before amount: the only ones that can be overpaid. */
  paidSlots: Int32Array;
  /** Σ paid-before over all slots. */
  paidSum: bigint;
  collaterals: Collateral[];
  rankGroups: Int32Array[];
  interestGroups: Int32Array[];
  residualGroups: Int32Array[];
  rate: Ratio | null;
  days: bigint;
  /** Amount columns are bigint[] (true) or BigInt64Array (false); see cols.ts. */
  wide: boolean;
}

export function prepare(input: RunInput): Prepared {
  if (!Number.isInteger(input.currencyScale) || input.currencyScale < 0) throw new EngineError('Bad currency scale');
  if (input.cumulativeReleased < 0n) throw new EngineError('The cumulative release D cannot be negative');
  if ((input.deMinimis ?? 0n) < 0n) throw new EngineError('The de minimis threshold cannot be negative');
  const given = input.interestRate ?? null;
  if (given && (given.den <= 0n || given.num < 0n)) throw new EngineError('The interest rate must be a non-negative ratio');
  const days = actualDays(input.petitionDate, input.runDate);
  const rate = given && given.num > 0n && days > 0n ? given : null;
  const { classes, classIdx, chain, deficiency, need } = indexClasses(input.classes, input.defaultDeficiencyClass ?? 'GUC');

  const collaterals: Collateral[] = [];
  const collateralIdx = new Map<string, number>();
  for (const c of input.collateral ?? []) {
    if (collateralIdx.has(c.ref)) throw new EngineError(`Collateral ${c.ref} is listed twice`);
    if (c.proceeds < 0n) throw new EngineError(`Collateral ${c.ref}: proceeds cannot be negative`);
    collateralIdx.set(c.ref, collaterals.length);
    collaterals.push({ ref: c.ref, proceeds: c.proceeds, levels: [] });
  }

  const claims = sortByRef(input.claims);
  const n = claims.length;
  for (let i = 1; i < n; i++) if (claims[i]!.ref === claims[i - 1]!.ref) throw new EngineError(`Claim ${claims[i]!.ref} is listed twice`);

  // Layouts: the classes a claim's portions are in, shared by every claim of the same class (and securedness).
  const layouts: { classes: number[]; secured: boolean }[] = [];
  const layoutOf = new Map<number, number>();
  const claimKind = new Uint8Array(n);
  const claimLayout = new Int32Array(n);
  const claimCollateral = new Int32Array(n).fill(-1);
  const effValue = new Array<bigint>(n);
  let valueSum = 0n;
  for (let i = 0; i < n; i++) {
    const c = claims[i]!;
    if (c.value < 0n || (c.reserveEstimate != null && c.reserveEstimate < 0n)) {
      throw new EngineError(`Claim ${c.ref}: a value or reserve estimate cannot be negative`);
    }
    const k = classIdx.get(c.classCode) ?? need(c.classCode, `Claim ${c.ref}`);
    const kind = STATUS_KIND[c.status];
    if (kind === undefined) throw new EngineError(`Claim ${c.ref}: unknown status ${String(c.status)}`);
    claimKind[i] = kind;
    const v = kind === NIL ? 0n : kind === PENDING ? (c.reserveEstimate ?? c.value) : c.value;
    effValue[i] = v;
    valueSum += v;
    const def = deficiency[k];
    const secured = def != null && c.securedBy != null;
    if (secured) {
      const coll = collateralIdx.get(c.securedBy!);
      if (coll === undefined) throw new EngineError(`Claim ${c.ref} is secured by unknown collateral ${c.securedBy}`);
      const lien = c.lien ?? 1;
      if (!Number.isInteger(lien) || lien < 1) throw new EngineError(`Claim ${c.ref}: lien must be a whole number ≥ 1`);
      claimCollateral[i] = coll;
    }
    const key = k * 2 + (secured ? 1 : 0);
    let l = layoutOf.get(key);
    if (l === undefined) {
      l = layouts.length;
      layoutOf.set(key, l);
      layouts.push({ classes: secured ? [k, ...def] : (def ?? chain[k]!), secured });
    }
    claimLayout[i] = l;
  }

  // Paid-before amounts (per claim, or as rows): checked and summed here, matched to a portion of the
  // claim's layout or to an extra (orphan) portion; added to the slots once they exist.
  const orphans = new Map<number, number[]>();
  let paidSum = 0n;
  const checkPaid = (ci: number, classCode: string, amount: bigint): number => {
    if (amount < 0n) throw new EngineError(`Claim ${claims[ci]!.ref}: a paid-before amount cannot be negative`);
    const k = classIdx.get(classCode) ?? need(classCode, `Claim ${claims[ci]!.ref}'s paid-before amount`);
    paidSum += amount;
    if (!layouts[claimLayout[ci]!]!.classes.includes(k)) {
      const list = orphans.get(ci);
      if (!list) orphans.set(ci, [k]);
      else if (!list.includes(k)) list.push(k);
    }
    return k;
  };
  for (let i = 0; i < n; i++) {
    const pb = claims[i]!.paidBefore;
    if (pb) for (const p of pb) checkPaid(i, p.classCode, p.amount);
  }
  const rows = input.paidBefore ?? [];
  const rowClaim = new Int32Array(rows.length);
  const rowClass = new Int32Array(rows.length);
  if (rows.length) {
    const claimPos = new Map<string, number>();
    claims.forEach((c, i) => claimPos.set(c.ref, i));
    rows.forEach((p, r) => {
      const ci = claimPos.get(p.claimRef);
      if (ci === undefined) throw new EngineError(`A paid-before amount names unknown claim ${p.claimRef}`);
      rowClaim[r] = ci;
      rowClass[r] = checkPaid(ci, p.classCode, p.amount);
    });
  }
  for (const list of orphans.values()) list.sort((a, b) => a - b);

  const claimStart = new Int32Array(n + 1);
  const layoutSize = Int32Array.from(layouts, (l) => l.classes.length);
  for (let i = 0; i < n; i++) claimStart[i + 1] = claimStart[i]! + layoutSize[claimLayout[i]!]!;
  if (orphans.size > 0) {
    let extra = 0;
    for (let i = 0; i < n; i++) {
      claimStart[i] = claimStart[i]! + extra;
      extra += orphans.get(i)?.length ?? 0;
    }
    claimStart[n] = claimStart[n]! + extra;
  }
  const slots = claimStart[n]!;
  const wide = needsWide(input, classes, rate, days, valueSum, paidSum, slots);
  const prep: Prepared = {
    input,
    classes,
    claims,
    claimKind,
    effValue,
    claimStart,
    claimCollateral,
    slotClaim: new Int32Array(slots),
    slotClass: new Int32Array(slots),
    slotKind: new Uint8Array(slots),
    slotP: newCol(slots, wide),
    slotValue: newCol(slots, wide),
    slotDemand: newCol(slots, wide),
    slotInterestDemand: rate ? newCol(slots, wide) : null,
    securedClaims: [],
    paidSlots: new Int32Array(0),
    paidSum,
    collaterals,
    rankGroups: [],
    interestGroups: [],
    residualGroups: [],
    rate,
    days,
    wide,
  };
  const { slotClaim, slotClass, slotKind, slotP } = prep;
  const levelMaps = collaterals.map(() => new Map<number, number[]>());
  for (let i = 0; i < n; i++) {
    const layout = layouts[claimLayout[i]!]!;
    const first = claimStart[i]!;
    let s = first;
    for (const k of layout.classes) {
      slotClaim[s] = i;
      slotClass[s++] = k;
    }
    if (orphans.size > 0) {
      for (const k of orphans.get(i) ?? []) {
        slotClaim[s] = i;
        slotClass[s] = k;
        slotKind[s++] = ORPHAN;
      }
    }
    if (layout.secured) {
      slotKind[first] = SECURED;
      prep.securedClaims.push(i);
      prep.slotDemand[first] = effValue[i]!;
      const levels = levelMaps[claimCollateral[i]!]!;
      const lien = claims[i]!.lien ?? 1;
      if (claimKind[i] !== NIL) {
        const level = levels.get(lien);
        if (level) level.push(first);
        else levels.set(lien, [first]);
      }
    } else {
      splitValue(prep, i, effValue[i]!);
    }
  }
  const paidSlots: number[] = [];
  const addPaid = (ci: number, k: number, amount: bigint): void => {
    let s = claimStart[ci]!;
    while (slotClass[s] !== k) s++;
    if (amount > 0n && slotP[s] === 0n) paidSlots.push(s);
    slotP[s] = slotP[s]! + amount;
  };
  for (let i = 0; i < n; i++) {
    const pb = claims[i]!.paidBefore;
    if (pb) for (const p of pb) addPaid(i, classIdx.get(p.classCode)!, p.amount);
  }
  rows.forEach((p, r) => addPaid(rowClaim[r]!, rowClass[r]!, p.amount));
  prep.paidSlots = Int32Array.from(paidSlots).sort();
  collaterals.forEach((c, j) => {
    const m = levelMaps[j]!;
    c.levels = [...m.keys()].sort((a, b) => a - b).map((lien) => Int32Array.from(m.get(lien)!));
  });
  buildGroups(prep);
  return prep;
}

/**
 * The rank groups (spec §3.2), interest groups (§3.3, by rank) and residual
 * groups (§3.3): slot lists per rank, most senior rank first, each in
 * position order. Counted first, then filled, so each is one typed array.
 */
function buildGroups(prep: Prepared): void {
  const { classes, slotClass, slotKind, slotClaim, claimKind } = prep;
  const ranks = [...new Set(classes.map((c) => c.rank))].sort((a, b) => a - b);
  const rankPos = new Map(ranks.map((r, i) => [r, i]));
  const R = ranks.length;
  // Group ids: principal R×0 + rank, interest R×1 + rank, residual R×2 + rank.
  const principalOf = classes.map((c) => (c.treatment === 'residual' ? 2 * R : 0) + rankPos.get(c.rank)!);
  const interestGroupOf = classes.map((c) =>
    prep.rate && c.interestBearing && c.treatment !== 'residual' ? R + rankPos.get(c.rank)! : -1,
  );
  const groupOf = (s: number, pass: number): number => {
    if (claimKind[slotClaim[s]!] === NIL || slotKind[s] === ORPHAN) return -1;
    if (pass === 0) return slotKind[s] === CHAIN ? principalOf[slotClass[s]!]! : -1;
    return interestGroupOf[slotClass[s]!]!;
  };
  const count = new Int32Array(3 * R);
  const slots = slotClass.length;
  for (let s = 0; s < slots; s++) {
    for (let pass = 0; pass < 2; pass++) {
      const g = groupOf(s, pass);
      if (g >= 0) count[g]!++;
    }
  }
  const groups = Array.from(count, (c) => new Int32Array(c));
  const fill = new Int32Array(3 * R);
  for (let s = 0; s < slots; s++) {
    for (let pass = 0; pass < 2; pass++) {
      const g = groupOf(s, pass);
      if (g >= 0) groups[g]![fill[g]!++] = s;
    }
  }
  const nonEmpty = (from: number): Int32Array[] => groups.slice(from, from + R).filter((g) => g.length > 0);
  prep.rankGroups = nonEmpty(0);
  prep.interestGroups = nonEmpty(R);
  prep.residualGroups = nonEmpty(2 * R);
}

/**
 * Whether some amount of the run might not fit 62 bits: the pool, the paid
 * before amounts, or the demands (values scaled by the largest fixed
 * percentage, plus the most interest could add, plus one per slot of rounding).
 */
function needsWide(
  input: RunInput,
  classes: readonly ClassDef[],
  rate: Ratio | null,
  days: bigint,
  valueSum: bigint,
  paidSum: bigint,
  slots: number,
): boolean {
  let pool = input.cumulativeReleased;
  for (const c of input.collateral ?? []) pool += c.proceeds;
  let factor = 1n;
  for (const c of classes) if (c.treatment === 'fixed_pct') factor = max(factor, divFloor(c.pct!.num, c.pct!.den) + 1n);
  let demand = valueSum * factor + BigInt(slots);
  if (rate) demand += divFloor(valueSum * rate.num * days, rate.den * 365n) + 1n;
  return pool >= NARROW_LIMIT || paidSum >= NARROW_LIMIT || demand >= NARROW_LIMIT;
}

/**
 * Spread `amount` over claim i's chain slots (after its secured slot, if
 * any): each class with a portion cap keeps up to the cap, the next takes the
 * rest. Sets each slot's value, demand and interest demand.
 */
export function splitValue(prep: Prepared, i: number, amount: bigint): void {
  const to = prep.claimStart[i + 1]!;
  let rest = amount;
  for (let s = prep.claimStart[i]!; s < to; s++) {
    if (prep.slotKind[s] !== CHAIN) continue;
    const cls = prep.classes[prep.slotClass[s]!]!;
    // Validation guarantees a class with a portion cap is followed by its overflow class in the chain.
    const part = cls.portionCap != null ? min(rest, cls.portionCap) : rest;
    rest -= part;
    prep.slotValue[s] = part;
    prep.slotDemand[s] = demandOf(cls, part);
    if (prep.slotInterestDemand) prep.slotInterestDemand[s] = interestOf(prep, cls, part);
  }
}

/** Step-2 demand of a portion of the given value (spec §3.2); a residual class's weight is its value. */
export function demandOf(cls: ClassDef, value: bigint): bigint {
  let d = value;
  if (cls.treatment === 'fixed_pct') d = divHalfEven(value * cls.pct!.num, cls.pct!.den);
  if (cls.cap != null && cls.treatment !== 'residual') d = min(d, cls.cap);
  return d;
}

/** Post-petition interest demand on a portion's value (spec §3.3): simple, actual/365, half-even. */
export function interestOf(prep: Prepared, cls: ClassDef, value: bigint): bigint {
  if (!prep.rate || !cls.interestBearing || cls.treatment === 'residual') return 0n;
  return simpleInterest(value, prep.rate, prep.days);
}
