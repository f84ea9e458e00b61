/**
 * Reading the state of classification: the review queue (largest first,
 * keyset-paged), the class summary, and the claims whose class is not
 * approved, which a distribution run refuses unless included explicitly.
 */
import type { ReadDb, WriteDb } from '../store/db.js';
import { count } from '../store/util.js';
import { readClasses } from '../store/ladder-versions.js';
import { formatDecimal } from '../money/index.js';
import type { ClassSummary, ClassSummaryRow, QueuePage, UnapprovedSummary } from '../api/contract/classes.js';
import { caseFacts } from './classes.js';
import { LIVE } from './classify-sql.js';
import { proposedByText, ruleNames } from './classify-review.js';

/** Class states that count as reviewed: approved as proposed, or overridden by a reviewer. */
export const APPROVED_CLASS_STATUSES = ['approved', 'overridden'] as const;

/** Whether a claim's class may be paid in a run: it has a class and that class was approved (or set by a reviewer). */
export function isClassApproved(classCode: string | null, classStatus: string | null): boolean {
  return classCode !== null && (classStatus === 'approved' || classStatus === 'overridden');
}

/** SQL condition (on table alias `c` of claims, or none) for a live claim whose class is not approved. */
export function unapprovedSql(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}${LIVE} AND (${a}class_code IS NULL OR ${a}class_status IS NULL OR ${a}class_status NOT IN ('approved','overridden'))`;
}

export interface UnapprovedClaim {
  id: number;
  ref: string;
  /** null: no class at all. */
  classCode: string | null;
  /** null or 'proposed'. */
  classStatus: string | null;
  /** Value in case-currency minor units. */
  value: bigint;
}

/**
 * Live claims whose class is not approved (no class, or only proposed), in
 * ref order. A distribution run refuses these unless the administrator
 * includes them explicitly, and its report lists them.
 */
export function unapprovedClaims(db: ReadDb | WriteDb): UnapprovedClaim[] {
  const rows = db.prepare(`SELECT id, ref, class_code, class_status, value_minor FROM claims WHERE ${unapprovedSql()} ORDER BY ref`).raw(true).all() as Array<
    [bigint, string, string | null, string | null, bigint]
  >;
  return rows.map(([id, ref, classCode, classStatus, value]) => ({ id: Number(id), ref, classCode, classStatus, value }));
}

/** Count and value of the unapproved claims per class, and the largest of them. */
export function unapprovedSummary(db: ReadDb | WriteDb, limit = 100): UnapprovedSummary {
  const f = caseFacts(db);
  const amt = (v: bigint | null) => formatDecimal(v ?? 0n, f.scale);
  const by = db.prepare(`SELECT class_code, count(*) n, sum(value_minor) v FROM claims NOT INDEXED WHERE ${unapprovedSql()} GROUP BY class_code ORDER BY v DESC`).all() as Array<{
    class_code: string | null;
    n: bigint;
    v: bigint | null;
  }>;
  const top = db
    .prepare(`SELECT ref, class_code, class_status, value_minor FROM claims WHERE ${unapprovedSql()} ORDER BY value_minor DESC, id DESC LIMIT ?`)
    .all(limit) as Array<{ ref: string; class_code: string | null; class_status: string | null; value_minor: bigint }>;
  return {
    currency: f.currency,
    count: by.reduce((a, r) => a + count(r.n), 0),
    value: amt(by.reduce((a, r) => a + (r.v ?? 0n), 0n)),
    byClass: by.map((r) => ({ code: r.class_code, count: count(r.n), value: amt(r.v) })),
    claims: top.map((r) => ({ ref: r.ref, classCode: r.class_code, classStatus: r.class_status, value: amt(r.value_minor) })),
  };
}

export interface QueueQuery {
  limit: number;
  after?: string | undefined;
  classCode?: string | undefined;
  search?: string | undefined;
  proposer: 'all' | 'others' | 'mine';
}

/** Proposals awaiting review, largest value first, keyset-paged on (value, id). */
export function reviewQueue(db: ReadDb | WriteDb, user: string, q: QueueQuery): QueuePage {
  const f = caseFacts(db);
  const where = [`c.class_status = 'proposed'`, `c.${LIVE}`];
  const params: unknown[] = [];
  if (q.classCode) {
    where.push('c.class_code = ?');
    params.push(q.classCode.trim().toUpperCase());
  }
  if (q.search?.trim()) {
    const like = q.search.trim().replace(/[\\%_]/g, (m) => '\\' + m) + '%';
    where.push("(c.ref LIKE ? ESCAPE '\\' OR cr.name LIKE ? ESCAPE '\\')");
    params.push(like, like);
  }
  if (q.proposer !== 'all') {
    where.push(q.proposer === 'mine' ? 'r.proposer = ?' : 'r.proposer <> ?');
    params.push(user);
  }
  const from = `FROM claims c JOIN classifications r ON r.claim_id = c.id AND r.current = 1 JOIN creditors cr ON cr.id = c.creditor_id`;
  // the totals read the creditor only when searching by name
  const totalsFrom = q.search?.trim() ? from : 'FROM claims c JOIN classifications r ON r.claim_id = c.id AND r.current = 1';
  const totals = db.prepare(`SELECT count(*) n, sum(c.value_minor) v, sum(r.proposer = ?) mine ${totalsFrom} WHERE ${where.join(' AND ')}`).get(user, ...params) as {
    n: bigint;
    v: bigint | null;
    mine: bigint | null;
  };
  const page = [...where];
  const pageParams = [...params];
  if (q.after) {
    const [v, id] = q.after.split(':');
    page.push('(c.value_minor < ? OR (c.value_minor = ? AND c.id < ?))');
    pageParams.push(BigInt(v!), BigInt(v!), BigInt(id!));
  }
  const rows = db
    .prepare(
      `SELECT c.id, c.ref, cr.name creditor, cr.type, c.status, c.asset, c.value_minor, r.class_code, r.proposed_by, r.proposer, r.proposed_at
       ${from} WHERE ${page.join(' AND ')} ORDER BY c.value_minor DESC, c.id DESC LIMIT ?`,
    )
    .all(...pageParams, q.limit + 1) as Array<Record<string, unknown>>;
  const more = rows.length > q.limit;
  const shown = rows.slice(0, q.limit);
  const names = ruleNames(db);
  const classNames = new Map(readClasses(db).map((k) => [k.code, k.name]));
  const lastRow = shown[shown.length - 1];
  return {
    currency: f.currency,
    rows: shown.map((r) => ({
      ref: String(r.ref),
      creditor: String(r.creditor),
      creditorType: String(r.type),
      status: String(r.status),
      asset: String(r.asset),
      value: formatDecimal(r.value_minor as bigint, f.scale),
      classCode: String(r.class_code),
      className: classNames.get(String(r.class_code)) ?? '(not in the ladder)',
      proposedBy: String(r.proposed_by),
      proposedByText: proposedByText(String(r.proposed_by), names),
      proposer: String(r.proposer),
      proposedAt: String(r.proposed_at),
      canApprove: r.proposer !== user,
    })),
    next: more && lastRow ? `${String(lastRow.value_minor)}:${String(lastRow.id)}` : null,
    total: count(totals.n),
    totalValue: formatDecimal(totals.v ?? 0n, f.scale),
    mine: count(totals.mine),
  };
}

/** Count and value per class over live claims, approved (or overridden) against pending. */
export function classSummary(db: ReadDb | WriteDb): ClassSummary {
  const f = caseFacts(db);
  const amt = (v: bigint) => formatDecimal(v, f.scale);
  const rows = db.prepare(`SELECT class_code, class_status, count(*) n, sum(value_minor) v FROM claims NOT INDEXED WHERE ${LIVE} GROUP BY class_code, class_status`).all() as Array<{
    class_code: string | null;
    class_status: string | null;
    n: bigint;
    v: bigint | null;
  }>;
  type Acc = { n: number; v: bigint; an: number; av: bigint; pn: number; pv: bigint };
  const acc = new Map<string | null, Acc>();
  const get = (k: string | null) => acc.get(k) ?? (acc.set(k, { n: 0, v: 0n, an: 0, av: 0n, pn: 0, pv: 0n }), acc.get(k)!);
  for (const r of rows) {
    const a = get(r.class_code);
    const n = count(r.n);
    const v = r.v ?? 0n;
    a.n += n;
    a.v += v;
    if (isClassApproved(r.class_code, r.class_status)) {
      a.an += n;
      a.av += v;
    } else {
      a.pn += n;
      a.pv += v;
    }
  }
  const ladder = readClasses(db);
  const out: ClassSummaryRow[] = [];
  const row = (code: string | null, name: string, rank: number | null, a: Acc): ClassSummaryRow => ({
    code,
    name,
    rank,
    count: a.n,
    value: amt(a.v),
    approvedCount: a.an,
    approvedValue: amt(a.av),
    pendingCount: a.pn,
    pendingValue: amt(a.pv),
  });
  const zero: Acc = { n: 0, v: 0n, an: 0, av: 0n, pn: 0, pv: 0n };
  for (const k of ladder) out.push(row(k.code, k.name, k.rank, acc.get(k.code) ?? zero));
  for (const [code, a] of acc) {
    if (code !== null && !ladder.some((k) => k.code === code)) out.push(row(code, '(not in the ladder)', null, a));
  }
  if (acc.has(null)) out.push(row(null, 'No class', null, acc.get(null)!));
  const t = [...acc.values()].reduce((s, a) => ({ n: s.n + a.n, v: s.v + a.v, an: s.an + a.an, av: s.av + a.av, pn: s.pn + a.pn, pv: s.pv + a.pv }), zero);
  return {
    currency: f.currency,
    rows: out,
    total: { count: t.n, value: amt(t.v), approvedCount: t.an, approvedValue: amt(t.av), pendingCount: t.pn, pendingValue: amt(t.pv) },
  };
}
