/**
 * The register's search box and filters as SQL terms. A search is a claim
 * reference prefix, else a creditor reference prefix or words of the
 * creditor's name (normalised and transliterated, so "Иван" finds "Ivan").
 */
import type { ClaimFilter } from '../api/contract/claims.js';
import { normaliseName } from '../domain/names.js';
import { count } from '../store/util.js';
import type { Db } from './claims-rows.js';

/** A creditor search matching at most this many creditors walks their claims directly (and sorts them). */
export const FEW_CREDITORS = 2000;
/** Matching creditor ids are kept (per term, until the case changes) up to this many; more are matched by a scan inside each query. */
const MAX_KEPT_IDS = 200_000;
/** Above every other code point: p ≤ s < p + TOP for every s that starts with p. */
const TOP = '\u{10FFFF}';

export type Search =
  | { kind: 'claimRef'; lo: string; hi: string }
  | { kind: 'creditorIds'; ids: number[] }
  | { kind: 'creditorScan'; sql: string; params: unknown[] }
  | { kind: 'nothing' };

/** Every token starts a word of the normalised name (tokens hold only letters and digits: nothing to escape). */
export function likeTerms(column: string, tokens: string[]): { sql: string; params: string[] } {
  return { sql: tokens.map(() => `(' ' || ${column}) LIKE ?`).join(' AND '), params: tokens.map((t) => `% ${t}%`) };
}

export interface CreditorMatch {
  /** The matching creditors' ids, or null when there are too many to keep (then `sql` selects them). */
  ids: number[] | null;
  sql: string;
  params: unknown[];
}

/**
 * A name search reads every creditor's normalised name once (~0.2 s at
 * 700,000 creditors); its answer is kept per connection and term until the
 * case changes, so the page queries, the count and later pages reuse it.
 */
const kept = new WeakMap<object, { version: string; terms: Map<string, CreditorMatch | null> }>();

function caseVersion(db: Db): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
}

/** Creditors matching a search term: reference prefix or name words; null when none. */
export function searchCreditors(db: Db, term: string): CreditorMatch | null {
  const t = term.trim();
  const version = caseVersion(db);
  let cache = kept.get(db);
  if (!cache || cache.version !== version) kept.set(db, (cache = { version, terms: new Map() }));
  if (cache.terms.has(t)) return cache.terms.get(t)!;
  const found = findCreditors(db, t);
  if (cache.terms.size >= 16) cache.terms.delete(cache.terms.keys().next().value!);
  cache.terms.set(t, found);
  return found;
}

function findCreditors(db: Db, t: string): CreditorMatch | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  const ids = new Set<number>();
  let many = false;
  const take = (sql: string, p: unknown[]) => {
    const found = db
      .prepare(`${sql} LIMIT ${MAX_KEPT_IDS + 1}`)
      .pluck()
      .all(...p) as bigint[];
    if (found.length === 0) return false;
    found.forEach((id) => ids.add(count(id)));
    many ||= found.length > MAX_KEPT_IDS;
    parts.push(sql);
    params.push(...p);
    return true;
  };
  for (const p of new Set([t, t.toUpperCase()])) if (take('SELECT id FROM creditors WHERE ref >= ? AND ref < ?', [p, p + TOP])) break;
  const tokens = normaliseName(t).split(' ').filter(Boolean);
  if (tokens.length) {
    const like = likeTerms('name_key', tokens);
    take(`SELECT id FROM creditors INDEXED BY creditors_name_key WHERE ${like.sql}`, like.params);
  }
  if (ids.size === 0) return null;
  return { ids: many || ids.size > MAX_KEPT_IDS ? null : [...ids], sql: parts.join(' UNION '), params };
}

export function resolveSearch(db: Db, term: string | undefined): Search | null {
  const t = term?.trim() ?? '';
  if (!t) return null;
  const hit = db.prepare('SELECT 1 FROM claims INDEXED BY claims_reg_ref WHERE ref >= ? AND ref < ? LIMIT 1').pluck();
  for (const p of new Set([t, t.toUpperCase()])) {
    if (hit.get(p, p + TOP) !== undefined) return { kind: 'claimRef', lo: p, hi: p + TOP };
  }
  const cr = searchCreditors(db, t);
  if (!cr) return { kind: 'nothing' };
  return cr.ids ? { kind: 'creditorIds', ids: cr.ids } : { kind: 'creditorScan', sql: cr.sql, params: cr.params };
}

export interface Terms {
  sql: string[];
  params: unknown[];
}

export const terms = (): Terms => ({ sql: [], params: [] });
export const add = (t: Terms, sql: string, ...params: unknown[]) => {
  t.sql.push(sql);
  t.params.push(...params);
};
export const where = (t: Terms) => (t.sql.length ? 'WHERE ' + t.sql.join(' AND ') : '');

/** Conditions on the claim's own columns (all present in the register's indexes). */
export function claimTerms(f: ClaimFilter, t: Terms): Terms {
  if (f.status) add(t, 'c.status = ?', f.status);
  if (f.asset) add(t, 'c.asset = ?', f.asset);
  if (f.class !== undefined) {
    if (f.class === '') add(t, 'c.class_code IS NULL');
    else add(t, 'c.class_code = ?', f.class);
  }
  return t;
}

export const hasClaimTerms = (f: ClaimFilter) => Boolean(f.status || f.asset || f.class !== undefined);
export const hasCreditorTerms = (f: ClaimFilter) => Boolean(f.creditorType || f.kyc);

/** Creditor type and KYC state as a set of creditor ids, answered from an index alone. */
export function creditorSetTerms(f: ClaimFilter, t: Terms, column = 'c.creditor_id'): Terms {
  if (f.creditorType) {
    add(
      t,
      `${column} IN (SELECT id FROM creditors INDEXED BY creditors_reg_type WHERE type = ?${f.kyc ? ' AND kyc = ?' : ''})`,
      f.creditorType,
      ...(f.kyc ? [f.kyc] : []),
    );
  } else if (f.kyc) {
    add(t, `${column} IN (SELECT id FROM creditors INDEXED BY creditors_kyc WHERE kyc = ?)`, f.kyc);
  }
  return t;
}

/** Creditor type and KYC state on the creditor row itself (when the query walks creditors). */
export function creditorRowTerms(f: ClaimFilter, t: Terms): Terms {
  if (f.creditorType) add(t, 'r.type = ?', f.creditorType);
  if (f.kyc) add(t, 'r.kyc = ?', f.kyc);
  return t;
}

export function searchTerms(s: Search | null, t: Terms, creditorColumn = 'c.creditor_id'): Terms {
  if (!s) return t;
  if (s.kind === 'nothing') add(t, '0');
  else if (s.kind === 'claimRef') add(t, 'c.ref >= ? AND c.ref < ?', s.lo, s.hi);
  else if (s.kind === 'creditorIds') add(t, `${creditorColumn} IN (SELECT value FROM json_each(?))`, JSON.stringify(s.ids));
  else add(t, `${creditorColumn} IN (${s.sql})`, ...s.params);
  return t;
}
