/**
 * Legal review of classifications: each proposal is approved, or overridden
 * to another class with a reason and an optional citation. Nobody reviews
 * their own proposal: rule and import proposals count as made by the person
 * who ran them. Bulk approval of others' proposals runs as a job.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { openWrite, tx, type ReadDb, type WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { ensureBaseline } from '../store/ladder-versions.js';
import { formatDecimal } from '../money/index.js';
import { cancelled } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import type { ApproveAllResult, ClassificationRecord } from '../api/contract/classes.js';
import { caseFacts } from './classes.js';
import { breathe, idRange, LIVE } from './classify-sql.js';

const REC_COLS = 'id, claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, reviewer, reviewed_at, reason, citation, version, current';

interface ClaimRow {
  id: number;
  ref: string;
  classCode: string | null;
  value: bigint;
}

export function findClaim(db: ReadDb | WriteDb, ref: string): ClaimRow {
  const r = db.prepare('SELECT id, ref, class_code, value_minor FROM claims WHERE ref = ?').get(ref.trim()) as
    | { id: bigint; ref: string; class_code: string | null; value_minor: bigint }
    | undefined;
  if (!r) throw new AppError('not_found', `There is no claim ${ref}`);
  return { id: Number(r.id), ref: r.ref, classCode: r.class_code, value: r.value_minor };
}

/** Rule id → name, for "proposed by rule 3 (Employees)". */
export function ruleNames(db: ReadDb | WriteDb): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM class_rules').all() as Array<{ id: bigint; name: string }>;
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

export function proposedByText(by: string, names: Map<number, string>): string {
  if (by === 'import') return 'import';
  const m = /^rule:(\d+)$/.exec(by);
  if (!m) return by;
  const name = names.get(Number(m[1]));
  return name ? `rule ${m[1]} (${name})` : `rule ${m[1]} (since removed)`;
}

function toRecord(r: Record<string, unknown>, names: Map<number, string>): ClassificationRecord {
  return {
    id: Number(r.id),
    classCode: String(r.class_code),
    proposedClass: String(r.proposed_class),
    proposedBy: String(r.proposed_by),
    proposedByText: proposedByText(String(r.proposed_by), names),
    proposer: String(r.proposer),
    proposedAt: String(r.proposed_at),
    state: r.state as ClassificationRecord['state'],
    reviewer: (r.reviewer as string | null) ?? null,
    reviewedAt: (r.reviewed_at as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    citation: (r.citation as string | null) ?? null,
    version: r.version === null ? null : Number(r.version),
    current: Number(r.current) === 1,
  };
}

function current(db: ReadDb | WriteDb, claimId: number): Record<string, unknown> | undefined {
  return db.prepare(`SELECT ${REC_COLS} FROM classifications WHERE claim_id = ? AND current = 1`).get(claimId) as Record<string, unknown> | undefined;
}

/** Every classification record of a claim, newest first. */
export function history(db: ReadDb | WriteDb, ref: string): ClassificationRecord[] {
  const c = findClaim(db, ref);
  const names = ruleNames(db);
  return (db.prepare(`SELECT ${REC_COLS} FROM classifications WHERE claim_id = ? ORDER BY id DESC`).all(c.id) as Array<Record<string, unknown>>).map((r) =>
    toRecord(r, names),
  );
}

function requireClass(db: ReadDb | WriteDb, code: string): string {
  const c = code.trim().toUpperCase();
  if (!db.prepare('SELECT 1 FROM classes WHERE code = ?').get(c)) throw new AppError('not_found', `There is no class ${c} in the ladder`);
  return c;
}

function ownProposal(rec: Record<string, unknown>, names: Map<number, string>): AppError {
  const by = String(rec.proposed_by);
  const how = by === 'import' ? 'You ran the import that proposed this classification' : by.startsWith('rule:') ? `You ran ${proposedByText(by, names)}, which proposed this classification` : 'You proposed this classification';
  return new AppError('forbidden', `${how}; another person must review it (nobody reviews their own proposal)`);
}

/** Approve a claim's proposed class. */
export function approve(db: WriteDb, actor: string, ref: string): ClassificationRecord {
  return tx(db, () => {
    const c = findClaim(db, ref);
    const rec = current(db, c.id);
    const names = ruleNames(db);
    if (!rec) throw new AppError('invalid_state', `${c.ref} has no proposed class; propose one first (someone else then approves it)`);
    if (rec.state === 'approved') throw new AppError('invalid_state', `${c.ref}'s class ${rec.class_code} is already approved by ${rec.reviewer} on ${String(rec.reviewed_at).slice(0, 10)}`);
    if (rec.state === 'overridden') throw new AppError('invalid_state', `${c.ref}'s class was decided by ${rec.reviewer} (overridden to ${rec.class_code}); override it again to change it`);
    if (rec.proposer === actor) throw ownProposal(rec, names);
    const at = new Date().toISOString();
    db.prepare("UPDATE classifications SET state = 'approved', reviewer = ?, reviewed_at = ? WHERE id = ?").run(actor, at, rec.id);
    db.prepare("UPDATE claims SET class_status = 'approved', updated_at = ? WHERE id = ?").run(at, c.id);
    appendAudit(db, {
      actor,
      action: 'claim.class_approve',
      entity: 'claim',
      entityRef: c.ref,
      before: { class: rec.class_code, classStatus: 'proposed', proposedBy: rec.proposed_by, proposer: rec.proposer },
      after: { class: rec.class_code, classStatus: 'approved' },
    });
    return toRecord(current(db, c.id)!, names);
  });
}

/**
 * Override a claim's class: the reviewer puts it in another class, with a
 * reason and an optional citation (the authority relied on). An already
 * reviewed classification can be overridden again; the earlier record stays.
 */
export function override(db: WriteDb, actor: string, ref: string, classCode: string, reason: string, citation?: string): ClassificationRecord {
  return tx(db, () => {
    const c = findClaim(db, ref);
    const code = requireClass(db, classCode);
    const rec = current(db, c.id);
    const names = ruleNames(db);
    if (!rec) throw new AppError('invalid_state', `${c.ref} has no proposed class to review; propose one (someone else then reviews it)`);
    if (rec.proposer === actor) throw ownProposal(rec, names);
    if (rec.class_code === code) {
      throw new AppError('invalid_args', rec.state === 'proposed' ? `${code} is the proposed class; approve it instead` : `${c.ref} is already in ${code}`);
    }
    const at = new Date().toISOString();
    const cite = citation?.trim() || null;
    if (rec.state === 'proposed') {
      db.prepare("UPDATE classifications SET class_code = ?, state = 'overridden', reviewer = ?, reviewed_at = ?, reason = ?, citation = ? WHERE id = ?").run(
        code,
        actor,
        at,
        reason,
        cite,
        rec.id,
      );
    } else {
      const version = ensureBaseline(db)?.id ?? null;
      db.prepare('UPDATE classifications SET current = 0 WHERE id = ?').run(rec.id);
      db.prepare(
        `INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, reviewer, reviewed_at, reason, citation, version, current)
         VALUES (?, ?, ?, ?, ?, ?, 'overridden', ?, ?, ?, ?, ?, 1)`,
      ).run(c.id, code, rec.class_code, rec.proposed_by, rec.proposer, rec.proposed_at, actor, at, reason, cite, version);
    }
    db.prepare("UPDATE claims SET class_code = ?, class_status = 'overridden', updated_at = ? WHERE id = ?").run(code, at, c.id);
    appendAudit(db, {
      actor,
      action: 'claim.class_override',
      entity: 'claim',
      entityRef: c.ref,
      before: { class: rec.class_code, classStatus: rec.state, proposedBy: rec.proposed_by },
      after: { class: code, classStatus: 'overridden', ...(cite ? { citation: cite } : {}) },
      reason,
    });
    return toRecord(current(db, c.id)!, names);
  });
}

/** A person proposes a class for a claim by hand (rules then leave it alone); someone else reviews it. */
export function propose(db: WriteDb, actor: string, ref: string, classCode: string, reason?: string): ClassificationRecord {
  return tx(db, () => {
    const c = findClaim(db, ref);
    const code = requireClass(db, classCode);
    const rec = current(db, c.id);
    if (rec && rec.class_code === code) throw new AppError('invalid_args', `${c.ref} is already in ${code} (${rec.state})`);
    const version = ensureBaseline(db)?.id ?? null;
    const at = new Date().toISOString();
    if (rec) db.prepare('UPDATE classifications SET current = 0 WHERE id = ?').run(rec.id);
    db.prepare(
      `INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, reason, version, current)
       VALUES (?, ?, ?, ?, ?, ?, 'proposed', ?, ?, 1)`,
    ).run(c.id, code, code, actor, actor, at, reason ?? null, version);
    db.prepare("UPDATE claims SET class_code = ?, class_status = 'proposed', updated_at = ? WHERE id = ?").run(code, at, c.id);
    appendAudit(db, {
      actor,
      action: 'claim.class_propose',
      entity: 'claim',
      entityRef: c.ref,
      before: rec ? { class: rec.class_code, classStatus: rec.state } : { class: null },
      after: { class: code, classStatus: 'proposed' },
      reason: reason ?? null,
    });
    return toRecord(current(db, c.id)!, ruleNames(db));
  });
}

/**
 * Approve every live claim's proposal made by someone other than actor
 * (optionally of one class), set-wise in chunks of claim ids, in one
 * transaction: a cancel writes nothing.
 */
export async function approveAll(
  db: WriteDb,
  actor: string,
  o: { classCode?: string | undefined; signal?: AbortSignal; progress?: (done: number, total: number, label?: string) => void } = {},
): Promise<ApproveAllResult> {
  const f = caseFacts(db);
  const cls = o.classCode ? requireClass(db, o.classCode) : null;
  const byClass = cls ? ' AND r.class_code = @cls' : '';
  const mine = `r.current = 1 AND r.state = 'proposed'${byClass}`;
  const inRange = 'r.claim_id >= @lo AND r.claim_id < @hi';
  const base = { actor, ...(cls ? { cls } : {}) };
  db.exec('BEGIN IMMEDIATE');
  try {
    const own = count(
      db.prepare(`SELECT count(*) FROM classifications r JOIN claims c ON c.id = r.claim_id WHERE ${mine} AND r.proposer = @actor AND c.${LIVE}`).pluck().get(base),
    );
    const tally = db.prepare(
      `SELECT count(*) n, coalesce(sum(c.value_minor), 0) v FROM classifications r JOIN claims c ON c.id = r.claim_id
       WHERE ${mine} AND r.proposer <> @actor AND ${inRange} AND c.${LIVE}`,
    );
    const claims = db.prepare(
      `UPDATE claims SET class_status = 'approved', updated_at = @at WHERE id >= @lo AND id < @hi AND ${LIVE} AND class_status = 'proposed'
       AND id IN (SELECT r.claim_id FROM classifications r WHERE ${mine} AND r.proposer <> @actor AND ${inRange})`,
    );
    const records = db.prepare(
      `UPDATE classifications AS r SET state = 'approved', reviewer = @actor, reviewed_at = @at
       WHERE ${mine} AND r.proposer <> @actor AND ${inRange} AND r.claim_id IN (SELECT id FROM claims WHERE id >= @lo AND id < @hi AND ${LIVE})`,
    );
    const { lo, hi } = idRange(db);
    const at = new Date().toISOString();
    const total = Math.max(0, hi - lo + 1);
    let done = 0;
    let value = 0n;
    const CHUNK = 100_000;
    for (let a = lo; a <= hi; a += CHUNK) {
      if (o.signal?.aborted) throw cancelled();
      const range = { ...base, lo: a, hi: a + CHUNK, at };
      const t = tally.get(range) as { n: bigint; v: bigint };
      claims.run(range);
      records.run(range);
      done += count(t.n);
      value += t.v;
      o.progress?.(Math.min(a + CHUNK, hi + 1) - lo, total, 'Approving proposals');
      await breathe();
    }
    const result = { approved: done, value: formatDecimal(value, f.scale), skippedOwn: own, currency: f.currency };
    if (done > 0) appendAudit(db, { actor, action: 'classification.approve_all', entity: 'classification', entityRef: cls, after: result });
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/** The job: approve all others' proposals on the case file, on its own connection. */
export async function approveAllTask(args: { casePath: string; actor: string; classCode?: string }, ctx: JobContext): Promise<ApproveAllResult> {
  const db = openWrite(args.casePath);
  try {
    return await approveAll(db, args.actor, { classCode: args.classCode, signal: ctx.signal, progress: ctx.progress });
  } finally {
    db.close();
  }
}

/** Before a claims import: where the import's records start (see attributeImportedClasses). */
export function importMark(db: ReadDb | WriteDb): number {
  return Number((db.prepare('SELECT coalesce(max(id), 0) FROM classifications').pluck().get() as bigint | number) ?? 0);
}

/**
 * After a claims import wrote classes (recorded as proposed by 'import'), name
 * the person who ran it as the proposer, so they cannot approve them. Call in
 * the import's transaction with the mark taken before it.
 */
export function attributeImportedClasses(db: WriteDb, actor: string, mark: number): number {
  return db.prepare("UPDATE classifications SET proposer = ? WHERE id > ? AND proposed_by = 'import' AND proposer = 'import'").run(actor, mark).changes;
}
