/**
 * The audit log: every change appends an entry in the same transaction as the
 * change. Each entry's hash covers its content and the previous entry's hash,
 * so any edit or deletion breaks the chain.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ReadDb, WriteDb } from './db.js';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityRef?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Time of the change; defaults to now. */
  at?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityRef: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with bigints as decimal strings and object keys sorted: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = (v as Record<string, unknown>)[key];
      return out;
    }
    return v;
  });
}

export function entryHash(e: Omit<AuditEntry, 'id' | 'hash'>): string {
  const body = [e.prevHash, e.at, e.actor, e.action, e.entity, e.entityRef ?? '', e.before ?? '', e.after ?? '', e.reason ?? ''];
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

const stmts = new WeakMap<WriteDb, { last: Database.Statement; insert: Database.Statement }>();

function prepared(db: WriteDb) {
  let s = stmts.get(db);
  if (!s) {
    s = {
      last: db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO audit (at, actor, action, entity, entity_ref, before, after, reason, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    stmts.set(db, s);
  }
  return s;
}

/** Append an entry. Call it inside the transaction that makes the change. */
export function appendAudit(db: WriteDb, input: AuditInput): string {
  if (!db.inTransaction) throw new Error('appendAudit must run inside the transaction of the change');
  const s = prepared(db);
  const prev = (s.last.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
  const entry = {
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    entityRef: input.entityRef ?? null,
    before: input.before === undefined ? null : canonicalJson(input.before),
    after: input.after === undefined ? null : canonicalJson(input.after),
    reason: input.reason ?? null,
    prevHash: prev,
  };
  const hash = entryHash(entry);
  s.insert.run(entry.at, entry.actor, entry.action, entry.entity, entry.entityRef, entry.before, entry.after, entry.reason, prev, hash);
  return hash;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt?: { id: number; problem: string };
}

/** Walk the whole chain and recompute every hash. */
export function verifyAuditChain(db: ReadDb | WriteDb): ChainReport {
  let prev = GENESIS_HASH;
  let n = 0;
  const rows = db
    .prepare('SELECT id, at, actor, action, entity, entity_ref, before, after, reason, prev_hash, hash FROM audit ORDER BY id')
    .iterate() as IterableIterator<Record<string, unknown>>;
  for (const r of rows) {
    n++;
    const id = Number(r.id);
    if (r.prev_hash !== prev) return { ok: false, entries: n, brokenAt: { id, problem: 'link to the previous entry does not match' } };
    const expect = entryHash({
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as string,
      entity: r.entity as string,
      entityRef: (r.entity_ref as string | null) ?? null,
      before: (r.before as string | null) ?? null,
      after: (r.after as string | null) ?? null,
      reason: (r.reason as string | null) ?? null,
      prevHash: prev,
    });
    if (expect !== r.hash) return { ok: false, entries: n, brokenAt: { id, problem: 'content does not match its hash' } };
    prev = r.hash as string;
  }
  return { ok: true, entries: n };
}
