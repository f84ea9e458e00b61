/**
 * Classification rules: ordered conditions on a claim and its creditor that
 * assign a class; the first rule that matches wins. Pure: no I/O. A rule's
 * value bounds are held in case-currency minor units (text) when stored.
 */
import { DecimalError, formatDecimal, parseDecimal } from '../money/index.js';
import type { RuleArgs, RuleConditions } from '../api/contract/classes.js';
import { label } from './claims.js';

/** A rule as stored: conditions with value bounds in minor units. */
export interface RuleRow {
  id: number;
  position: number;
  name: string;
  classCode: string;
  when: RuleConditions;
}

export interface RuleProblem {
  /** 1-based position of the rule in the list. */
  rule: number;
  field: string;
  message: string;
}

/** Split a tags field: a JSON array, or words separated by commas, semicolons or bars; case-folded. */
export function parseTags(text: string | null | undefined): string[] {
  if (!text) return [];
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(t);
      if (Array.isArray(arr)) return arr.filter((x): x is string => typeof x === 'string').map((s) => s.trim().toLowerCase()).filter(Boolean);
    } catch {
      /* not JSON: fall through to separators */
    }
  }
  return t
    .split(/[,;|]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Check a rule from the API and convert its value bounds to minor units. */
export function ruleFromInput(
  input: RuleArgs,
  index: number,
  ctx: { scale: number; classes: ReadonlySet<string>; assets: ReadonlySet<string> },
  problems: RuleProblem[],
): Omit<RuleRow, 'id' | 'position'> & { id: number | undefined } {
  const n = index + 1;
  const p = (field: string, message: string) => problems.push({ rule: n, field, message });
  const classCode = input.classCode.trim().toUpperCase();
  if (!ctx.classes.has(classCode)) p('classCode', `Rule ${n}: class ${classCode} is not in the ladder`);
  const w = input.when;
  const when: RuleConditions = {};
  const list = <T extends string>(xs: T[] | undefined, norm: (s: T) => T): T[] | undefined => {
    if (!xs || xs.length === 0) return undefined;
    return [...new Set(xs.map(norm))].sort();
  };
  const types = list(w.creditorTypes, (s) => s);
  if (types) when.creditorTypes = types;
  const assets = list(w.assets, (s) => s);
  if (assets) {
    for (const a of assets) if (!ctx.assets.has(a)) p('assets', `Rule ${n}: ${a} is not an asset of this case`);
    when.assets = assets;
  }
  const sources = list(w.sources, (s) => s);
  if (sources) when.sources = sources;
  const bound = (v: string | undefined, field: 'minValue' | 'maxValue'): bigint | undefined => {
    if (v === undefined || v.trim() === '') return undefined;
    try {
      return parseDecimal(v, ctx.scale);
    } catch (e) {
      p(field, `Rule ${n}: ${(e as DecimalError).message} (a value in the case currency)`);
      return undefined;
    }
  };
  const min = bound(w.minValue, 'minValue');
  const max = bound(w.maxValue, 'maxValue');
  if (min !== undefined && max !== undefined && min > max) p('maxValue', `Rule ${n}: the lowest value is above the highest`);
  if (min !== undefined) when.minValue = min.toString();
  if (max !== undefined) when.maxValue = max.toString();
  const jur = list(w.jurisdictions, (s) => s.trim().toUpperCase());
  if (jur) when.jurisdictions = jur;
  const tags = list(w.tags, (s) => s.trim().toLowerCase());
  if (tags) when.tags = tags;
  if (w.secured !== undefined) when.secured = w.secured;
  const name = input.name.trim() || autoName(classCode, when, ctx.scale);
  return { id: input.id, name, classCode, when };
}

/** A rule's conditions for the API: bounds back to decimal text. */
export function conditionsView(when: RuleConditions, scale: number): RuleConditions {
  const out: RuleConditions = { ...when };
  if (when.minValue !== undefined) out.minValue = formatDecimal(BigInt(when.minValue), scale);
  if (when.maxValue !== undefined) out.maxValue = formatDecimal(BigInt(when.maxValue), scale);
  return out;
}

/** The conditions in words, for lists and the audit log. */
export function describe(when: RuleConditions, scale: number): string {
  const parts: string[] = [];
  const amt = (v: string) => formatDecimal(BigInt(v), scale, { group: true });
  if (when.creditorTypes) parts.push(`creditor ${when.creditorTypes.map(label).join(' or ')}`);
  if (when.assets) parts.push(`asset ${when.assets.join(' or ')}`);
  if (when.sources) parts.push(`source ${when.sources.join(' or ')}`);
  if (when.minValue !== undefined && when.maxValue !== undefined) parts.push(`value ${amt(when.minValue)} to ${amt(when.maxValue)}`);
  else if (when.minValue !== undefined) parts.push(`value ≥ ${amt(when.minValue)}`);
  else if (when.maxValue !== undefined) parts.push(`value ≤ ${amt(when.maxValue)}`);
  if (when.jurisdictions) parts.push(`jurisdiction ${when.jurisdictions.join(' or ')}`);
  if (when.tags) parts.push(`tagged ${when.tags.join(' or ')}`);
  if (when.secured !== undefined) parts.push(when.secured ? 'names collateral' : 'names no collateral');
  return parts.length ? parts.join(' · ') : 'every claim';
}

function autoName(classCode: string, when: RuleConditions, scale: number): string {
  const d = describe(when, scale);
  return (d === 'every claim' ? `Every other claim to ${classCode}` : d.charAt(0).toUpperCase() + d.slice(1)).slice(0, 200);
}

/** A rule ready to test claims fast. */
export interface CompiledRule {
  index: number;
  id: number | null;
  name: string;
  classCode: string;
  types: ReadonlySet<string> | null;
  assets: ReadonlySet<string> | null;
  sources: ReadonlySet<string> | null;
  min: bigint | null;
  max: bigint | null;
  jurisdictions: ReadonlySet<string> | null;
  tags: readonly string[] | null;
  secured: boolean | null;
}

export function compile(rules: ReadonlyArray<{ id: number | null; name: string; classCode: string; when: RuleConditions }>): CompiledRule[] {
  return rules.map((r, index) => ({
    index,
    id: r.id,
    name: r.name,
    classCode: r.classCode,
    types: r.when.creditorTypes ? new Set(r.when.creditorTypes) : null,
    assets: r.when.assets ? new Set(r.when.assets) : null,
    sources: r.when.sources ? new Set(r.when.sources) : null,
    min: r.when.minValue !== undefined ? BigInt(r.when.minValue) : null,
    max: r.when.maxValue !== undefined ? BigInt(r.when.maxValue) : null,
    jurisdictions: r.when.jurisdictions ? new Set(r.when.jurisdictions) : null,
    tags: r.when.tags ?? null,
    secured: r.when.secured ?? null,
  }));
}

/** What a rule looks at: a claim and its creditor. Tags are parsed only when a rule asks. */
export interface ClaimFacts {
  asset: string;
  source: string;
  value: bigint;
  secured: boolean;
  creditorType: string;
  jurisdiction: string | null;
  tags: () => ReadonlySet<string>;
}

export function matches(r: CompiledRule, c: ClaimFacts): boolean {
  if (r.types && !r.types.has(c.creditorType)) return false;
  if (r.assets && !r.assets.has(c.asset)) return false;
  if (r.sources && !r.sources.has(c.source)) return false;
  if (r.min !== null && c.value < r.min) return false;
  if (r.max !== null && c.value > r.max) return false;
  if (r.secured !== null && r.secured !== c.secured) return false;
  if (r.jurisdictions && (c.jurisdiction === null || !r.jurisdictions.has(c.jurisdiction.trim().toUpperCase()))) return false;
  if (r.tags) {
    const have = c.tags();
    if (!r.tags.some((t) => have.has(t))) return false;
  }
  return true;
}

/** The first rule that matches, or null: the first match wins. */
export function firstMatch(rules: readonly CompiledRule[], c: ClaimFacts): CompiledRule | null {
  for (const r of rules) if (matches(r, c)) return r;
  return null;
}
