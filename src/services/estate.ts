/**
 * The asset register: seized and recovered assets, their status lifecycle
 * (identified → frozen → under control → realizing → realized, or written
 * off), quantity corrections and write-offs. Every change is audited with its
 * reason in the same transaction. See docs/estate.md.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { ESTATE_KINDS, OPEN_STATUSES, statusChangeError, type EstateKind, type EstateStatus } from '../domain/estate.js';
import { amountAt, findAsset, fmt, loadAsset, scaleOf, segregatedHeld, snapshot, stmt, writeHeld, type Db, type EstateAssetRecord } from './estate-common.js';

export interface NewAsset {
  ref: string;
  kind: EstateKind;
  asset: string;
  quantity: string;
  status?: EstateStatus | undefined;
  location?: string | undefined;
  custodian?: string | undefined;
  chain?: string | undefined;
  address?: string | undefined;
  notes?: string | undefined;
}

const clean = (s: string | undefined | null): string | null => (s && s.trim() ? s.trim() : null);

/** Register an asset. It starts in an open status; a sale or write-off is recorded afterwards. */
export function addAsset(db: WriteDb, actor: string, n: NewAsset): EstateAssetRecord {
  return tx(db, () => {
    const ref = n.ref.trim();
    if (!ref) throw new AppError('invalid_args', 'An asset needs a reference');
    if (findAsset(db, ref)) throw new AppError('conflict', `An estate asset with reference ${ref} already exists`);
    if (!ESTATE_KINDS.includes(n.kind)) throw new AppError('invalid_args', `Unknown kind ${n.kind}; use one of ${ESTATE_KINDS.join(', ')}`);
    const status = n.status ?? 'identified';
    if (!OPEN_STATUSES.includes(status)) {
      throw new AppError('invalid_args', `A new asset starts as ${OPEN_STATUSES.join(', ')}; record its realization or write-off after registering it`);
    }
    const scale = scaleOf(db, n.asset);
    const q = amountAt(n.quantity, scale, 'Quantity', { positive: true });
    const at = new Date().toISOString();
    db.prepare(
      `INSERT INTO estate_assets (ref, kind, asset, quantity, registered, written_off, location, custodian, chain, address, status, notes, updated_at)
       VALUES (?,?,?,?,?, '0', ?,?,?,?,?,?,?)`,
    ).run(ref, n.kind, n.asset, q.toString(), q.toString(), clean(n.location), clean(n.custodian), clean(n.chain), clean(n.address), status, clean(n.notes), at);
    const a = loadAsset(db, ref);
    appendAudit(db, { actor, action: 'estate_asset.add', entity: 'estate_asset', entityRef: ref, at, after: snapshot(a) });
    return a;
  });
}

export interface AssetEdit {
  ref: string;
  kind?: EstateKind | undefined;
  location?: string | undefined;
  custodian?: string | undefined;
  chain?: string | undefined;
  address?: string | undefined;
  notes?: string | undefined;
  /** A corrected held quantity (more found, a miscount); moves `registered` by the same amount. Needs a reason. */
  quantity?: string | undefined;
  reason?: string | undefined;
}

export function updateAsset(db: WriteDb, actor: string, e: AssetEdit): EstateAssetRecord {
  return tx(db, () => {
    const a = loadAsset(db, e.ref);
    const at = new Date().toISOString();
    const text = { location: a.location, custodian: a.custodian, chain: a.chain, address: a.address, notes: a.notes };
    for (const k of Object.keys(text) as Array<keyof typeof text>) if (e[k] !== undefined) text[k] = clean(e[k]);
    const kind = e.kind ?? a.kind;
    if (!ESTATE_KINDS.includes(kind)) throw new AppError('invalid_args', `Unknown kind ${kind}`);
    let held = a.held;
    let registered = a.registered;
    if (e.quantity !== undefined) {
      if (!OPEN_STATUSES.includes(a.status)) throw new AppError('invalid_state', `${a.ref} is ${a.status.replace('_', ' ')}; its quantity is closed`);
      if (!e.reason?.trim()) throw new AppError('invalid_args', 'A quantity correction needs a reason');
      const q = amountAt(e.quantity, a.scale, 'Quantity');
      const seg = segregatedHeld(db, a.id);
      if (q < seg) throw new AppError('invalid_args', `${a.ref} holds ${fmt(seg, a.scale)} ${a.asset} for named creditors; the quantity cannot go below that`);
      registered = a.registered + (q - a.held);
      held = q;
    }
    db.prepare('UPDATE estate_assets SET kind = ?, location = ?, custodian = ?, chain = ?, address = ?, notes = ? WHERE id = ?').run(
      kind,
      text.location,
      text.custodian,
      text.chain,
      text.address,
      text.notes,
      a.id,
    );
    writeHeld(db, a, { held, registered }, at);
    const after = loadAsset(db, a.ref);
    appendAudit(db, { actor, action: 'estate_asset.update', entity: 'estate_asset', entityRef: a.ref, at, before: snapshot(a), after: snapshot(after), reason: e.reason ?? null });
    return after;
  });
}

/** Move an asset along its lifecycle, with a reason. `written_off` writes off everything still held. */
export function setStatus(db: WriteDb, actor: string, ref: string, to: EstateStatus, reason: string): EstateAssetRecord {
  if (to === 'written_off') return writeOff(db, actor, ref, undefined, reason);
  return tx(db, () => {
    const a = loadAsset(db, ref);
    const problem = statusChangeError(a.status, to, a.held);
    if (problem) throw new AppError('invalid_state', `${a.ref}: ${problem}`);
    if (to === 'realized' && segregatedHeld(db, a.id) > 0n) throw new AppError('invalid_state', `${a.ref} still holds property for named creditors; return it first`);
    const at = new Date().toISOString();
    writeHeld(db, a, { status: to }, at);
    appendAudit(db, { actor, action: 'estate_asset.status', entity: 'estate_asset', entityRef: a.ref, at, before: { status: a.status }, after: { status: to }, reason });
    return loadAsset(db, ref);
  });
}

/** Status change made by the system as a consequence of a movement (a sale of the last units, a voided sale). */
export function autoStatus(db: WriteDb, actor: string, a: EstateAssetRecord, to: EstateStatus, reason: string, at: string): void {
  if (a.status === to) return;
  db.prepare('UPDATE estate_assets SET status = ?, updated_at = ? WHERE id = ?').run(to, at, a.id);
  appendAudit(db, { actor, action: 'estate_asset.status', entity: 'estate_asset', entityRef: a.ref, at, before: { status: a.status }, after: { status: to }, reason });
}

/**
 * Write off units that cannot be recovered: part of the holding (status
 * unchanged) or, without a quantity, all of it (status written_off).
 * Units held for named creditors are never written off here.
 */
export function writeOff(db: WriteDb, actor: string, ref: string, quantity: string | undefined, reason: string): EstateAssetRecord {
  return tx(db, () => {
    const a = loadAsset(db, ref);
    if (a.status === 'written_off') throw new AppError('invalid_state', `${a.ref} is already written off`);
    if (a.status === 'realized') throw new AppError('invalid_state', `${a.ref} is realized; nothing is left to write off`);
    const seg = segregatedHeld(db, a.id);
    const free = a.held - seg;
    const all = quantity === undefined;
    const q = all ? a.held : amountAt(quantity, a.scale, 'Quantity written off', { positive: true });
    if (all && seg > 0n) throw new AppError('invalid_state', `${a.ref} holds property for named creditors; return it before writing the asset off`);
    if (q > free) throw new AppError('invalid_args', `${a.ref} holds only ${fmt(free, a.scale)} ${a.asset} that is not held for named creditors; cannot write off ${fmt(q, a.scale)}`);
    const at = new Date().toISOString();
    const status: EstateStatus = all || q === a.held ? 'written_off' : a.status;
    writeHeld(db, a, { held: a.held - q, writtenOff: a.writtenOff + q, status }, at);
    const after = loadAsset(db, ref);
    appendAudit(db, { actor, action: 'estate_asset.write_off', entity: 'estate_asset', entityRef: a.ref, at, before: snapshot(a), after: snapshot(after), reason });
    if (status !== a.status) {
      appendAudit(db, { actor, action: 'estate_asset.status', entity: 'estate_asset', entityRef: a.ref, at, before: { status: a.status }, after: { status }, reason });
    }
    return after;
  });
}

export interface LedgerLine {
  ref: string;
  asset: string;
  scale: number;
  registered: bigint;
  held: bigint;
  realized: bigint;
  returned: bigint;
  writtenOff: bigint;
  segregatedHeld: bigint;
  /** registered = held + realized + returned + written off, and held covers what is held for named creditors. */
  balanced: boolean;
}

const balance = (l: Omit<LedgerLine, 'balanced'>): LedgerLine => ({
  ...l,
  balanced: l.registered === l.held + l.realized + l.returned + l.writtenOff && l.held >= l.segregatedHeld && l.held >= 0n,
});

/** Where every unit of one asset is. */
export function assetLedger(db: Db, a: EstateAssetRecord): LedgerLine {
  const total = (sql: string) => (stmt(db, sql).pluck().all(a.id) as string[]).reduce((x, q) => x + BigInt(q), 0n);
  return balance({
    ref: a.ref,
    asset: a.asset,
    scale: a.scale,
    registered: a.registered,
    held: a.held,
    realized: total('SELECT quantity FROM estate_realizations WHERE asset_id = ? AND voided_at IS NULL'),
    returned: total("SELECT quantity FROM estate_segregated WHERE asset_id = ? AND status = 'returned'"),
    writtenOff: a.writtenOff,
    segregatedHeld: segregatedHeld(db, a.id),
  });
}

/** Where every unit of every asset is: held, realized, returned or written off. */
export function estateLedger(db: Db): LedgerLine[] {
  const sums = (sql: string) => {
    const m = new Map<number, bigint>();
    for (const [id, q] of db.prepare(sql).raw().all() as Array<[bigint, string]>) m.set(count(id), (m.get(count(id)) ?? 0n) + BigInt(q));
    return m;
  };
  const realized = sums('SELECT asset_id, quantity FROM estate_realizations WHERE voided_at IS NULL');
  const returned = sums("SELECT asset_id, quantity FROM estate_segregated WHERE status = 'returned'");
  const seg = sums("SELECT asset_id, quantity FROM estate_segregated WHERE status = 'held'");
  const rows = db
    .prepare('SELECT e.id, e.ref, e.asset, a.scale, e.quantity, e.registered, e.written_off FROM estate_assets e JOIN assets a ON a.code = e.asset ORDER BY e.ref')
    .all() as Array<{ id: bigint; ref: string; asset: string; scale: bigint; quantity: string; registered: string; written_off: string }>;
  return rows.map((r) => {
    const id = count(r.id);
    return balance({
      ref: r.ref,
      asset: r.asset,
      scale: count(r.scale),
      registered: BigInt(r.registered),
      held: BigInt(r.quantity),
      realized: realized.get(id) ?? 0n,
      returned: returned.get(id) ?? 0n,
      writtenOff: BigInt(r.written_off),
      segregatedHeld: seg.get(id) ?? 0n,
    });
  });
}
