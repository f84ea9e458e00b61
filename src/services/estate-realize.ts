/**
 * Realizations: a sale or conversion of (part of) an asset for proceeds in a
 * currency, less the costs of selling. A realization reduces the units held;
 * its gain or loss is measured against the petition-date mark.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { divHalfEven, pow10 } from '../money/rounding.js';
import { parseRatio } from '../money/decimal.js';
import { REALIZABLE_STATUSES } from '../domain/estate.js';
import { amountAt, caseCurrency, fmt, loadAsset, loadAssetById, pastDate, scaleOf, segregatedHeld, stmt, today, writeHeld, type CaseCurrency, type Db, type EstateAssetRecord } from './estate-common.js';
import { markOn, priceOf, valueAt } from './estate-valuation.js';
import { autoStatus } from './estate.js';

export interface NewRealization {
  ref: string;
  quantity: string;
  proceeds: string;
  /** Currency of the proceeds and costs; the case currency by default. */
  currency?: string | undefined;
  costs?: string | undefined;
  date?: string | undefined;
  notes?: string | undefined;
}

export interface RealizationRecord {
  id: number;
  ref: string;
  date: string;
  quantity: bigint;
  currency: string;
  proceeds: bigint;
  costs: bigint;
}

/** Record a sale. Under control → realizing on the first sale; realizing → realized when nothing is left held. */
export function realize(db: WriteDb, actor: string, r: NewRealization): RealizationRecord {
  return tx(db, () => {
    const a = loadAsset(db, r.ref);
    if (!REALIZABLE_STATUSES.includes(a.status)) {
      throw new AppError('invalid_state', `${a.ref} is ${a.status.replace('_', ' ')}; an asset is sold once the estate controls it (under control or realizing)`);
    }
    const cur = caseCurrency(db);
    const currency = r.currency ?? cur.code;
    const cscale = scaleOf(db, currency);
    const q = amountAt(r.quantity, a.scale, 'Quantity sold', { positive: true });
    const proceeds = amountAt(r.proceeds, cscale, 'Proceeds');
    const costs = r.costs === undefined || r.costs === '' ? 0n : amountAt(r.costs, cscale, 'Costs');
    const date = pastDate(r.date ?? today(), 'The sale date');
    const free = a.held - segregatedHeld(db, a.id);
    if (q > free) {
      throw new AppError(
        'invalid_args',
        `${a.ref} holds ${fmt(free, a.scale)} ${a.asset} that can be sold${free !== a.held ? ' (the rest is held for named creditors)' : ''}; cannot sell ${fmt(q, a.scale)}`,
      );
    }
    const at = new Date().toISOString();
    const id = count(
      db
        .prepare('INSERT INTO estate_realizations (asset_id, date, quantity, currency, proceeds, costs, notes, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)')
        .run(a.id, date, q.toString(), currency, proceeds.toString(), costs.toString(), r.notes?.trim() || null, at, actor).lastInsertRowid,
    );
    const held = a.held - q;
    writeHeld(db, a, { held }, at);
    appendAudit(db, {
      actor,
      action: 'estate_asset.realize',
      entity: 'estate_asset',
      entityRef: a.ref,
      at,
      before: { held: fmt(a.held, a.scale) },
      after: { realization: id, date, quantity: fmt(q, a.scale), currency, proceeds: fmt(proceeds, cscale), costs: fmt(costs, cscale), held: fmt(held, a.scale) },
      reason: r.notes?.trim() || null,
    });
    let status = a.status;
    if (status === 'under_control') {
      autoStatus(db, actor, a, 'realizing', `First sale recorded (realization ${id})`, at);
      status = 'realizing';
    }
    if (held === 0n) autoStatus(db, actor, { ...a, status }, 'realized', `Every unit is sold (realization ${id})`, at);
    return { id, ref: a.ref, date, quantity: q, currency, proceeds, costs };
  });
}

/** Undo a realization recorded in error: its units are held again and a realized asset reopens. The row stays, marked void. */
export function voidRealization(db: WriteDb, actor: string, id: number, reason: string): void {
  tx(db, () => {
    const r = db.prepare('SELECT asset_id, date, quantity, currency, proceeds, costs, voided_at FROM estate_realizations WHERE id = ?').get(id) as
      | { asset_id: bigint; date: string; quantity: string; currency: string; proceeds: string; costs: string; voided_at: string | null }
      | undefined;
    if (!r) throw new AppError('not_found', `No realization with id ${id}`);
    if (r.voided_at) throw new AppError('invalid_state', `Realization ${id} is already void`);
    const a = loadAssetById(db, count(r.asset_id));
    if (a.status === 'written_off') throw new AppError('invalid_state', `${a.ref} is written off; its sales cannot be reopened`);
    const at = new Date().toISOString();
    db.prepare('UPDATE estate_realizations SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(at, actor, reason, id);
    const q = BigInt(r.quantity);
    writeHeld(db, a, { held: a.held + q }, at);
    const cscale = scaleOf(db, r.currency);
    appendAudit(db, {
      actor,
      action: 'estate_asset.realization_void',
      entity: 'estate_asset',
      entityRef: a.ref,
      at,
      before: { realization: id, date: r.date, quantity: fmt(q, a.scale), currency: r.currency, proceeds: fmt(BigInt(r.proceeds), cscale), costs: fmt(BigInt(r.costs), cscale) },
      after: { held: fmt(a.held + q, a.scale) },
      reason,
    });
    if (a.status === 'realized') autoStatus(db, actor, a, 'realizing', `Realization ${id} voided: ${reason}`, at);
  });
}

export interface RealizationView {
  id: number;
  date: string;
  quantity: bigint;
  currency: string;
  scale: number;
  proceeds: bigint;
  costs: bigint;
  notes: string | null;
  createdAt: string;
  createdBy: string;
  voided: { at: string; by: string; reason: string } | null;
  /** Case-currency minor units: the petition-date value of the units sold, the net proceeds, and the difference. */
  petitionValue: bigint | null;
  netInCase: bigint | null;
  gainLoss: bigint | null;
}

/** An asset's realizations with their gain or loss against the petition-date mark (net of costs). */
export function realizationsOf(db: Db, a: EstateAssetRecord, cur: CaseCurrency = caseCurrency(db), prices = new Map<string, string | null>()): RealizationView[] {
  const petition = markOn(db, a, cur.petitionDate, cur.code);
  const rows = stmt(
    db,
    `SELECT r.id, r.date, r.quantity, r.currency, s.scale, r.proceeds, r.costs, r.notes, r.created_at, r.created_by, r.voided_at, r.voided_by, r.void_reason
     FROM estate_realizations r JOIN assets s ON s.code = r.currency WHERE r.asset_id = ? ORDER BY r.date, r.id`,
  ).all(a.id) as Array<Record<string, unknown>>;
  const priceOn = (code: string, date: string) => {
    const k = `${code} ${date}`;
    if (!prices.has(k)) prices.set(k, priceOf(db, code, date, cur.code));
    return prices.get(k)!;
  };
  return rows.map((r) => {
    const quantity = BigInt(r.quantity as string);
    const scale = count(r.scale);
    const proceeds = BigInt(r.proceeds as string);
    const costs = BigInt(r.costs as string);
    const petitionValue = petition ? valueAt(quantity, a.scale, petition.price, cur.scale) : null;
    const price = priceOn(r.currency as string, r.date as string);
    let netInCase: bigint | null = null;
    if (price !== null) {
      const p = parseRatio(price);
      netInCase = divHalfEven((proceeds - costs) * p.num * pow10(cur.scale), p.den * pow10(scale));
    }
    return {
      id: count(r.id),
      date: r.date as string,
      quantity,
      currency: r.currency as string,
      scale,
      proceeds,
      costs,
      notes: (r.notes as string | null) ?? null,
      createdAt: r.created_at as string,
      createdBy: r.created_by as string,
      voided: r.voided_at ? { at: r.voided_at as string, by: r.voided_by as string, reason: r.void_reason as string } : null,
      petitionValue,
      netInCase,
      gainLoss: petitionValue !== null && netInCase !== null ? netInCase - petitionValue : null,
    };
  });
}
