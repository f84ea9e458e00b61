/**
 * Validates a run's input and lays it out for the waterfall: claims sorted by
 * reference (byte order), each claim split into portions ("slots": one per
 * class the claim takes part in, contiguous per claim), and the static groups
 * the waterfall walks (lien levels, ranks, interest ranks, residual ranks).
 * Slots are numbered in claim-reference order, so a slot's number is its
 * tie-break position.
 */
import { divHalfEven, min, type Ratio } from '../money/index.js';
import { NIL_STATUSES, PENDING_STATUSES } from '../domain/claims.js';
import { EngineError, type ClaimInput, type ClassDef, type RunInput } from './types.js';
import { sortedIndices } from './order.js';
import { actualDays, simpleInterest } from './value.js';

/** Slot kinds: a part of the class chain, a claim on collateral, or a class the claim was paid in before but no longer has. */
export const CHAIN = 0;
export const SECURED = 1;
export const ORPHAN = 2;

/** Claim kinds: nothing, paid, reserved. */
export const NIL = 0;
export const ALLOWED = 1;
export const PENDING = 2;

export interface Collateral {
  ref: string;
  proceeds: bigint;
  /** Slots per lien level, most senior first. */
  levels: number[][];
}

export interface Prepared {
  input: RunInput;
  classes: ClassDef[];
  classIdx: Map<string, number>;
  claims: ClaimInput[];
  claimKind: Uint8Array;
  /** Value the waterfall uses: the value, or a pending claim's reserve estimate. */
  effValue: bigint[];
  /** Slots of claim i are claimStart[i] .. claimStart[i + 1] − 1. */
  claimStart: Int32Array;
  slotClaim: Int32Array;
  slotClass: Int32Array;
  slotKind: Uint8Array;
  slotCollateral: Int32Array;
  slotP: bigint[];
  slotValue: bigint[];
  slotDemand: bigint[];
  slotInterestDemand: bigint[];
  /** Claims with a secured slot (always its first slot). */
  securedClaims: number[];
  collaterals: Collateral[];
  rankGroups: number[][];
  interestGroups: number[][];
  residualGroups: number[][];
  rate: Ratio | null;
  days: bigint;
}

const STATUS_KIND: Readonly<Record<string, number>> = Object.fromEntries([
  ['allowed', ALLOWED],
  ...PENDING_STATUSES.map((st) => [st, PENDING]),
  ...NIL_STATUSES.map((st) => [st, NIL]),
]);

function nonNegative(x: bigint | null | undefined, what: string): void {
  if (x != null && x < 0n) throw new EngineError(`${what} cannot be negative`);
}

function indexClasses(defs: readonly ClassDef[], fallbackDeficiency: string) {
  const classes = defs.slice();
  const classIdx = new Map<string, number>();
  classes.forEach((c, i) => {
    if (classIdx.has(c.code)) throw new EngineError(`Class ${c.code} is defined twice`);
    if (!Number.isInteger(c.rank) || c.rank < 1) throw new EngineError(`Class ${c.code}: rank must be a whole number ≥ 1`);
    if (c.treatment === 'fixed_pct' && (c.pct == null || c.pct.den <= 0n || c.pct.num < 0n)) {
      throw new EngineError(`Class ${c.code}: a fixed-percentage class needs a non-negative pct`);
    }
    nonNegative(c.cap, `Class ${c.code}: the cap`);
    nonNegative(c.portionCap, `Class ${c.code}: the portion cap`);
    if (c.portionCap != null && !c.overflowClass) throw new EngineError(`Class ${c.code}: a portion cap needs an overflow class`);
    classIdx.set(c.code, i);
  });
  const need = (code: string, from: string): number => {
    const i = classIdx.get(code);
    if (i === undefined) throw new EngineError(`${from} names unknown class ${code}`);
    return i;
  };
  /** chain[k]: the classes a value filed in class k spreads over (portion caps, then overflow). */
  const chain: number[][] = classes.map((c, k) => {
    const out = [k];
    let cur = c;
    while (cur.portionCap != null) {
      const next = need(cur.overflowClass!, `Class ${cur.code}'s overflow`);
      if (out.includes(next)) throw new EngineError(`Class ${c.code}: overflow classes form a cycle`);
      out.push(next);
      cur = classes[next]!;
    }
    return out;
  });
  /** deficiency[k]: the chain a secured class k's deficiency spreads over. */
  const deficiency: (number[] | null)[] = classes.map((c, k) => {
    if (!c.secured) return null;
    const d = need(c.deficiencyClass ?? fallbackDeficiency, `Class ${c.code}'s deficiency`);
    const ch = chain[d]!;
    if (ch.includes(k)) throw new EngineError(`Class ${c.code}: its deficiency leads back to itself`);
    return ch;
  });
  return { classes, classIdx, chain, deficiency, need };
}

/** Groups slots by a rank, most senior first; slots stay in position order. */
function byRank(entries: Map<number, number[]>): number[][] {
  return [...entries.keys()].sort((a, b) => a - b).map((r) => entries.get(r)!);
}

function push(map: Map<number, number[]>, key: number, slot: number): void {
  const list = map.get(key);
  if (list) list.push(slot);
  else map.set(key, [slot]);
}

export function prepare(input: RunInput): Prepared {
  if (!Number.isInteger(input.currencyScale) || input.currencyScale < 0) throw new EngineError('Bad currency scale');
  nonNegative(input.cumulativeReleased, 'The cumulative release D');
  nonNegative(input.deMinimis, 'The de minimis threshold');
  const rate = input.interestRate ?? null;
  if (rate && (rate.den <= 0n || rate.num < 0n)) throw new EngineError('The interest rate must be a non-negative ratio');
  const days = actualDays(input.petitionDate, input.runDate);
  const { classes, classIdx, chain, deficiency, need } = indexClasses(input.classes, input.defaultDeficiencyClass ?? 'GUC');

  const collaterals: Collateral[] = [];
  const collateralIdx = new Map<string, number>();
  for (const c of input.collateral ?? []) {
    if (collateralIdx.has(c.ref)) throw new EngineError(`Collateral ${c.ref} is listed twice`);
    nonNegative(c.proceeds, `Collateral ${c.ref}: proceeds`);
    collateralIdx.set(c.ref, collaterals.length);
    collaterals.push({ ref: c.ref, proceeds: c.proceeds, levels: [] });
  }

  const order = sortedIndices(input.claims.map((c) => c.ref));
  const claims = order.map((i) => input.claims[i]!);
  const n = claims.length;
  for (let i = 1; i < n; i++) if (claims[i]!.ref === claims[i - 1]!.ref) throw new EngineError(`Claim ${claims[i]!.ref} is listed twice`);

  // Layouts: the classes a claim's portions are in, shared by every claim of the same class (and securedness).
  const layouts: { classes: number[]; secured: boolean }[] = [];
  const layoutOf = new Map<number, number>();
  const claimKind = new Uint8Array(n);
  const claimLayout = new Int32Array(n);
  const claimCollateral = new Int32Array(n).fill(-1);
  const effValue: bigint[] = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const c = claims[i]!;
    if (c.value < 0n || (c.reserveEstimate != null && c.reserveEstimate < 0n)) {
      throw new EngineError(`Claim ${c.ref}: a value or reserve estimate cannot be negative`);
    }
    const k = classIdx.get(c.classCode) ?? need(c.classCode, `Claim ${c.ref}`);
    const kind = STATUS_KIND[c.status];
    if (kind === undefined) throw new EngineError(`Claim ${c.ref}: unknown status ${String(c.status)}`);
    claimKind[i] = kind;
    effValue[i] = kind === NIL ? 0n : kind === PENDING ? (c.reserveEstimate ?? c.value) : c.value;
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

  // Paid-before amounts, matched to a portion of the claim's layout, or to an extra (orphan) portion.
  const claimPos = new Map<string, number>();
  claims.forEach((c, i) => claimPos.set(c.ref, i));
  const paidRows = input.paidBefore ?? [];
  const rowClaim = new Int32Array(paidRows.length);
  const rowClass = new Int32Array(paidRows.length);
  const orphans = new Map<number, number[]>();
  paidRows.forEach((p, r) => {
    const ci = claimPos.get(p.claimRef);
    if (ci === undefined) throw new EngineError(`A paid-before amount names unknown claim ${p.claimRef}`);
    if (p.amount < 0n) throw new EngineError(`Claim ${p.claimRef}: a paid-before amount cannot be negative`);
    const k = classIdx.get(p.classCode) ?? need(p.classCode, `Claim ${p.claimRef}'s paid-before amount`);
    rowClaim[r] = ci;
    rowClass[r] = k;
    if (layouts[claimLayout[ci]!]!.classes.includes(k)) return;
    const list = orphans.get(ci);
    if (!list) orphans.set(ci, [k]);
    else if (!list.includes(k)) list.push(k);
  });
  for (const list of orphans.values()) list.sort((a, b) => a - b);

  const claimStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    claimStart[i + 1] = claimStart[i]! + layouts[claimLayout[i]!]!.classes.length + (orphans.get(i)?.length ?? 0);
  }
  const slots = claimStart[n]!;
  const slotClaim = new Int32Array(slots);
  const slotClass = new Int32Array(slots);
  const slotKind = new Uint8Array(slots);
  const slotCollateral = new Int32Array(slots).fill(-1);
  const slotP = new Array<bigint>(slots).fill(0n);
  const securedClaims: number[] = [];
  const levelMaps = collaterals.map(() => new Map<number, number[]>());
  for (let i = 0; i < n; i++) {
    const layout = layouts[claimLayout[i]!]!;
    let s = claimStart[i]!;
    for (const k of layout.classes) {
      slotClaim[s] = i;
      slotClass[s++] = k;
    }
    for (const k of orphans.get(i) ?? []) {
      slotClaim[s] = i;
      slotClass[s] = k;
      slotKind[s++] = ORPHAN;
    }
    if (layout.secured) {
      const first = claimStart[i]!;
      const coll = claimCollateral[i]!;
      slotKind[first] = SECURED;
      slotCollateral[first] = coll;
      securedClaims.push(i);
      if (claimKind[i] !== NIL) push(levelMaps[coll]!, claims[i]!.lien ?? 1, first);
    }
  }
  paidRows.forEach((p, r) => {
    const ci = rowClaim[r]!;
    const k = rowClass[r]!;
    let s = claimStart[ci]!;
    while (slotClass[s] !== k) s++;
    slotP[s] = slotP[s]! + p.amount;
  });
  collaterals.forEach((c, j) => (c.levels = byRank(levelMaps[j]!)));

  const prep: Prepared = {
    input,
    classes,
    classIdx,
    claims,
    claimKind,
    effValue,
    claimStart,
    slotClaim,
    slotClass,
    slotKind,
    slotCollateral,
    slotP,
    slotValue: new Array<bigint>(slots).fill(0n),
    slotDemand: new Array<bigint>(slots).fill(0n),
    slotInterestDemand: new Array<bigint>(slots).fill(0n),
    securedClaims,
    collaterals,
    rankGroups: [],
    interestGroups: [],
    residualGroups: [],
    rate: rate && rate.num > 0n && days > 0n ? rate : null,
    days,
  };

  const ranks = new Map<number, number[]>();
  const interest = new Map<number, number[]>();
  const residual = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const from = claimStart[i]!;
    const to = claimStart[i + 1]!;
    if (prep.slotKind[from] === SECURED) prep.slotDemand[from] = effValue[i]!;
    else splitValue(prep, i, effValue[i]!);
    if (claimKind[i] === NIL) continue;
    for (let s = from; s < to; s++) {
      const cls = classes[prep.slotClass[s]!]!;
      if (prep.slotKind[s] === ORPHAN) continue;
      if (cls.treatment === 'residual') {
        if (prep.slotKind[s] === CHAIN) push(residual, cls.rank, s);
        continue;
      }
      if (prep.slotKind[s] === CHAIN) push(ranks, cls.rank, s);
      if (cls.interestBearing && prep.rate) push(interest, cls.rank, s);
    }
  }
  prep.rankGroups = byRank(ranks);
  prep.interestGroups = byRank(interest);
  prep.residualGroups = byRank(residual);
  return prep;
}

/**
 * Spread `amount` over claim i's chain slots (after its secured slot, if
 * any): each class with a portion cap keeps up to the cap, the last takes the
 * rest. Sets each slot's value, demand and interest demand.
 */
export function splitValue(prep: Prepared, i: number, amount: bigint): void {
  const from = prep.claimStart[i]!;
  const to = prep.claimStart[i + 1]!;
  let rest = amount;
  for (let s = from; s < to; s++) {
    if (prep.slotKind[s] !== CHAIN) continue;
    const cls = prep.classes[prep.slotClass[s]!]!;
    // Validation guarantees a class with a portion cap is followed by its overflow class in the chain.
    const part = cls.portionCap != null ? min(rest, cls.portionCap) : rest;
    rest -= part;
    prep.slotValue[s] = part;
    prep.slotDemand[s] = demandOf(cls, part);
    prep.slotInterestDemand[s] = interestOf(prep, cls, part);
  }
}

/** Step-2 demand of a portion of the given value (spec §3.2); a residual class's weight is its value. */
export function demandOf(cls: ClassDef, value: bigint): bigint {
  let d = value;
  if (cls.treatment === 'fixed_pct') d = divHalfEven(value * cls.pct!.num, cls.pct!.den);
  if (cls.cap != null && cls.treatment !== 'residual') d = min(d, cls.cap);
  return d;
}

export function interestOf(prep: Prepared, cls: ClassDef, value: bigint): bigint {
  if (!prep.rate || !cls.interestBearing || cls.treatment === 'residual') return 0n;
  return simpleInterest(value, prep.rate, prep.days);
}
