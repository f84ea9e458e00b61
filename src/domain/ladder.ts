/**
 * The class ladder (spec §3, §5): how a class is stored, and the checks a
 * ladder must pass before it is saved. Pure: no I/O. Amounts are held in
 * case-currency minor units as text, exactly as the classes table holds them.
 */
import { DecimalError, formatDecimal, parseDecimal, parseRatio } from '../money/index.js';
import type { ClassArgs, ClassView, Treatment } from '../api/contract/classes.js';

/** One row of the classes table. */
export interface ClassRow {
  code: string;
  name: string;
  rank: number;
  treatment: Treatment;
  pct: string | null;
  cap: string | null;
  secured: boolean;
  deficiencyClass: string | null;
  portionCap: string | null;
  overflowClass: string | null;
  interestBearing: boolean;
  inKindAsset: string | null;
  position: number;
}

export interface LadderProblem {
  /** The class concerned (null for the ladder as a whole). */
  code: string | null;
  field: string;
  message: string;
}

export const CLASS_CODE = /^[A-Z][A-Z0-9_]{0,23}$/;
/** The class a secured claim's deficiency goes to when its class names none (as the engine assumes). */
export const DEFAULT_DEFICIENCY_CLASS = 'GUC';

/** The columns, in order, as SELECTed by the store. */
export const CLASS_COLUMNS =
  'code, name, rank, treatment, pct, cap, secured, deficiency_class, portion_cap, overflow_class, interest_bearing, in_kind_asset, position';

export function rowFromDb(r: Record<string, unknown>): ClassRow {
  return {
    code: String(r.code),
    name: String(r.name),
    rank: Number(r.rank),
    treatment: r.treatment as Treatment,
    pct: (r.pct as string | null) ?? null,
    cap: (r.cap as string | null) ?? null,
    secured: Number(r.secured) === 1,
    deficiencyClass: (r.deficiency_class as string | null) ?? null,
    portionCap: (r.portion_cap as string | null) ?? null,
    overflowClass: (r.overflow_class as string | null) ?? null,
    interestBearing: Number(r.interest_bearing) === 1,
    inKindAsset: (r.in_kind_asset as string | null) ?? null,
    position: Number(r.position),
  };
}

/** The ladder's order: rank, then position, then code. */
export function byRank(a: ClassRow | ClassView, b: ClassRow | ClassView): number {
  return a.rank - b.rank || a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

const blank = (s: string | null | undefined): s is null | undefined | '' => s === null || s === undefined || s.trim() === '';

/** An amount in the case currency → minor units as text, or a problem. */
function amountField(value: string | null | undefined, scale: number, code: string, field: string, problems: LadderProblem[]): string | null {
  if (blank(value)) return null;
  try {
    const minor = parseDecimal(value, scale);
    return minor.toString();
  } catch (e) {
    problems.push({ code, field, message: e instanceof DecimalError ? `${code} ${field}: ${e.message.replace(' for this asset', ' in the case currency')}` : String(e) });
    return null;
  }
}

/** Turn an API class into a stored row, collecting what is wrong with its fields. */
export function rowFromInput(input: ClassArgs, scale: number, position: number, problems: LadderProblem[]): ClassRow {
  const code = input.code.trim().toUpperCase();
  let pct: string | null = null;
  if (!blank(input.pct)) {
    try {
      const r = parseRatio(input.pct);
      if (r.num < 0n || r.num > r.den) problems.push({ code, field: 'pct', message: `The percentage ${input.pct} is outside 0 to 1 (write 0.5 for 50%)` });
      else pct = input.pct.trim();
    } catch (e) {
      problems.push({ code, field: 'pct', message: `${(e as Error).message} (a fraction between 0 and 1, such as 0.5)` });
    }
  }
  return {
    code,
    name: input.name.trim(),
    rank: input.rank,
    treatment: input.treatment,
    pct,
    cap: amountField(input.cap, scale, code, 'cap', problems),
    secured: input.secured,
    deficiencyClass: blank(input.deficiencyClass) ? null : input.deficiencyClass.trim().toUpperCase(),
    portionCap: amountField(input.portionCap, scale, code, 'portionCap', problems),
    overflowClass: blank(input.overflowClass) ? null : input.overflowClass.trim().toUpperCase(),
    interestBearing: input.interestBearing,
    inKindAsset: blank(input.inKindAsset) ? null : input.inKindAsset,
    position,
  };
}

export function viewOf(r: ClassRow, scale: number): ClassView {
  const amt = (v: string | null) => (v === null ? null : formatDecimal(BigInt(v), scale));
  return { ...r, cap: amt(r.cap), portionCap: amt(r.portionCap) };
}

/**
 * Every check a ladder must pass: codes, ranks, treatments, percentages,
 * caps, deficiency and overflow classes, and the residual class's rules.
 */
export function validateLadder(rows: readonly ClassRow[], ctx: { assets: ReadonlySet<string>; currency: string }): LadderProblem[] {
  const problems: LadderProblem[] = [];
  const p = (code: string | null, field: string, message: string) => problems.push({ code, field, message });
  const byCode = new Map<string, ClassRow>();
  for (const r of rows) {
    if (!CLASS_CODE.test(r.code)) p(r.code, 'code', `Class code "${r.code}" must be capital letters, digits or _ (up to 24), starting with a letter`);
    if (byCode.has(r.code)) p(r.code, 'code', `Class code ${r.code} is used twice`);
    byCode.set(r.code, r);
    if (!r.name) p(r.code, 'name', `Class ${r.code} needs a name`);
    if (!Number.isInteger(r.rank) || r.rank < 1) p(r.code, 'rank', `Class ${r.code}: the rank must be a whole number of 1 or more (1 is paid first)`);
  }
  const residual = rows.filter((r) => r.treatment === 'residual');
  if (residual.length > 1) p(null, 'treatment', `Only one class can be residual (it takes what is left after every rank); found ${residual.map((r) => r.code).join(', ')}`);
  for (const r of rows) {
    const c = r.code;
    if (r.treatment === 'fixed_pct' && r.pct === null) p(c, 'pct', `Class ${c} is a fixed-percentage class: give its percentage as a fraction between 0 and 1 (0.5 for 50%)`);
    if (r.treatment !== 'fixed_pct' && r.pct !== null) p(c, 'pct', `Class ${c}: a percentage applies only to a fixed-percentage class`);
    if (r.treatment === 'residual') {
      for (const [field, set] of [
        ['cap', r.cap !== null],
        ['portionCap', r.portionCap !== null],
        ['overflowClass', r.overflowClass !== null],
        ['secured', r.secured],
        ['interestBearing', r.interestBearing],
      ] as const) {
        if (set) p(c, field, `Class ${c} is residual (equity): it takes what is left, pro rata to value, with no cap, split, security or interest; clear ${field}`);
      }
      const others = rows.filter((o) => o !== r);
      const junior = others.every((o) => o.rank < r.rank);
      if (!junior) p(c, 'rank', `Class ${c} is residual: it must rank below every other class, alone (it is at rank ${r.rank}; the most junior other class is at rank ${Math.max(...others.map((o) => o.rank))})`);
    }
    if (r.secured) {
      const def = r.deficiencyClass ?? DEFAULT_DEFICIENCY_CLASS;
      const d = byCode.get(def);
      if (!d) {
        p(c, 'deficiencyClass', r.deficiencyClass ? `Class ${c}: its deficiency class ${def} is not in the ladder` : `Class ${c} is secured: name the class its deficiency goes to (there is no ${DEFAULT_DEFICIENCY_CLASS} class)`);
      } else if (d === r) p(c, 'deficiencyClass', `Class ${c}: the deficiency must go to another class`);
      else if (d.secured) p(c, 'deficiencyClass', `Class ${c}: the deficiency class ${def} must be unsecured`);
      else if (d.treatment === 'residual') p(c, 'deficiencyClass', `Class ${c}: the deficiency cannot go to the residual class ${def}`);
    } else if (r.deficiencyClass !== null) {
      p(c, 'deficiencyClass', `Class ${c}: only a secured class has a deficiency class (tick secured, or clear it)`);
    }
    if ((r.portionCap === null) !== (r.overflowClass === null)) {
      p(c, r.portionCap === null ? 'portionCap' : 'overflowClass', `Class ${c}: a portion cap and an overflow class go together (the part above the cap goes to the overflow class)`);
    } else if (r.portionCap !== null && r.overflowClass !== null) {
      if (BigInt(r.portionCap) <= 0n) p(c, 'portionCap', `Class ${c}: the portion cap must be above zero`);
      const o = byCode.get(r.overflowClass);
      if (!o) p(c, 'overflowClass', `Class ${c}: its overflow class ${r.overflowClass} is not in the ladder`);
      else if (o === r) p(c, 'overflowClass', `Class ${c}: the overflow must go to another class`);
      else if (o.treatment === 'residual') p(c, 'overflowClass', `Class ${c}: the overflow cannot go to the residual class ${o.code}`);
      else if (o.rank <= r.rank) p(c, 'overflowClass', `Class ${c}: its overflow class ${o.code} (rank ${o.rank}) must rank below it (rank ${r.rank})`);
    }
    if (r.cap !== null && BigInt(r.cap) < 0n) p(c, 'cap', `Class ${c}: the cap cannot be negative`);
    if (r.inKindAsset !== null) {
      if (!ctx.assets.has(r.inKindAsset)) p(c, 'inKindAsset', `Class ${c}: ${r.inKindAsset} is not an asset of this case`);
      else if (r.inKindAsset === ctx.currency) p(c, 'inKindAsset', `Class ${c}: ${r.inKindAsset} is the case currency; in-kind payment names another asset`);
    }
  }
  return problems;
}

/** What differs between two versions of one class, field by field, for the audit and the version diff. */
export function classChanges(a: ClassRow, b: ClassRow, scale: number): Array<{ field: string; from: string | null; to: string | null }> {
  const va = viewOf(a, scale);
  const vb = viewOf(b, scale);
  const out: Array<{ field: string; from: string | null; to: string | null }> = [];
  for (const k of Object.keys(va) as Array<keyof ClassView>) {
    if (k === 'position' || k === 'code') continue;
    if (va[k] !== vb[k]) out.push({ field: k, from: va[k] === null ? null : String(va[k]), to: vb[k] === null ? null : String(vb[k]) });
  }
  return out;
}
