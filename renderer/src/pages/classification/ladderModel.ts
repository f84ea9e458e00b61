/**
 * The ladder editor's model: classes as an ordered list of rank groups (a
 * group shares one rank and is paid pari passu). Reordering moves a class
 * between groups; ranks are renumbered on save. Pure, so it is unit-tested.
 */
import type { ClassInput, ClassView } from '../../../../src/api/contract/classes.js';

export type Groups = ClassView[][];

export function toGroups(classes: readonly ClassView[]): Groups {
  const sorted = [...classes].sort((a, b) => a.rank - b.rank || a.position - b.position || (a.code < b.code ? -1 : 1));
  const groups: Groups = [];
  for (const c of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.rank === c.rank) last.push(c);
    else groups.push([c]);
  }
  return groups;
}

const clone = (g: Groups): Groups => g.map((x) => [...x]);

function find(g: Groups, code: string): { gi: number; ci: number } | null {
  for (let gi = 0; gi < g.length; gi++) {
    const ci = g[gi]!.findIndex((c) => c.code === code);
    if (ci >= 0) return { gi, ci };
  }
  return null;
}

/**
 * Move a class up: within a shared rank it swaps with the class above; the
 * first of a shared rank leaves it to rank alone just above; a class alone
 * in its rank moves above the rank before it.
 */
export function moveUp(groups: Groups, code: string): Groups {
  const g = clone(groups);
  const at = find(g, code);
  if (!at) return groups;
  const group = g[at.gi]!;
  if (at.ci > 0) {
    [group[at.ci - 1], group[at.ci]] = [group[at.ci]!, group[at.ci - 1]!];
    return g;
  }
  if (group.length > 1) {
    const [c] = group.splice(0, 1);
    g.splice(at.gi, 0, [c!]);
    return g;
  }
  if (at.gi === 0) return groups;
  [g[at.gi - 1], g[at.gi]] = [g[at.gi]!, g[at.gi - 1]!];
  return g;
}

/** The mirror of moveUp. */
export function moveDown(groups: Groups, code: string): Groups {
  const g = clone(groups);
  const at = find(g, code);
  if (!at) return groups;
  const group = g[at.gi]!;
  if (at.ci < group.length - 1) {
    [group[at.ci], group[at.ci + 1]] = [group[at.ci + 1]!, group[at.ci]!];
    return g;
  }
  if (group.length > 1) {
    const [c] = group.splice(at.ci, 1);
    g.splice(at.gi + 1, 0, [c!]);
    return g;
  }
  if (at.gi === g.length - 1) return groups;
  [g[at.gi], g[at.gi + 1]] = [g[at.gi + 1]!, g[at.gi]!];
  return g;
}

/** Whether a class shares its rank with the class listed above it. */
export function sharesAbove(groups: Groups, code: string): boolean {
  const at = find(groups, code);
  return !!at && at.ci > 0;
}

/**
 * Share (or stop sharing) the rank of the class above. Sharing joins the
 * class, and those after it in its rank, to the rank above; stopping splits
 * the rank before this class.
 */
export function setShared(groups: Groups, code: string, shared: boolean): Groups {
  const g = clone(groups);
  const at = find(g, code);
  if (!at) return groups;
  if (shared) {
    if (at.ci > 0 || at.gi === 0) return groups;
    g[at.gi - 1]!.push(...g[at.gi]!);
    g.splice(at.gi, 1);
    return g;
  }
  if (at.ci === 0) return groups;
  const rest = g[at.gi]!.splice(at.ci);
  g.splice(at.gi + 1, 0, rest);
  return g;
}

/** Drag and drop: the class takes its own rank right where the target's rank is (above it when moving up, below when moving down). */
export function moveTo(groups: Groups, code: string, target: string): Groups {
  if (code === target) return groups;
  const from = find(groups, code);
  const to = find(groups, target);
  if (!from || !to) return groups;
  const g = clone(groups);
  const [c] = g[from.gi]!.splice(from.ci, 1);
  const emptied = g[from.gi]!.length === 0;
  if (emptied) g.splice(from.gi, 1);
  let ti = to.gi - (emptied && from.gi < to.gi ? 1 : 0);
  if (from.gi < to.gi) ti += 1;
  g.splice(ti, 0, [c!]);
  return g;
}

/** Add a class as its own rank, above the residual class if the ladder ends with one. */
export function addClass(groups: Groups, c: ClassView): Groups {
  const g = clone(groups);
  const last = g[g.length - 1];
  const beforeResidual = last && last.length === 1 && last[0]!.treatment === 'residual';
  g.splice(beforeResidual ? g.length - 1 : g.length, 0, [c]);
  return g;
}

export function replaceClass(groups: Groups, code: string, c: ClassView): Groups {
  return groups.map((x) => x.map((k) => (k.code === code ? c : k)));
}

export function removeClass(groups: Groups, code: string): Groups {
  return groups.map((x) => x.filter((k) => k.code !== code)).filter((x) => x.length > 0);
}

/**
 * Back to classes with ranks. An untouched ladder keeps its ranks (gaps and
 * all); once the order changed, ranks are renumbered 1, 2, 3… by group.
 */
export function fromGroups(groups: Groups): ClassInput[] {
  const own = groups.map((g) => (g.every((c) => c.rank === g[0]!.rank) ? g[0]!.rank : NaN));
  const keep = own.every((r, i) => Number.isFinite(r) && r >= 1 && (i === 0 || r > own[i - 1]!));
  const out: ClassInput[] = [];
  groups.forEach((group, i) => {
    const rank = keep ? own[i]! : i + 1;
    for (const c of group) {
      out.push({
        code: c.code,
        name: c.name,
        rank,
        treatment: c.treatment,
        pct: c.pct,
        cap: c.cap,
        secured: c.secured,
        deficiencyClass: c.deficiencyClass,
        portionCap: c.portionCap,
        overflowClass: c.overflowClass,
        interestBearing: c.interestBearing,
        inKindAsset: c.inKindAsset,
      });
    }
  });
  return out;
}

/** The ranks the editor shows: what fromGroups would save. */
export function ranksOf(groups: Groups): number[] {
  const seen: number[] = [];
  const saved = fromGroups(groups);
  let i = 0;
  for (const group of groups) {
    seen.push(saved[i]!.rank);
    i += group.length;
  }
  return seen;
}
