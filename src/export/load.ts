/**
 * Loaders: the exporters' inputs read from a case file. Large lists are
 * iterators over SQLite rows, never arrays of everything.
 */
import type { ReadDb, WriteDb } from '../store/db.js';
import { assetScales, tableExists } from '../store/util.js';
import { readMeta } from '../services/case.js';
import { AppError } from '../errors.js';
import { divHalfEven, parseRatio, pow10 } from '../money/index.js';
import type { AuditExportRow, CaseInfo, CreditorRow, EstateReportInput, RegisterRow } from './types.js';

type Db = ReadDb | WriteDb;

/** case_meta keys this area reads (defaults in brackets): letterhead_name [case name], letterhead_address [''],
 * letterhead_contact [''], payment_method [bank transfer text], objection_days [30], objection_deadline [none], proof_secret. */
export function metaMap(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM case_meta').all() as Array<{ key: string; value: string }>;
  return new Map(rows.map((r) => [r.key, r.value]));
}

export const DEFAULT_PAYMENT_METHOD = 'Bank transfer to the account you registered with the administrator';

export function caseInfo(db: Db): CaseInfo {
  const meta = readMeta(db);
  const m = metaMap(db);
  const scale = assetScales(db).get(meta.currency) ?? 2;
  const days = Number.parseInt(m.get('objection_days') ?? '30', 10);
  return {
    name: meta.name,
    currency: meta.currency,
    currencyScale: scale,
    petitionDate: meta.petitionDate,
    letterhead: {
      name: m.get('letterhead_name') || meta.name,
      address: m.get('letterhead_address') ?? '',
      contact: m.get('letterhead_contact') ?? '',
    },
    paymentMethod: m.get('payment_method') || DEFAULT_PAYMENT_METHOD,
    objectionDays: Number.isFinite(days) && days > 0 ? days : 30,
    objectionDeadline: m.get('objection_deadline') || null,
  };
}

export function proofSecret(db: Db): string {
  const s = metaMap(db).get('proof_secret');
  if (!s || !/^[0-9a-f]{64}$/.test(s)) {
    throw new AppError('invalid_state', 'This case file has no proof secret yet; open it once in Recourse (read-write) to upgrade it');
  }
  return s;
}

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as string));

export function countClaims(db: Db): number {
  return Number(db.prepare('SELECT count(*) FROM claims').pluck().get());
}

/** Petition-date prices by asset (decimal text). */
function petitionPrices(db: Db, petitionDate: string): Map<string, string> {
  const rows = db.prepare('SELECT asset, price FROM prices WHERE date = ?').raw().all(petitionDate) as Array<[string, string]>;
  return new Map(rows);
}

/** The claims register in claim order. Integers come back as numbers and the value as text: no BigInt per row. */
export function* registerRows(db: Db): Generator<RegisterRow> {
  const meta = readMeta(db);
  const scales = assetScales(db);
  const prices = petitionPrices(db, meta.petitionDate);
  const stmt = db
    .prepare(
      `SELECT c.ref, cr.ref, cr.name, c.source, c.asset, c.asserted, c.allowed, c.setoff, CAST(c.value_minor AS TEXT), c.status, c.class_code,
              c.class_status, c.filed_on, ea.ref, c.lien, a.ref, d.ref, c.updated_at
       FROM claims c JOIN creditors cr ON cr.id = c.creditor_id
       LEFT JOIN estate_assets ea ON ea.id = c.secured_by
       LEFT JOIN claims a ON a.id = c.amends_id
       LEFT JOIN claims d ON d.id = c.duplicate_of
       ORDER BY c.id`,
    )
    .raw();
  stmt.safeIntegers(false); // only lien (a small count) is an integer column here
  for (const r of stmt.iterate() as IterableIterator<unknown[]>) {
    const asset = r[4] as string;
    yield {
      ref: r[0] as string,
      creditorRef: r[1] as string,
      creditorName: r[2] as string,
      source: r[3] as string,
      asset,
      assetScale: scales.get(asset) ?? 0,
      asserted: r[5] as string,
      allowed: (r[6] as string | null) ?? null,
      price: asset === meta.currency ? null : (prices.get(asset) ?? null),
      setoff: (r[7] as string | null) ?? null,
      value: r[8] as string,
      status: r[9] as string,
      classCode: (r[10] as string | null) ?? null,
      classStatus: (r[11] as string | null) ?? null,
      filedOn: (r[12] as string | null) ?? null,
      securedBy: (r[13] as string | null) ?? null,
      lien: (r[14] as number | null) ?? null,
      amends: (r[15] as string | null) ?? null,
      duplicateOf: (r[16] as string | null) ?? null,
      updatedAt: r[17] as string,
    };
  }
}

export function countCreditors(db: Db): number {
  return Number(db.prepare('SELECT count(*) FROM creditors').pluck().get());
}

/** Per creditor: claim counts and values; `paid` from finalized runs where runs exist (see paidByCreditor). */
export function* creditorRows(db: Db, paid: Map<string, bigint> | null): Generator<CreditorRow> {
  const it = db
    .prepare(
      `SELECT cr.ref, cr.name, cr.type, cr.address, cr.email, cr.jurisdiction, cr.kyc, cr.tax_form,
              count(c.id),
              coalesce(sum(c.status = 'allowed'), 0),
              coalesce(sum(c.status IN ('filed','under_review','disputed')), 0),
              coalesce(sum(CASE WHEN c.status IN ('allowed','filed','under_review','disputed') THEN c.value_minor ELSE 0 END), 0),
              coalesce(sum(CASE WHEN c.status = 'allowed' THEN c.value_minor ELSE 0 END), 0)
       FROM creditors cr LEFT JOIN claims c ON c.creditor_id = cr.id
       GROUP BY cr.id ORDER BY cr.ref`,
    )
    .raw()
    .iterate() as IterableIterator<unknown[]>;
  for (const r of it) {
    const ref = r[0] as string;
    yield {
      ref,
      name: r[1] as string,
      type: r[2] as string,
      address: (r[3] as string | null) ?? null,
      email: (r[4] as string | null) ?? null,
      jurisdiction: (r[5] as string | null) ?? null,
      kyc: r[6] as string,
      taxForm: Number(r[7]) === 1,
      claims: Number(r[8]),
      allowedClaims: Number(r[9]),
      pendingClaims: Number(r[10]),
      value: big(r[11]),
      allowedValue: big(r[12]),
      paid: paid ? (paid.get(ref) ?? 0n) : null,
    };
  }
}

/** Value of `quantity` (asset minor units) at `price` (case currency per unit), half-even to the currency's minor unit. */
function valueAt(quantity: bigint, assetScale: number, price: string, currencyScale: number): bigint {
  const r = parseRatio(price);
  return divHalfEven(quantity * r.num * pow10(currencyScale), r.den * pow10(assetScale));
}

/** Estate assets valued at the latest price on or before `asOf`. */
export function estateInput(db: Db, asOf: string): EstateReportInput {
  const info = caseInfo(db);
  const scales = assetScales(db);
  const latest = db.prepare('SELECT price, date FROM prices WHERE asset = ? AND date <= ? ORDER BY date DESC LIMIT 1');
  const rows = db
    .prepare('SELECT ref, kind, asset, quantity, location, status, notes, updated_at FROM estate_assets ORDER BY ref')
    .all() as Array<{ ref: string; kind: string; asset: string; quantity: string; location: string | null; status: string; notes: string | null; updated_at: string }>;
  const assets = rows.map((r) => {
    const scale = scales.get(r.asset) ?? 0;
    const quantity = big(r.quantity);
    let price: string | null = null;
    let priceDate: string | null = null;
    if (r.asset === info.currency) {
      price = '1';
    } else {
      const p = latest.get(r.asset, asOf) as { price: string; date: string } | undefined;
      if (p) {
        price = p.price;
        priceDate = p.date;
      }
    }
    return {
      ref: r.ref, kind: r.kind, asset: r.asset, assetScale: scale, quantity, location: r.location, status: r.status,
      price, priceDate, value: price === null ? null : valueAt(quantity, scale, price, info.currencyScale),
      notes: r.notes, updatedAt: r.updated_at,
    };
  });
  const prices = db.prepare('SELECT asset, date, price, source FROM prices ORDER BY asset, date').all() as Array<{ asset: string; date: string; price: string; source: string | null }>;
  return { case: info, asOf, assets, prices };
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  entity?: string | undefined;
}

function auditWhere(f: AuditFilter): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (f.from) {
    where.push('at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('at < ?');
    params.push(nextDay(f.to));
  }
  if (f.entity) {
    where.push('entity = ?');
    params.push(f.entity);
  }
  return { sql: where.length ? 'WHERE ' + where.join(' AND ') : '', params };
}

function nextDay(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function countAudit(db: Db, f: AuditFilter): number {
  const w = auditWhere(f);
  return Number(db.prepare(`SELECT count(*) FROM audit ${w.sql}`).pluck().get(...w.params));
}

/** Audit entries oldest first, with optional date range (inclusive, by day) and entity. */
export function* auditRows(db: Db, f: AuditFilter): Generator<AuditExportRow> {
  const w = auditWhere(f);
  const it = db
    .prepare(`SELECT id, at, actor, action, entity, entity_ref, reason, before, after, hash FROM audit ${w.sql} ORDER BY id`)
    .raw()
    .iterate(...w.params) as IterableIterator<unknown[]>;
  for (const r of it) {
    yield {
      id: Number(r[0]), at: r[1] as string, actor: r[2] as string, action: r[3] as string, entity: r[4] as string,
      entityRef: (r[5] as string | null) ?? null, reason: (r[6] as string | null) ?? null, before: (r[7] as string | null) ?? null,
      after: (r[8] as string | null) ?? null, hash: r[9] as string,
    };
  }
}

export function hasRuns(db: Db): boolean {
  return tableExists(db, 'runs');
}
