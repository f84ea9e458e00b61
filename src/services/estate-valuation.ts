/**
 * Valuation marks of estate assets: dated prices from the case's price table
 * or entered by hand with a source; the petition-date mark; book value.
 * A mark is a price in the case currency per whole unit of the asset, held as
 * an exact ratio; a value is quantity × mark, rounded half-even (spec §2).
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { parseRatio, DecimalError } from '../money/decimal.js';
import { claimValue } from '../domain/valuation.js';
import { caseCurrency, fmt, loadAsset, stmt, type Db, type EstateAssetRecord } from './estate-common.js';

export type MarkOrigin = 'manual' | 'price_table' | 'price_list' | 'par';

export interface Mark {
  /** Set for the asset's own marks; null for a price-table price or par. */
  id: number | null;
  date: string;
  price: string;
  origin: MarkOrigin;
  source: string;
}

/** Preference on the same date: the asset's own manual mark, its price-table mark, then the price table itself. */
const RANK: Record<MarkOrigin, number> = { manual: 0, price_table: 1, price_list: 2, par: 3 };

function better(a: Mark | null, b: Mark | null): Mark | null {
  if (!a) return b;
  if (!b) return a;
  if (a.date !== b.date) return a.date > b.date ? a : b;
  return RANK[a.origin] <= RANK[b.origin] ? a : b;
}

/** The latest mark of an asset on or before a date (today by default). The case currency is at par without one. */
export function markOn(db: Db, a: Pick<EstateAssetRecord, 'id' | 'asset'>, date: string, currency: string): Mark | null {
  const own = stmt(
    db,
    `SELECT id, date, price, origin, source FROM estate_valuations WHERE asset_id = ? AND date <= ?
     ORDER BY date DESC, CASE origin WHEN 'manual' THEN 0 ELSE 1 END LIMIT 1`,
  ).get(a.id, date) as { id: bigint; date: string; price: string; origin: 'manual' | 'price_table'; source: string } | undefined;
  const listed = stmt(db, 'SELECT date, price, source FROM prices WHERE asset = ? AND date <= ? ORDER BY date DESC LIMIT 1').get(a.asset, date) as
    | { date: string; price: string; source: string | null }
    | undefined;
  let m = better(
    own ? { id: count(own.id), date: own.date, price: own.price, origin: own.origin, source: own.source } : null,
    listed ? { id: null, date: listed.date, price: listed.price, origin: 'price_list', source: listed.source ?? 'Price table' } : null,
  );
  if (!m && a.asset === currency) m = { id: null, date, price: '1', origin: 'par', source: 'Case currency at par' };
  return m;
}

/** Quantity (asset minor units) × mark → case-currency minor units. */
export function valueAt(quantity: bigint, scale: number, price: string, caseScale: number): bigint {
  return claimValue(quantity, scale, parseRatio(price), caseScale);
}

/** The price of one unit of `code` in the case currency on or before a date (for proceeds in another currency). */
export function priceOf(db: Db, code: string, date: string, currency: string): string | null {
  if (code === currency) return '1';
  const p = stmt(db, 'SELECT price FROM prices WHERE asset = ? AND date <= ? ORDER BY date DESC LIMIT 1').pluck().get(code, date);
  return (p as string | undefined) ?? null;
}

/** The asset's own marks and the price table's prices for its code, oldest first, for the valuation history. */
export function markHistory(db: Db, a: EstateAssetRecord): Mark[] {
  const own = (
    db.prepare('SELECT id, date, price, origin, source FROM estate_valuations WHERE asset_id = ? ORDER BY date, origin').all(a.id) as Array<{
      id: bigint;
      date: string;
      price: string;
      origin: 'manual' | 'price_table';
      source: string;
    }>
  ).map((r) => ({ id: count(r.id), date: r.date, price: r.price, origin: r.origin, source: r.source }) as Mark);
  const ownDates = new Set(own.map((m) => m.date));
  const listed = (db.prepare('SELECT date, price, source FROM prices WHERE asset = ? ORDER BY date').all(a.asset) as Array<{ date: string; price: string; source: string | null }>)
    .filter((p) => !ownDates.has(p.date))
    .map((p) => ({ id: null, date: p.date, price: p.price, origin: 'price_list', source: p.source ?? 'Price table' }) as Mark);
  return [...own, ...listed].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : RANK[x.origin] - RANK[y.origin]));
}

function checkPrice(price: string): void {
  try {
    const r = parseRatio(price);
    if (r.num < 0n) throw new AppError('invalid_args', 'A mark cannot be negative');
  } catch (e) {
    if (e instanceof DecimalError) throw new AppError('invalid_args', `Price: ${e.message}`);
    throw e;
  }
}

export interface NewMark {
  ref: string;
  date: string;
  /** A hand-entered price (case currency per whole unit); with `source`. */
  price?: string | undefined;
  source?: string | undefined;
  /** Take the price table's price on or before the date instead. */
  fromPriceTable?: boolean | undefined;
}

export function addValuation(db: WriteDb, actor: string, m: NewMark): Mark {
  return tx(db, () => {
    const a = loadAsset(db, m.ref);
    const cur = caseCurrency(db);
    let price: string;
    let source: string;
    let origin: 'manual' | 'price_table';
    if (m.fromPriceTable) {
      if (m.price !== undefined) throw new AppError('invalid_args', 'Give either a price or "from the price table", not both');
      const p = db.prepare('SELECT date, price, source FROM prices WHERE asset = ? AND date <= ? ORDER BY date DESC LIMIT 1').get(a.asset, m.date) as
        | { date: string; price: string; source: string | null }
        | undefined;
      if (!p) throw new AppError('invalid_args', `The price table has no ${a.asset} price on or before ${m.date}; import prices or enter the mark by hand`);
      price = p.price;
      source = `Price table ${p.date}${p.source ? ': ' + p.source : ''}`;
      origin = 'price_table';
    } else {
      if (m.price === undefined) throw new AppError('invalid_args', 'A hand-entered mark needs a price');
      if (!m.source?.trim()) throw new AppError('invalid_args', 'A hand-entered mark needs its source (a quote, an appraisal, a court valuation…)');
      checkPrice(m.price);
      price = m.price;
      source = m.source.trim();
      origin = 'manual';
    }
    const clash = db.prepare('SELECT 1 FROM estate_valuations WHERE asset_id = ? AND date = ? AND origin = ?').get(a.id, m.date, origin);
    if (clash) throw new AppError('conflict', `${a.ref} already has a ${origin === 'manual' ? 'hand-entered' : 'price-table'} mark on ${m.date}; remove it first`);
    const at = new Date().toISOString();
    const id = db
      .prepare('INSERT INTO estate_valuations (asset_id, date, price, origin, source, created_at, created_by) VALUES (?,?,?,?,?,?,?)')
      .run(a.id, m.date, price, origin, source, at, actor).lastInsertRowid;
    const held = fmt(valueAt(a.held, a.scale, price, cur.scale), cur.scale);
    appendAudit(db, { actor, action: 'estate_asset.valuation', entity: 'estate_asset', entityRef: a.ref, at, after: { date: m.date, price, origin, source, heldValue: held } });
    return { id: count(id), date: m.date, price, origin, source };
  });
}

export function removeValuation(db: WriteDb, actor: string, id: number, reason: string): void {
  tx(db, () => {
    const v = db.prepare('SELECT v.date, v.price, v.origin, v.source, e.ref FROM estate_valuations v JOIN estate_assets e ON e.id = v.asset_id WHERE v.id = ?').get(id) as
      | { date: string; price: string; origin: string; source: string; ref: string }
      | undefined;
    if (!v) throw new AppError('not_found', `No valuation mark with id ${id}`);
    db.prepare('DELETE FROM estate_valuations WHERE id = ?').run(id);
    appendAudit(db, { actor, action: 'estate_asset.valuation_remove', entity: 'estate_asset', entityRef: v.ref, before: v, reason });
  });
}

/** Book value of what an asset holds today: held × latest mark (null when it has no mark). */
export function bookValue(db: Db, a: EstateAssetRecord, cur: { code: string; scale: number }, date: string): { value: bigint | null; mark: Mark | null } {
  const mark = markOn(db, a, date, cur.code);
  return { value: mark ? valueAt(a.held, a.scale, mark.price, cur.scale) : null, mark };
}
