/** Shared pieces of the estate services: loading an asset by reference, reading amounts at an asset's scale, dates. */
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { DecimalError, formatDecimal, parseDecimal } from '../money/decimal.js';
import type { ReadDb, WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import type { EstateKind, EstateStatus } from '../domain/estate.js';
import { readMeta } from './case.js';

export type Db = ReadDb | WriteDb;

const cache = new WeakMap<object, Map<string, Database.Statement>>();

/** A prepared statement, cached per connection (the register and its pages run the same reads many times). */
export function stmt(db: Db, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

export interface EstateAssetRecord {
  id: number;
  ref: string;
  kind: EstateKind;
  asset: string;
  scale: number;
  /** Units still held (minor units). */
  held: bigint;
  /** Every unit ever registered. */
  registered: bigint;
  writtenOff: bigint;
  location: string | null;
  custodian: string | null;
  chain: string | null;
  address: string | null;
  status: EstateStatus;
  notes: string | null;
  updatedAt: string;
}

const SELECT_ASSET = `SELECT e.id, e.ref, e.kind, e.asset, a.scale, e.quantity, e.registered, e.written_off, e.location, e.custodian,
  e.chain, e.address, e.status, e.notes, e.updated_at FROM estate_assets e JOIN assets a ON a.code = e.asset`;

type RawAsset = Record<string, unknown>;

function toRecord(r: RawAsset): EstateAssetRecord {
  return {
    id: count(r.id),
    ref: r.ref as string,
    kind: r.kind as EstateKind,
    asset: r.asset as string,
    scale: count(r.scale),
    held: BigInt(r.quantity as string),
    registered: BigInt(r.registered as string),
    writtenOff: BigInt(r.written_off as string),
    location: (r.location as string | null) ?? null,
    custodian: (r.custodian as string | null) ?? null,
    chain: (r.chain as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    status: r.status as EstateStatus,
    notes: (r.notes as string | null) ?? null,
    updatedAt: r.updated_at as string,
  };
}

export function findAsset(db: Db, ref: string): EstateAssetRecord | null {
  const r = stmt(db, `${SELECT_ASSET} WHERE e.ref = ?`).get(ref) as RawAsset | undefined;
  return r ? toRecord(r) : null;
}

export function loadAsset(db: Db, ref: string): EstateAssetRecord {
  const a = findAsset(db, ref);
  if (!a) throw new AppError('not_found', `No estate asset with reference ${ref}`);
  return a;
}

export function loadAssetById(db: Db, id: number): EstateAssetRecord {
  const r = stmt(db, `${SELECT_ASSET} WHERE e.id = ?`).get(id) as RawAsset | undefined;
  if (!r) throw new AppError('not_found', `No estate asset with id ${id}`);
  return toRecord(r);
}

export function allAssets(db: Db): EstateAssetRecord[] {
  return (db.prepare(`${SELECT_ASSET} ORDER BY e.ref`).all() as RawAsset[]).map(toRecord);
}

/** The scale of an asset code of the case, or a clear error naming the codes it knows. */
export function scaleOf(db: Db, code: string): number {
  const s = stmt(db, 'SELECT scale FROM assets WHERE code = ?').pluck().get(code);
  if (s === undefined) {
    const known = (db.prepare('SELECT code FROM assets ORDER BY code').pluck().all() as string[]).join(', ');
    throw new AppError('invalid_args', `Unknown asset ${code}; this case knows ${known}`);
  }
  return count(s);
}

/** Parse an amount at a scale; a bad amount is an invalid_args error that names the field. */
export function amountAt(text: string, scale: number, what: string, opts: { positive?: boolean } = {}): bigint {
  let v: bigint;
  try {
    v = parseDecimal(text, scale);
  } catch (e) {
    if (e instanceof DecimalError) throw new AppError('invalid_args', `${what}: ${e.message}`);
    throw e;
  }
  if (opts.positive && v === 0n) throw new AppError('invalid_args', `${what} must be more than zero`);
  return v;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Refuse a date in the future: a realization, return or expense is recorded once it has happened. */
export function pastDate(date: string, what: string): string {
  if (date > today()) throw new AppError('invalid_args', `${what} ${date} is in the future; record it once it has happened`);
  return date;
}

export interface CaseCurrency {
  code: string;
  scale: number;
  petitionDate: string;
}

export function caseCurrency(db: Db): CaseCurrency {
  const meta = readMeta(db);
  return { code: meta.currency, scale: scaleOf(db, meta.currency), petitionDate: meta.petitionDate };
}

/** A table or a view (the runs area may expose its ledger as either). */
export function relationExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?").get(name) !== undefined;
}

/** Units of an asset held for named creditors and not yet returned. */
export function segregatedHeld(db: Db, assetId: number): bigint {
  const rows = stmt(db, "SELECT quantity FROM estate_segregated WHERE asset_id = ? AND status = 'held'").pluck().all(assetId) as string[];
  return rows.reduce((a, q) => a + BigInt(q), 0n);
}

export const fmt = formatDecimal;

/** What an audit entry shows of an asset: plain text amounts. */
export function snapshot(a: EstateAssetRecord): Record<string, unknown> {
  return {
    ref: a.ref,
    kind: a.kind,
    asset: a.asset,
    held: fmt(a.held, a.scale),
    registered: fmt(a.registered, a.scale),
    writtenOff: fmt(a.writtenOff, a.scale),
    status: a.status,
    location: a.location,
    custodian: a.custodian,
    chain: a.chain,
    address: a.address,
    notes: a.notes,
  };
}

export function writeHeld(db: WriteDb, a: EstateAssetRecord, fields: { held?: bigint; registered?: bigint; writtenOff?: bigint; status?: EstateStatus }, at: string): void {
  db.prepare('UPDATE estate_assets SET quantity = ?, registered = ?, written_off = ?, status = ?, updated_at = ? WHERE id = ?').run(
    (fields.held ?? a.held).toString(),
    (fields.registered ?? a.registered).toString(),
    (fields.writtenOff ?? a.writtenOff).toString(),
    fields.status ?? a.status,
    at,
    a.id,
  );
}
