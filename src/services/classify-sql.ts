/**
 * Classification rules as SQL: the first-match-wins rule list becomes one
 * CASE expression SQLite evaluates per claim, so a million claims are
 * classified inside SQLite, in chunks of claim ids, with only aggregates and
 * moves coming back. The pure matcher in src/domain/class-rules.ts is the
 * reference; tests check that both agree.
 */
import type { ReadDb, WriteDb } from '../store/db.js';
import { NIL_STATUSES } from '../domain/claims.js';
import { parseTags, type CompiledRule } from '../domain/class-rules.js';

/** A live claim (claims alias c): disallowed, withdrawn, superseded and duplicate claims are not classified. */
export const LIVE = `status NOT IN (${NIL_STATUSES.map((s) => `'${s}'`).join(',')})`;

/**
 * A claim whose class a reviewer decided (overridden) or a person proposed by
 * hand keeps it: rules never replace a person's decision. (claims alias c;
 * the manual proposals are found through a small partial index.)
 */
export const PINNED_SQL = `(c.class_status IS 'overridden' OR EXISTS (SELECT 1 FROM classifications m INDEXED BY classifications_manual
  WHERE m.claim_id = c.id AND m.current = 1 AND m.proposed_by <> 'import' AND m.proposed_by NOT LIKE 'rule:%'))`;
/** The claim's class is approved as proposed (claims alias c). */
export const APPROVED_SQL = "(c.class_status IS 'approved')";

type Db = ReadDb | WriteDb;
const registered = new WeakSet<object>();

/** recourse_tags_any(claim tags, creditor tags, wanted JSON): whether either holds one of the wanted tags. */
export function registerFunctions(db: Db): void {
  if (registered.has(db)) return;
  const wantedCache = new Map<string, string[]>();
  const setCache = new Map<string, ReadonlySet<string>>();
  const set = (t: string | null): ReadonlySet<string> => {
    if (!t) return EMPTY;
    let s = setCache.get(t);
    if (!s) {
      s = new Set(parseTags(t));
      if (setCache.size < 100_000) setCache.set(t, s);
    }
    return s;
  };
  db.function('recourse_tags_any', { deterministic: true }, (own: unknown, cred: unknown, wanted: unknown) => {
    let w = wantedCache.get(wanted as string);
    if (!w) wantedCache.set(wanted as string, (w = JSON.parse(wanted as string) as string[]));
    const a = set((own as string | null) ?? null);
    const b = set((cred as string | null) ?? null);
    return w.some((t) => a.has(t) || b.has(t)) ? 1 : 0;
  });
  registered.add(db);
}
const EMPTY: ReadonlySet<string> = new Set();

function hasColumn(db: Db, table: string, col: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).some((c) => c.name === col);
}

export interface RuleSql {
  /** CASE … END: the index of the first matching rule, or NULL. */
  expr: string;
  params: Record<string, unknown>;
  /** Whether the expression reads the creditor (alias cr). */
  creditor: boolean;
}

/** The rules as one CASE expression over claims c (and creditors cr). Values are bound, never spliced. */
export function firstMatchSql(db: Db, rules: readonly CompiledRule[], prefix = 'r'): RuleSql {
  registerFunctions(db);
  const params: Record<string, unknown> = {};
  let creditor = false;
  const claimTags = hasColumn(db, 'claims', 'tags') ? 'c.tags' : 'NULL';
  let n = 0;
  const bind = (v: unknown) => {
    const name = `${prefix}${n++}`;
    params[name] = v;
    return `@${name}`;
  };
  const inList = (col: string, xs: Iterable<string>) => `${col} IN (${[...xs].map(bind).join(',')})`;
  const whens = rules.map((r, i) => {
    const c: string[] = [];
    if (r.types) {
      creditor = true;
      c.push(inList('cr.type', r.types));
    }
    if (r.assets) c.push(inList('c.asset', r.assets));
    if (r.sources) c.push(inList('c.source', r.sources));
    if (r.min !== null) c.push(`c.value_minor >= ${bind(r.min)}`);
    if (r.max !== null) c.push(`c.value_minor <= ${bind(r.max)}`);
    if (r.secured !== null) c.push(r.secured ? 'c.secured_by IS NOT NULL' : 'c.secured_by IS NULL');
    if (r.jurisdictions) {
      creditor = true;
      c.push(inList('upper(trim(cr.jurisdiction))', r.jurisdictions));
    }
    if (r.tags) {
      creditor = true;
      // untagged claims of untagged creditors (most) are settled in SQL, without a call into JavaScript
      c.push(`coalesce(${claimTags}, cr.tags) IS NOT NULL AND recourse_tags_any(${claimTags}, cr.tags, ${bind(JSON.stringify(r.tags))}) = 1`);
    }
    return `WHEN ${c.length ? c.join(' AND ') : '1'} THEN ${i}`;
  });
  return { expr: whens.length ? `(CASE ${whens.join(' ')} END)` : 'NULL', params, creditor };
}

/** The claims id range, for chunking. */
export function idRange(db: Db): { lo: number; hi: number } {
  const r = db.prepare('SELECT coalesce(min(id), 1) lo, coalesce(max(id), 0) hi FROM claims').get() as { lo: bigint; hi: bigint };
  return { lo: Number(r.lo), hi: Number(r.hi) };
}

/** Let the event loop run (a cancel message, progress) between chunks. */
export const breathe = () => new Promise<void>((r) => setImmediate(r));
