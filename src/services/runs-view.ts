/**
 * Reviewing runs (issue #6 §2): the pool a new run can release, a run's
 * summary (class recovery, totals, unapproved claims, warnings), its
 * per-claim schedule paged in SQL (keyset on the lines' primary key) with
 * each portion's entitlement in the run it builds on, and a count of what
 * changed since then.
 */
import { formatDecimal } from '../money/index.js';
import { count, tableExists } from '../store/util.js';
import type { LossView, RunChanges, RunLineRow, RunLinesPage, RunPool, RunView } from '../api/contract/runs.js';
import { estateCash } from './estate-cash.js';
import { unapprovedSql } from './classify-queue.js';
import { releasable } from './runs-compute.js';
import { lastFinalized } from './runs-input.js';
import { staleness } from './runs.js';
import { caseMoney, findRun, type Db, type RunRecord, type StoredResult } from './runs-common.js';

export function runPool(db: Db): RunPool {
  const { currency, scale } = caseMoney(db);
  const f = (x: bigint) => formatDecimal(x, scale);
  const tracked = tableExists(db, 'estate_realizations');
  const prev = lastFinalized(db);
  let paidCumulative = 0n;
  if (prev) {
    const r = JSON.parse(db.prepare('SELECT result FROM runs WHERE id = ?').pluck().get(prev.id) as string) as StoredResult;
    paidCumulative = BigInt(r.totals.paid_cumulative);
  }
  const un = db.prepare(`SELECT count(*), coalesce(sum(value_minor), 0) FROM claims WHERE ${unapprovedSql()}`).raw().get() as [
    bigint,
    bigint,
  ];
  const can = releasable(db);
  return {
    currency,
    scale,
    cashTracked: tracked,
    available: tracked ? f(estateCash(db)[currency]?.available ?? 0n) : null,
    releasable: can === null ? null : f(can),
    released: f(prev?.cumulative ?? 0n),
    paidCumulative: f(paidCumulative),
    lastFinalized: prev?.ref ?? null,
    unapprovedClaims: count(un[0]),
    unapprovedValue: f(BigInt(un[1])),
    drafts: count(db.prepare("SELECT count(*) FROM runs WHERE kind = 'distribution' AND state IN ('draft','approved')").pluck().get()),
  };
}

function lossView(r: RunRecord): LossView | null {
  if (r.kind !== 'loss' || !r.resultText) return null;
  return { ...(JSON.parse(r.resultText) as LossView), run: r.ref };
}

export function runView(db: Db, run: string | RunRecord): RunView {
  const r = typeof run === 'string' ? findRun(db, run) : run;
  const { currency, scale } = caseMoney(db);
  const d = (x: string | bigint) => formatDecimal(typeof x === 'bigint' ? x : BigInt(x), scale);
  const res = r.result;
  const t = res?.totals;
  const scales = new Map(
    (db.prepare('SELECT code, scale FROM assets').raw().all() as Array<[string, bigint]>).map(([c, s]) => [c, Number(s)]),
  );
  return {
    id: r.id,
    ref: r.ref,
    kind: r.kind,
    date: r.date,
    state: r.state,
    final: r.final,
    whatIf: r.options.whatIf === true,
    currency,
    release: d(r.release),
    cumulative: d(r.cumulative),
    deMinimis: d(r.deMinimis),
    options: {
      withholdUnverified: r.options.withholdUnverified ?? false,
      includeUnapproved: r.options.includeUnapproved ?? false,
      disputedAs: r.options.disputedAs ?? 'reserve',
      basis: r.options.basis ?? null,
      note: r.options.note ?? null,
    },
    inputHash: r.inputHash,
    merkleRoot: r.merkleRoot,
    draftedBy: r.draftedBy,
    draftedAt: r.draftedAt,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt,
    finalizedBy: r.finalizedBy,
    finalizedAt: r.finalizedAt,
    discardedBy: r.discardedBy,
    discardedAt: r.discardedAt,
    discardReason: r.discardReason,
    classes: (res?.classes ?? []).map((c) => ({
      ...c,
      demand: d(c.demand),
      principal: d(c.principal),
      interest: d(c.interest),
      allocated: d(c.allocated),
    })),
    totals: t
      ? {
          cumulative: d(t.cumulative),
          paidThisRun: d(t.paid_this_run),
          paidCumulative: d(t.paid_cumulative),
          reserved: d(t.reserved),
          withheld: d(t.withheld),
          residue: d(t.residue),
          undistributed: d(t.undistributed),
          receivables: d(t.receivables),
          forfeited: d(t.forfeited),
        }
      : null,
    ledger: Object.entries(res?.ledger ?? {}).map(([c, a]) => ({ currency: c, amount: formatDecimal(BigInt(a), scales.get(c) ?? scale) })),
    claims: res?.claim_count ?? 0,
    portions: res?.portion_count ?? 0,
    unapproved: {
      count: res?.unapproved.count ?? 0,
      value: d(res?.unapproved.value ?? '0'),
      excluded: res?.unapproved.excluded ?? 0,
      included: res?.unapproved.included ?? 0,
      noClass: res?.unapproved.no_class ?? 0,
      sample: (res?.unapproved.sample ?? []).map((u) => ({
        ref: u.ref,
        classCode: u.class,
        status: u.status,
        value: d(u.value),
        state: u.state,
      })),
    },
    warnings: res?.warnings ?? [],
    releasable: res?.releasable == null ? null : d(res.releasable),
    stale: r.state === 'draft' || r.state === 'approved' ? staleness(db, r) : null,
    loss: lossView(r),
  };
}

type LineRow = [
  string,
  string,
  string,
  string | null,
  bigint,
  string | null,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];

export interface LinesQuery {
  run: string;
  after?: { claim: string; classCode: string } | undefined;
  limit: number;
  classCode?: string | undefined;
  search?: string | undefined;
  changedOnly?: boolean | undefined;
}

/** A page of a run's schedule, in claim then class order, with the previous run's entitlement per portion. */
export function runLines(db: Db, q: LinesQuery): RunLinesPage {
  const r = findRun(db, q.run);
  const { scale } = caseMoney(db);
  const d = (x: string) => formatDecimal(BigInt(x), scale);
  const scales = new Map(
    (db.prepare('SELECT code, scale FROM assets').raw().all() as Array<[string, bigint]>).map(([c, s]) => [c, Number(s)]),
  );
  const basis = r.options.basisId ?? null;
  const where = ['l.run_id = :run'];
  const params: Record<string, unknown> = { run: r.id, basis: basis ?? -1, limit: q.limit + 1 };
  if (q.classCode) {
    where.push('l.class_code = :cls');
    params.cls = q.classCode;
  }
  if (q.search?.trim()) {
    where.push("(l.claim_ref LIKE :s ESCAPE '\\' OR l.creditor_ref LIKE :s ESCAPE '\\')");
    params.s = '%' + q.search.trim().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  }
  if (q.changedOnly) where.push("p.entitled IS NOT l.entitled AND NOT (p.entitled IS NULL AND l.entitled = '0')");
  const filter = where.join(' AND ');
  const from = 'FROM run_lines l LEFT JOIN run_lines p ON p.run_id = :basis AND p.claim_ref = l.claim_ref AND p.class_code = l.class_code';
  const page = q.after ? `${filter} AND (l.claim_ref, l.class_code) > (:ac, :acl)` : filter;
  if (q.after) {
    params.ac = q.after.claim;
    params.acl = q.after.classCode;
  }
  const rows = db
    .prepare(
      `SELECT l.claim_ref, l.creditor_ref, l.class_code, l.status, l.secured, l.value, l.entitled, l.paid_before, l.paid, l.reserved, l.withheld, l.forfeited, l.receivable,
              l.in_kind_asset, l.in_kind_units, l.in_kind_cash, p.entitled
       ${from} WHERE ${page} ORDER BY l.claim_ref, l.class_code LIMIT :limit`,
    )
    .raw()
    .all(params) as LineRow[];
  const more = rows.length > q.limit;
  if (more) rows.pop();
  const out: RunLineRow[] = rows.map((x) => {
    const prev = basis === null ? null : (x[16] ?? '0');
    return {
      claim: x[0],
      creditor: x[1],
      classCode: x[2],
      status: x[3],
      secured: Number(x[4]) === 1,
      value: x[5] === null ? null : d(x[5]),
      entitled: d(x[6]),
      paidBefore: d(x[7]),
      paid: d(x[8]),
      reserved: d(x[9]),
      withheld: d(x[10]),
      forfeited: d(x[11]),
      receivable: d(x[12]),
      inKind: x[13] ? { asset: x[13], units: formatDecimal(BigInt(x[14] ?? '0'), scales.get(x[13]) ?? 0), cash: d(x[15] ?? '0') } : null,
      previous: prev === null ? null : d(prev),
      change: prev === null ? null : formatDecimal(BigInt(x[6]) - BigInt(prev), scale),
    };
  });
  const last = out[out.length - 1];
  let total: number | null = null;
  if (!q.after) {
    const { limit: _l, ac: _a, acl: _c, ...cp } = params;
    total = count(db.prepare(`SELECT count(*) ${from} WHERE ${filter}`).pluck().get(cp));
  }
  return { rows: out, next: more && last ? { claim: last.claim, classCode: last.classCode } : null, total, basis: r.options.basis ?? null };
}

/** How the run's entitlements compare with the run it builds on, portion by portion. */
export function runChanges(db: Db, run: string): RunChanges {
  const r = findRun(db, run);
  const { scale } = caseMoney(db);
  if (r.options.basisId == null) return { basis: null, increased: 0, decreased: 0, unchanged: 0, added: 0, net: formatDecimal(0n, scale) };
  const it = db
    .prepare(
      'SELECT l.entitled, p.entitled FROM run_lines l LEFT JOIN run_lines p ON p.run_id = ? AND p.claim_ref = l.claim_ref AND p.class_code = l.class_code WHERE l.run_id = ?',
    )
    .raw()
    .iterate(r.options.basisId, r.id) as IterableIterator<[string, string | null]>;
  let increased = 0;
  let decreased = 0;
  let unchanged = 0;
  let added = 0;
  let net = 0n;
  for (const [e, p] of it) {
    if (p === null) {
      added++;
      net += BigInt(e);
      continue;
    }
    if (e === p) unchanged++;
    else {
      const diff = BigInt(e) - BigInt(p);
      net += diff;
      if (diff > 0n) increased++;
      else decreased++;
    }
  }
  return { basis: r.options.basis, increased, decreased, unchanged, added, net: formatDecimal(net, scale) };
}
