/**
 * Encumbrances on estate assets (spec §3.1):
 *  - secured claims: a claim names its collateral (claims.secured_by) and its
 *    lien order (claims.lien); the engine pays them from the collateral's
 *    realized proceeds, lien by lien;
 *  - segregated property: units held for a named creditor, returned to them in
 *    kind outside the waterfall; they are never sold or written off and never
 *    enter the general pool.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { divHalfEven, pow10 } from '../money/rounding.js';
import { parseRatio } from '../money/decimal.js';
import { amountAt, caseCurrency, fmt, loadAsset, loadAssetById, pastDate, segregatedHeld, writeHeld, type Db, type EstateAssetRecord } from './estate-common.js';
import { priceOf } from './estate-valuation.js';
import { autoStatus } from './estate.js';

export interface SecuredClaimView {
  claimRef: string;
  creditorRef: string;
  creditorName: string;
  lien: number;
  status: string;
  asset: string;
  scale: number;
  asserted: string;
  allowed: string | null;
  /** Claim value in case-currency minor units. */
  value: bigint;
}

export function securedClaimsOf(db: Db, assetId: number): SecuredClaimView[] {
  const rows = db
    .prepare(
      `SELECT c.ref, cr.ref AS cref, cr.name, coalesce(c.lien, 1) AS lien, c.status, c.asset, a.scale, c.asserted, c.allowed, c.value_minor
       FROM claims c JOIN creditors cr ON cr.id = c.creditor_id JOIN assets a ON a.code = c.asset
       WHERE c.secured_by = ? ORDER BY lien, c.ref`,
    )
    .all(assetId) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const scale = count(r.scale);
    return {
      claimRef: r.ref as string,
      creditorRef: r.cref as string,
      creditorName: r.name as string,
      lien: count(r.lien),
      status: r.status as string,
      asset: r.asset as string,
      scale,
      asserted: fmt(BigInt(r.asserted as string), scale),
      allowed: r.allowed === null ? null : fmt(BigInt(r.allowed as string), scale),
      value: r.value_minor as bigint,
    };
  });
}

function loadClaim(db: Db, ref: string): { id: number; ref: string; securedBy: number | null; lien: number | null } {
  const c = db.prepare('SELECT id, ref, secured_by, lien FROM claims WHERE ref = ?').get(ref) as
    | { id: bigint; ref: string; secured_by: bigint | null; lien: bigint | null }
    | undefined;
  if (!c) throw new AppError('not_found', `No claim with reference ${ref}`);
  return { id: count(c.id), ref: c.ref, securedBy: c.secured_by === null ? null : count(c.secured_by), lien: c.lien === null ? null : count(c.lien) };
}

function assetRefById(db: Db, id: number | null): string | null {
  return id === null ? null : ((db.prepare('SELECT ref FROM estate_assets WHERE id = ?').pluck().get(id) as string | undefined) ?? null);
}

/** Make a claim secured by an asset at a lien order (1 is paid first). */
export function setSecured(db: WriteDb, actor: string, ref: string, claimRef: string, lien: number, reason: string): void {
  tx(db, () => {
    const a = loadAsset(db, ref);
    const c = loadClaim(db, claimRef);
    if (!Number.isInteger(lien) || lien < 1) throw new AppError('invalid_args', 'The lien order is a whole number from 1 (paid first)');
    const at = new Date().toISOString();
    db.prepare('UPDATE claims SET secured_by = ?, lien = ?, updated_at = ? WHERE id = ?').run(a.id, lien, at, c.id);
    appendAudit(db, {
      actor,
      action: 'claim.collateral',
      entity: 'claim',
      entityRef: c.ref,
      at,
      before: { securedBy: assetRefById(db, c.securedBy), lien: c.lien },
      after: { securedBy: a.ref, lien },
      reason,
    });
  });
}

export function removeSecured(db: WriteDb, actor: string, claimRef: string, reason: string): void {
  tx(db, () => {
    const c = loadClaim(db, claimRef);
    if (c.securedBy === null) throw new AppError('invalid_state', `Claim ${c.ref} names no collateral`);
    const at = new Date().toISOString();
    db.prepare('UPDATE claims SET secured_by = NULL, lien = NULL, updated_at = ? WHERE id = ?').run(at, c.id);
    appendAudit(db, { actor, action: 'claim.collateral', entity: 'claim', entityRef: c.ref, at, before: { securedBy: assetRefById(db, c.securedBy), lien: c.lien }, after: { securedBy: null, lien: null }, reason });
  });
}

export interface SegregatedView {
  id: number;
  creditorRef: string;
  creditorName: string;
  quantity: bigint;
  status: 'held' | 'returned';
  notes: string | null;
  returnedOn: string | null;
  returnReference: string | null;
}

export function segregatedOf(db: Db, assetId: number): SegregatedView[] {
  const rows = db
    .prepare(
      `SELECT s.id, c.ref, c.name, s.quantity, s.status, s.notes, s.returned_on, s.return_reference
       FROM estate_segregated s JOIN creditors c ON c.id = s.creditor_id WHERE s.asset_id = ? ORDER BY s.id`,
    )
    .all(assetId) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: count(r.id),
    creditorRef: r.ref as string,
    creditorName: r.name as string,
    quantity: BigInt(r.quantity as string),
    status: r.status as 'held' | 'returned',
    notes: (r.notes as string | null) ?? null,
    returnedOn: (r.returned_on as string | null) ?? null,
    returnReference: (r.return_reference as string | null) ?? null,
  }));
}

/** Mark units of an asset as the property of a named creditor (held for them, not for the estate). */
export function segregate(db: WriteDb, actor: string, ref: string, creditorRef: string, quantity: string, notes: string | undefined, reason: string): number {
  return tx(db, () => {
    const a = loadAsset(db, ref);
    if (a.status === 'realized' || a.status === 'written_off') throw new AppError('invalid_state', `${a.ref} is ${a.status.replace('_', ' ')}; nothing is held to segregate`);
    const cr = db.prepare('SELECT id, name FROM creditors WHERE ref = ?').get(creditorRef) as { id: bigint; name: string } | undefined;
    if (!cr) throw new AppError('not_found', `No creditor with reference ${creditorRef}`);
    const q = amountAt(quantity, a.scale, 'Quantity held for the creditor', { positive: true });
    const free = a.held - segregatedHeld(db, a.id);
    if (q > free) throw new AppError('invalid_args', `${a.ref} holds ${fmt(free, a.scale)} ${a.asset} not already held for named creditors; cannot set aside ${fmt(q, a.scale)}`);
    const at = new Date().toISOString();
    const id = count(
      db
        .prepare('INSERT INTO estate_segregated (asset_id, creditor_id, quantity, notes, created_at, created_by) VALUES (?,?,?,?,?,?)')
        .run(a.id, cr.id, q.toString(), notes?.trim() || null, at, actor).lastInsertRowid,
    );
    appendAudit(db, { actor, action: 'estate_asset.segregate', entity: 'estate_asset', entityRef: a.ref, at, after: { segregation: id, creditor: creditorRef, quantity: fmt(q, a.scale) }, reason });
    return id;
  });
}

/**
 * Return segregated property to its owner: the units leave the estate in kind,
 * outside the waterfall, and no cash is recorded. An asset with nothing left
 * held after the return is realized.
 */
export function returnSegregated(db: WriteDb, actor: string, id: number, date: string, reference: string | undefined, reason: string): void {
  tx(db, () => {
    const s = db.prepare('SELECT s.asset_id, s.quantity, s.status, c.ref FROM estate_segregated s JOIN creditors c ON c.id = s.creditor_id WHERE s.id = ?').get(id) as
      | { asset_id: bigint; quantity: string; status: string; ref: string }
      | undefined;
    if (!s) throw new AppError('not_found', `No segregated property with id ${id}`);
    if (s.status === 'returned') throw new AppError('invalid_state', 'This property has already been returned');
    pastDate(date, 'The return date');
    const a = loadAssetById(db, count(s.asset_id));
    const q = BigInt(s.quantity);
    if (q > a.held) throw new AppError('invalid_state', `${a.ref} holds ${fmt(a.held, a.scale)} ${a.asset}; cannot return ${fmt(q, a.scale)}`);
    const at = new Date().toISOString();
    db.prepare("UPDATE estate_segregated SET status = 'returned', returned_on = ?, return_reference = ? WHERE id = ?").run(date, reference?.trim() || null, id);
    writeHeld(db, a, { held: a.held - q }, at);
    appendAudit(db, {
      actor,
      action: 'estate_asset.return',
      entity: 'estate_asset',
      entityRef: a.ref,
      at,
      before: { held: fmt(a.held, a.scale) },
      after: { segregation: id, creditor: s.ref, quantity: fmt(q, a.scale), date, reference: reference?.trim() || null, held: fmt(a.held - q, a.scale) },
      reason,
    });
    if (a.held - q === 0n && (a.status === 'under_control' || a.status === 'realizing')) {
      autoStatus(db, actor, a, 'realized', `Nothing left held after the return to ${s.ref}`, at);
    }
  });
}

/**
 * Net realized proceeds (proceeds − costs) of every asset that secures a
 * claim, in case-currency minor units: the engine's collateral input (spec §3.1).
 * Proceeds in another currency are valued at the price table's price on or
 * before the sale date.
 */
export function collateralProceeds(db: Db): Array<{ ref: string; proceeds: bigint }> {
  const cur = caseCurrency(db);
  const ids = db.prepare('SELECT DISTINCT secured_by FROM claims WHERE secured_by IS NOT NULL').pluck().all() as bigint[];
  return ids
    .map((id) => loadAssetById(db, count(id)))
    .sort((x, y) => (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0))
    .map((a: EstateAssetRecord) => {
      const rows = db.prepare('SELECT r.date, r.currency, s.scale, r.proceeds, r.costs FROM estate_realizations r JOIN assets s ON s.code = r.currency WHERE r.asset_id = ? AND r.voided_at IS NULL').all(a.id) as Array<{
        date: string;
        currency: string;
        scale: bigint;
        proceeds: string;
        costs: string;
      }>;
      let total = 0n;
      for (const r of rows) {
        const price = priceOf(db, r.currency, r.date, cur.code);
        if (price === null) throw new AppError('invalid_state', `${a.ref} was sold for ${r.currency} on ${r.date}, and the price table has no ${r.currency} price on or before that date`);
        const p = parseRatio(price);
        total += divHalfEven((BigInt(r.proceeds) - BigInt(r.costs)) * p.num * pow10(cur.scale), p.den * pow10(count(r.scale)));
      }
      return { ref: a.ref, proceeds: total > 0n ? total : 0n };
    });
}
