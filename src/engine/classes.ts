/**
 * The case's classes, validated and indexed: where a value filed in a class
 * spreads (portion caps and overflow classes, spec §5) and where a secured
 * class's deficiency goes (spec §3.1).
 */
import { EngineError, type ClassDef } from './types.js';

export interface ClassIndex {
  classes: ClassDef[];
  classIdx: Map<string, number>;
  /** chain[k]: the classes a value filed in class k spreads over, in order (k, its overflow, …). */
  chain: number[][];
  /** deficiency[k]: for a secured class, the chain its claims' deficiency spreads over; else null. */
  deficiency: (number[] | null)[];
  /** The index of a class code, or an error naming who asked. */
  need: (code: string, from: string) => number;
}

function refuseNegative(x: bigint | null | undefined, what: string): void {
  if (x != null && x < 0n) throw new EngineError(`${what} cannot be negative`);
}

export function indexClasses(defs: readonly ClassDef[], fallbackDeficiency: string): ClassIndex {
  const classes = defs.slice();
  const classIdx = new Map<string, number>();
  classes.forEach((c, i) => {
    if (classIdx.has(c.code)) throw new EngineError(`Class ${c.code} is defined twice`);
    if (!Number.isInteger(c.rank) || c.rank < 1) throw new EngineError(`Class ${c.code}: rank must be a whole number ≥ 1`);
    if (c.treatment !== 'pro_rata' && c.treatment !== 'fixed_pct' && c.treatment !== 'residual') {
      throw new EngineError(`Class ${c.code}: unknown treatment ${String(c.treatment)}`);
    }
    if (c.treatment === 'fixed_pct' && (c.pct == null || c.pct.den <= 0n || c.pct.num < 0n)) {
      throw new EngineError(`Class ${c.code}: a fixed-percentage class needs a non-negative pct`);
    }
    refuseNegative(c.cap, `Class ${c.code}: the cap`);
    refuseNegative(c.portionCap, `Class ${c.code}: the portion cap`);
    if (c.portionCap != null && !c.overflowClass) throw new EngineError(`Class ${c.code}: a portion cap needs an overflow class`);
    classIdx.set(c.code, i);
  });
  const need = (code: string, from: string): number => {
    const i = classIdx.get(code);
    if (i === undefined) throw new EngineError(`${from} names unknown class ${code}`);
    return i;
  };
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
  const deficiency: (number[] | null)[] = classes.map((c, k) => {
    if (!c.secured) return null;
    const d = need(c.deficiencyClass ?? fallbackDeficiency, `Class ${c.code}'s deficiency`);
    const ch = chain[d]!;
    if (ch.includes(k)) throw new EngineError(`Class ${c.code}: its deficiency leads back to itself`);
    return ch;
  });
  return { classes, classIdx, chain, deficiency, need };
}
