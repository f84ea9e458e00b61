/**
 * The claims register's pages at a million claims: keyset pages (never
 * OFFSET), filtered and sorted inside SQLite on the covering indexes of
 * migration 008.
 *
 * Each page is two steps: find the ids of the page (walking one index), then
 * load those rows. Which index is walked is decided here, not left to
 * SQLite's guesses (a case file has no statistics):
 * - by default the index of the sort order, checking the filters inside the
 *   index: cost ~ rows until the page is full, at worst one pass over an index;
 * - a search that names few claims (a creditor's, or a narrow reference
 *   prefix) walks those claims and sorts them;
 * - sorting by creditor name walks creditors in name order and seeks each
 *   one's claims; when the claim filters match few claims it instead walks
 *   the matches and sorts them, so a filter that matches nothing never seeks
 *   every creditor.
 */
import type { ClaimCount, ClaimFilter, ClaimPage, ClaimSort } from '../api/contract/claims.js';
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/decimal.js';
import { count } from '../store/util.js';
import { loadRows, rowContext, type Db } from './claims-rows.js';
import {
  add,
  claimTerms,
  creditorRowTerms,
  creditorSetTerms,
  FEW_CREDITORS,
  hasClaimTerms,
  resolveSearch,
  searchTerms,
  terms,
  type Search,
  type Terms,
} from './claims-search.js';

export type Key = string | number | null;

export interface ListArgs {
  filter: ClaimFilter;
  sort: ClaimSort;
  dir: 'asc' | 'desc';
  after?: Key[] | undefined;
  limit: number;
}

/** A narrow reference search at most this wide is walked directly and sorted. */
const REF_DRIVE_LIMIT = 20_000;
/**
 * Sorting by creditor: claim filters matching at most this many claims are
 * walked directly and sorted; more matches mean at least this share of claims
 * match, so walking creditors in name order fills a page quickly. About
 * √(claims × page size) balances the two at a million claims.
 */
const CREDITOR_DRIVE_LIMIT = 10_000;

interface Segment {
  sql: string;
  params: unknown[];
}

const SORT_COLS: Record<Exclude<ClaimSort, 'creditor'>, { index: string; cols: string[] }> = {
  ref: { index: 'claims_reg_ref', cols: ['c.ref'] },
  value: { index: 'claims_reg_value', cols: ['c.value_minor', 'c.id'] },
  filed: { index: 'claims_reg_filed', cols: ['c.filed_on', 'c.id'] },
};

const bad = () => new AppError('invalid_args', 'The page position does not fit this sort order; reload the list from the top');
const isInt = (v: Key): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Check a cursor's shape against the sort and turn it into SQL parameters. */
function cursorParams(sort: ClaimSort, after: Key[]): unknown[] {
  const [a, b, c] = after;
  switch (sort) {
    case 'ref':
      if (after.length !== 1 || typeof a !== 'string') throw bad();
      return [a];
    case 'value':
      if (after.length !== 2 || typeof a !== 'string' || !/^-?\d{1,19}$/.test(a) || !isInt(b ?? null)) throw bad();
      return [BigInt(a), b];
    case 'filed':
      if (after.length !== 2 || (a !== null && typeof a !== 'string') || !isInt(b ?? null)) throw bad();
      return [a, b];
    case 'creditor':
      if (after.length !== 3 || typeof a !== 'string' || !isInt(b ?? null) || !isInt(c ?? null)) throw bad();
      return [a, b, c];
  }
}

function cursorOf(sort: ClaimSort, row: unknown[]): Key[] {
  const [id, k1, k2] = row as [bigint, unknown, unknown];
  switch (sort) {
    case 'ref':
      return [k1 as string];
    case 'value':
      return [String(k1), count(id)];
    case 'filed':
      return [(k1 as string | null) ?? null, count(id)];
    case 'creditor':
      return [k1 as string, count(k2), count(id)];
  }
}

/** The keyset conditions, as one or more segments walked in order (a filed-date sort puts undated claims first). */
function keysetSegments(sort: ClaimSort, desc: boolean, after: Key[] | undefined): Terms[] {
  const op = desc ? '<' : '>';
  const p = after ? cursorParams(sort, after) : null;
  const one = (sql?: string, ...params: unknown[]) => {
    const t = terms();
    if (sql) add(t, sql, ...params);
    return t;
  };
  if (sort === 'ref') return [p ? one(`c.ref ${op} ?`, ...p) : one()];
  if (sort === 'value') return [p ? one(`(c.value_minor, c.id) ${op} (?, ?)`, ...p) : one()];
  if (sort === 'creditor') {
    return [
      p ? one(`(r.name, r.id) ${op}= (?, ?) AND ((r.name, r.id) ${op} (?, ?) OR c.id ${op} ?)`, p[0], p[1], p[0], p[1], p[2]) : one(),
    ];
  }
  // filed date: NULL sorts first ascending, last descending
  const nulls = (idCond?: unknown) =>
    idCond === undefined ? one('c.filed_on IS NULL') : one(`c.filed_on IS NULL AND c.id ${op} ?`, idCond);
  const dated = (cur?: unknown[]) => (cur ? one(`(c.filed_on, c.id) ${op} (?, ?)`, ...cur) : one('c.filed_on IS NOT NULL'));
  if (!p) return desc ? [dated(), nulls()] : [nulls(), dated()];
  if (p[0] === null) return desc ? [nulls(p[1])] : [nulls(p[1]), dated()];
  return desc ? [dated(p), nulls()] : [dated(p)];
}

function cappedCount(db: Db, from: string, t: Terms, cap: number): number {
  return count(
    db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${from} ${t.sql.length ? 'WHERE ' + t.sql.join(' AND ') : ''} LIMIT ${cap + 1})`)
      .pluck()
      .get(...t.params),
  );
}

/** A page query that returns nothing (the filter was found to match no claim). */
const NOTHING: Segment = { sql: 'SELECT NULL, NULL, NULL WHERE 0 LIMIT ?', params: [] };

const join = (t: Terms[]): Terms => ({ sql: t.flatMap((x) => x.sql), params: t.flatMap((x) => x.params) });

/** The SQL of every segment of the page query, with the driving index chosen (exported for EXPLAIN tests). */
export function planPage(db: Db, a: ListArgs, search: Search | null = resolveSearch(db, a.filter.search)): Segment[] {
  const desc = a.dir === 'desc';
  const dir = desc ? 'DESC' : 'ASC';
  const segs = keysetSegments(a.sort, desc, a.after);
  const f = a.filter;
  if (a.sort === 'creditor') {
    const order = `ORDER BY r.name ${dir}, r.id ${dir}, c.id ${dir}`;
    let from: string | null = null;
    if (search?.kind === 'creditorIds' && search.ids.length <= FEW_CREDITORS)
      from = 'claims c INDEXED BY claims_reg_creditor CROSS JOIN creditors r ON r.id = c.creditor_id';
    else if (
      search?.kind === 'claimRef' &&
      cappedCount(db, 'claims c INDEXED BY claims_reg_ref', searchTerms(search, terms()), REF_DRIVE_LIMIT) <= REF_DRIVE_LIMIT
    ) {
      from = 'claims c INDEXED BY claims_reg_ref CROSS JOIN creditors r ON r.id = c.creditor_id';
    } else if (hasClaimTerms(f)) {
      const matches = cappedCount(
        db,
        'claims c INDEXED BY claims_reg_value',
        creditorSetTerms(f, claimTerms(f, terms())),
        CREDITOR_DRIVE_LIMIT,
      );
      if (matches === 0) return [NOTHING];
      if (matches <= CREDITOR_DRIVE_LIMIT) from = 'claims c INDEXED BY claims_reg_value CROSS JOIN creditors r ON r.id = c.creditor_id';
    }
    // walk creditors in name order unless a narrower set of claims drives the query
    from ??= 'creditors r INDEXED BY creditors_reg_name CROSS JOIN claims c INDEXED BY claims_reg_creditor ON c.creditor_id = r.id';
    const base = searchTerms(search, creditorRowTerms(f, claimTerms(f, terms())), 'r.id');
    return segs.map((s) => {
      const t = join([base, s]);
      return { sql: `SELECT c.id, r.name, r.id FROM ${from} WHERE ${t.sql.join(' AND ') || '1'} ${order} LIMIT ?`, params: t.params };
    });
  }
  const spec = SORT_COLS[a.sort];
  let index = spec.index;
  if (search?.kind === 'creditorIds' && search.ids.length <= FEW_CREDITORS) index = 'claims_reg_creditor';
  else if (search?.kind === 'claimRef' && a.sort !== 'ref') {
    if (cappedCount(db, 'claims c INDEXED BY claims_reg_ref', searchTerms(search, terms()), REF_DRIVE_LIMIT) <= REF_DRIVE_LIMIT)
      index = 'claims_reg_ref';
  } else if (!search && (f.creditorType || f.kyc)) {
    // a rare kind of creditor: seek their claims rather than walk every claim looking for them
    const credIndex = f.creditorType ? 'creditors_reg_type' : 'creditors_kyc';
    if (cappedCount(db, `creditors r INDEXED BY ${credIndex}`, creditorRowTerms(f, terms()), FEW_CREDITORS) <= FEW_CREDITORS)
      index = 'claims_reg_creditor';
  }
  const base = searchTerms(search, creditorSetTerms(f, claimTerms(f, terms())));
  const order = 'ORDER BY ' + spec.cols.map((c) => `${c} ${dir}`).join(', ');
  return segs.map((s) => {
    const t = join([base, s]);
    return {
      sql: `SELECT c.id, ${spec.cols.join(', ')} FROM claims c INDEXED BY ${index} WHERE ${t.sql.join(' AND ') || '1'} ${order} LIMIT ?`,
      params: t.params,
    };
  });
}

export function listClaims(db: Db, a: ListArgs): ClaimPage {
  const ctx = rowContext(db);
  const want = a.limit + 1;
  const got: unknown[][] = [];
  for (const seg of planPage(db, a)) {
    if (got.length >= want) break;
    got.push(
      ...(db
        .prepare(seg.sql)
        .raw()
        .all(...seg.params, want - got.length) as unknown[][]),
    );
  }
  const page = got.slice(0, a.limit);
  const rows = loadRows(
    db,
    ctx,
    page.map((r) => count(r[0])),
  );
  return { rows, next: got.length > a.limit ? cursorOf(a.sort, page[page.length - 1]!) : null, currency: ctx.currency };
}

/** How many claims a filter matches and their total value; one pass over an index at most. */
export function countClaims(db: Db, filter: ClaimFilter): ClaimCount {
  const ctx = rowContext(db);
  const search = resolveSearch(db, filter.search);
  const t = searchTerms(search, creditorSetTerms(filter, claimTerms(filter, terms())));
  const cond = t.sql.length ? 'WHERE ' + t.sql.join(' AND ') : '';
  // one claim column filtered (or none): its narrow (column, value) index answers count and sum from a range
  const only = [
    filter.status && 'claims_status_value',
    filter.asset && 'claims_asset_value',
    filter.class !== undefined && 'claims_class_value',
  ].filter((x): x is string => typeof x === 'string');
  let index = 'claims_reg_value';
  // the claims of up to ~50,000 creditors are sought directly (their index carries the value); more are checked in one pass
  if (search?.kind === 'creditorIds' && search.ids.length <= 50_000) index = 'claims_reg_creditor';
  else if (!search && !filter.creditorType && !filter.kyc && only.length <= 1) index = only[0] ?? 'claims_status_value';
  if (search?.kind === 'claimRef') {
    index = 'claims_reg_ref';
    if (cappedCount(db, 'claims c INDEXED BY claims_reg_ref', t, REF_DRIVE_LIMIT) > REF_DRIVE_LIMIT) {
      // a wide reference prefix: count inside the index, leave the value out rather than read every row
      const n = count(
        db
          .prepare(`SELECT count(*) FROM claims c INDEXED BY claims_reg_ref ${cond}`)
          .pluck()
          .get(...t.params),
      );
      return { count: n, value: null, currency: ctx.currency };
    }
  }
  let from = `FROM claims c INDEXED BY ${index} ${cond}`;
  if (!search && (filter.creditorType || filter.kyc)) {
    // walk the creditors of that type / KYC state and their claims, both inside indexes
    const ct = creditorRowTerms(filter, claimTerms(filter, terms()));
    const credIndex = filter.creditorType ? 'creditors_reg_type' : 'creditors_kyc';
    from = `FROM creditors r INDEXED BY ${credIndex} CROSS JOIN claims c INDEXED BY claims_reg_creditor ON c.creditor_id = r.id WHERE ${ct.sql.join(' AND ')}`;
    t.params.splice(0, t.params.length, ...ct.params);
  }
  let n: number;
  let total: bigint;
  try {
    const r = db
      .prepare(`SELECT count(*), coalesce(sum(c.value_minor), 0) ${from}`)
      .raw()
      .get(...t.params) as [bigint, bigint];
    n = count(r[0]);
    total = BigInt(r[1]);
  } catch (err) {
    if (!/integer overflow/i.test((err as Error).message)) throw err;
    n = 0;
    total = 0n;
    for (const v of db
      .prepare(`SELECT c.value_minor ${from}`)
      .pluck()
      .iterate(...t.params) as IterableIterator<bigint>) {
      n++;
      total += v;
    }
  }
  return { count: n, value: formatDecimal(total, ctx.currencyScale), currency: ctx.currency };
}
