/** The creditor list (keyset pages by name, with search and type/KYC filters) and a creditor's claims and totals. */
import type { CreditorDetail, CreditorFilter, CreditorPage, CreditorRow, CreditorTotal } from '../api/contract/creditors.js';
import { NIL_STATUSES, type ClaimStatus, type CreditorType, type KycState } from '../domain/claims.js';
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/decimal.js';
import { count } from '../store/util.js';
import { ROW_SELECT, rowContext, toRows, type Db, type RawClaim } from './claims-rows.js';
import { add, creditorRowTerms, FEW_CREDITORS, searchCreditors, terms, type Terms } from './claims-search.js';

/** Claims listed in a creditor's detail; the totals cover all of them. */
const DETAIL_CLAIMS = 1000;

/** FROM and conditions for a creditor filter; null when a search matches nobody. */
function source(db: Db, f: CreditorFilter, forCount: boolean): { from: string; t: Terms } | null {
  const t = creditorRowTerms({ creditorType: f.type, kyc: f.kyc }, terms());
  const search = f.search?.trim() ? searchCreditors(db, f.search) : undefined;
  if (search === null) return null;
  if (search?.ids) {
    add(t, 'r.id IN (SELECT value FROM json_each(?))', JSON.stringify(search.ids));
    // a few creditors are read by id and sorted; more are checked while walking the name index
    if (search.ids.length <= FEW_CREDITORS) return { from: 'creditors r NOT INDEXED', t };
  } else if (search) add(t, `r.id IN (${search.sql})`, ...search.params);
  if (forCount && !search) {
    if (f.type) return { from: 'creditors r INDEXED BY creditors_reg_type', t };
    if (f.kyc) return { from: 'creditors r INDEXED BY creditors_kyc', t };
  }
  return { from: 'creditors r INDEXED BY creditors_reg_name', t };
}

function claimCounts(db: Db, ids: number[]): Map<number, number> {
  const rows = db
    .prepare(
      'SELECT creditor_id, count(*) FROM claims INDEXED BY claims_reg_creditor WHERE creditor_id IN (SELECT value FROM json_each(?)) GROUP BY creditor_id',
    )
    .raw()
    .all(JSON.stringify(ids)) as Array<[bigint, bigint]>;
  return new Map(rows.map(([id, n]) => [count(id), count(n)]));
}

type RawCreditor = {
  id: bigint;
  ref: string;
  name: string;
  type: CreditorType;
  kyc: KycState;
  jurisdiction: string | null;
  tax_form: bigint;
  email: string | null;
  address: string | null;
  tags: string | null;
  updated_at: string;
};

const CREDITOR_SELECT = 'SELECT id, ref, name, type, kyc, jurisdiction, tax_form, email, address, tags, updated_at FROM creditors';

function toRow(r: RawCreditor, claims: number): CreditorRow {
  return {
    id: count(r.id),
    ref: r.ref,
    name: r.name,
    type: r.type,
    kyc: r.kyc,
    jurisdiction: r.jurisdiction,
    taxForm: r.tax_form === 1n,
    claims,
  };
}

export function listCreditors(db: Db, a: { filter: CreditorFilter; after?: [string, number] | undefined; limit: number }): CreditorPage {
  const s = source(db, a.filter, false);
  if (!s) return { rows: [], next: null };
  if (a.after) add(s.t, '(r.name, r.id) > (?, ?)', a.after[0], a.after[1]);
  const ids = (
    db
      .prepare(`SELECT r.id FROM ${s.from} ${s.t.sql.length ? 'WHERE ' + s.t.sql.join(' AND ') : ''} ORDER BY r.name, r.id LIMIT ?`)
      .pluck()
      .all(...s.t.params, a.limit + 1) as bigint[]
  ).map(count);
  const page = ids.slice(0, a.limit);
  const raws = db.prepare(`${CREDITOR_SELECT} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page)) as RawCreditor[];
  const byId = new Map(raws.map((r) => [count(r.id), r]));
  const n = claimCounts(db, page);
  const rows = page.map((id) => toRow(byId.get(id)!, n.get(id) ?? 0));
  const last = rows[rows.length - 1];
  return { rows, next: ids.length > a.limit && last ? [last.name, last.id] : null };
}

export function countCreditors(db: Db, filter: CreditorFilter): { count: number } {
  const s = source(db, filter, true);
  if (!s) return { count: 0 };
  return {
    count: count(
      db
        .prepare(`SELECT count(*) FROM ${s.from} ${s.t.sql.length ? 'WHERE ' + s.t.sql.join(' AND ') : ''}`)
        .pluck()
        .get(...s.t.params),
    ),
  };
}

export function getCreditor(db: Db, ref: string): CreditorDetail {
  const r = db.prepare(`${CREDITOR_SELECT} WHERE ref = ?`).get(ref) as RawCreditor | undefined;
  if (!r) throw new AppError('not_found', `No creditor with reference ${ref}`);
  const ctx = rowContext(db);
  const totals = new Map<string, { claims: number; asserted: bigint; allowed: bigint; value: bigint }>();
  let totalValue = 0n;
  const all = db
    .prepare('SELECT asset, asserted, allowed, status, value_minor FROM claims INDEXED BY claims_reg_creditor WHERE creditor_id = ?')
    .raw()
    .iterate(r.id) as IterableIterator<[string, string, string | null, ClaimStatus, bigint]>;
  for (const [asset, asserted, allowed, status, value] of all) {
    const t = totals.get(asset) ?? { claims: 0, asserted: 0n, allowed: 0n, value: 0n };
    t.claims++;
    t.asserted += BigInt(asserted);
    if (status === 'allowed') t.allowed += BigInt(allowed ?? asserted);
    if (!NIL_STATUSES.includes(status)) {
      t.value += value;
      totalValue += value;
    }
    totals.set(asset, t);
  }
  const claimCount = [...totals.values()].reduce((s, t) => s + t.claims, 0);
  const raws = db.prepare(`${ROW_SELECT} WHERE c.creditor_id = ? ORDER BY c.ref LIMIT ${DETAIL_CLAIMS}`).all(r.id) as RawClaim[];
  const out: CreditorTotal[] = [...totals.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([asset, t]) => {
      const scale = ctx.scales.get(asset) ?? 0;
      return {
        asset,
        scale,
        claims: t.claims,
        asserted: formatDecimal(t.asserted, scale),
        allowed: formatDecimal(t.allowed, scale),
        value: formatDecimal(t.value, ctx.currencyScale),
      };
    });
  return {
    ...toRow(r, claimCount),
    email: r.email,
    address: r.address,
    tags: r.tags,
    updatedAt: r.updated_at,
    currency: ctx.currency,
    claimRows: toRows(db, ctx, raws),
    moreClaims: claimCount > raws.length,
    totals: out,
    totalValue: formatDecimal(totalValue, ctx.currencyScale),
  };
}
