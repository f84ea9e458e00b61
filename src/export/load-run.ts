/**
 * Runs as the exporters see them, read from migration 005's tables:
 *   runs(id, ref, kind 'distribution'|'loss', date, state draft|approved|finalized|discarded, final,
 *        release, cumulative, de_minimis (minor units as text), options JSON, input_hash,
 *        result JSON (class summary and totals in minor units as text; never per claim), merkle_root,
 *        drafted_by, drafted_at, approved_by, finalized_by, …)
 *   run_lines(run_id, claim_ref, creditor_ref, class_code, portion, status, value, entitled, paid_before,
 *        paid, reserved, withheld, …, in_kind_asset, in_kind_units, in_kind_cash), amounts as minor-unit text.
 * Claims come in reference byte order (SQLite's binary collation), portions in the engine's order.
 */
import { AppError } from '../errors.js';
import { parseDecimal } from '../money/index.js';
import type { RunResult } from '../engine/types.js';
import type { ReadDb, WriteDb } from '../store/db.js';
import { tableExists } from '../store/util.js';
import { RunProof, type ProofPortion } from '../proof/statement.js';
import { formatDecimal } from '../money/index.js';
import { caseInfo, proofSecret } from './load.js';
import type { ClassInfo, RunClaim, RunData, RunIdentity, RunScheduleInput, RunTotalsInput } from './types.js';

type Db = ReadDb | WriteDb;

/** Adapt the engine's result (tests, previews) to the exporters' RunData. */
export function fromEngineResult(result: RunResult, identity: RunIdentity, currency: string): RunData {
  const claims: RunClaim[] = result.claims.map((c) => ({
    ref: c.ref,
    creditorRef: c.creditorRef,
    status: c.status,
    portions: c.portions.map((p) => ({
      classCode: p.classCode, value: p.value, entitled: p.entitled, paidBefore: p.paidBefore, paid: p.paid,
      reserved: p.reserved, withheld: p.withheld, inKind: p.inKind ? { ...p.inKind } : null,
    })),
  }));
  const t = result.totals;
  const totals: RunTotalsInput = {
    cumulative: t.cumulative, paidThisRun: t.paidThisRun, paidCumulative: t.paidCumulative, reserved: t.reserved,
    withheld: t.withheld, residue: t.residue, undistributed: t.undistributed,
  };
  return { identity, currency, currencyScale: result.currencyScale, claims, totals };
}

export interface RunListItem {
  ref: string;
  date: string;
  state: string;
  final: boolean;
}

const hasKind = (db: Db) => (db.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'kind'").pluck().get() as bigint) > 0n;

/** Distribution runs that have a schedule (discarded runs have none), oldest first. */
export function listRuns(db: Db): RunListItem[] {
  if (!tableExists(db, 'runs')) return [];
  const kind = hasKind(db) ? "AND kind = 'distribution'" : '';
  const rows = db.prepare(`SELECT ref, date, state, final FROM runs WHERE state <> 'discarded' ${kind} ORDER BY date, id`).all() as Array<{ ref: string; date: string; state: string; final: bigint }>;
  return rows.map((r) => ({ ref: r.ref, date: r.date, state: r.state, final: Number(r.final) === 1 }));
}

interface RunRow {
  id: bigint;
  ref: string;
  kind?: string;
  date: string;
  state: string;
  final: bigint;
  release: string | null;
  de_minimis: string | null;
  options: string | null;
  input_hash: string | null;
  result: string | null;
  merkle_root: string | null;
  drafted_by: string | null;
  drafted_at?: string | null;
  approved_by: string | null;
  finalized_by: string | null;
}

function runRow(db: Db, ref: string): RunRow {
  if (!tableExists(db, 'runs')) throw new AppError('not_found', 'This case has no distribution runs yet; draft one under Distributions first');
  const row = db.prepare('SELECT * FROM runs WHERE ref = ?').get(ref) as RunRow | undefined;
  if (!row) throw new AppError('not_found', `No run ${ref} in this case`);
  if (row.kind && row.kind !== 'distribution') throw new AppError('invalid_args', `Run ${ref} is a loss allocation, not a distribution: it has no schedule or statements`);
  if (row.state === 'discarded') throw new AppError('invalid_state', `Run ${ref} was discarded; its schedule no longer exists`);
  if (!row.result) throw new AppError('invalid_state', `Run ${ref} has no computed result yet`);
  return row;
}

/** Minor units stored as text (or, in an older result, decimal text at the currency's scale). */
function minor(v: unknown, scale: number): bigint {
  if (v === null || v === undefined || v === '') return 0n;
  const t = String(v);
  return /^-?\d+$/.test(t) ? BigInt(t) : parseDecimal(t, scale, { allowNegative: true });
}

export function loadRun(db: Db, ref: string): RunData {
  const row = runRow(db, ref);
  const info = caseInfo(db);
  const s = info.currencyScale;
  let result: { totals?: Record<string, string> } = {};
  try {
    result = JSON.parse(row.result!) as typeof result;
  } catch {
    throw new AppError('case_corrupt', `The stored result of run ${ref} is not valid JSON`);
  }
  const t = result.totals ?? {};
  const totals: RunTotalsInput = {
    cumulative: minor(t.cumulative, s), paidThisRun: minor(t.paid_this_run, s), paidCumulative: minor(t.paid_cumulative, s), reserved: minor(t.reserved, s),
    withheld: minor(t.withheld, s), residue: minor(t.residue, s), undistributed: minor(t.undistributed, s),
  };
  const claims: RunClaim[] = [];
  const it = db
    .prepare(
      `SELECT claim_ref, creditor_ref, status, class_code, value, entitled, paid_before, paid, reserved, withheld, in_kind_asset, in_kind_units, in_kind_cash
       FROM run_lines WHERE run_id = ? ORDER BY claim_ref, portion`,
    )
    .raw()
    .iterate(row.id) as IterableIterator<Array<string | null>>;
  let cur: RunClaim | null = null;
  for (const r of it) {
    if (!cur || cur.ref !== r[0]) {
      cur = { ref: r[0]!, creditorRef: r[1]!, status: r[2] ?? '', portions: [] };
      claims.push(cur);
    }
    cur.portions.push({
      classCode: r[3]!, value: r[4] === null ? null : minor(r[4], s), entitled: minor(r[5], s), paidBefore: minor(r[6], s), paid: minor(r[7], s),
      reserved: minor(r[8], s), withheld: minor(r[9], s),
      inKind: r[10] ? { asset: r[10], units: minor(r[11], 0), cash: minor(r[12], s) } : null,
    });
  }
  let options: Record<string, unknown> | null;
  try {
    options = row.options ? (JSON.parse(row.options) as Record<string, unknown>) : null;
  } catch {
    options = { raw: row.options };
  }
  const identity: RunIdentity = {
    id: Number(row.id), ref: row.ref, date: row.date, state: row.state, final: Number(row.final) === 1,
    release: minor(row.release, s), deMinimis: minor(row.de_minimis, s), options, inputHash: row.input_hash, merkleRoot: row.merkle_root,
    draftedBy: row.drafted_by, approvedBy: row.approved_by, finalizedBy: row.finalized_by, createdAt: row.drafted_at ?? null,
  };
  return { identity, currency: info.currency, currencyScale: s, claims, totals };
}

export function classInfo(db: Db): ClassInfo[] {
  return (db.prepare('SELECT code, name, rank FROM classes ORDER BY rank, position, code').all() as Array<{ code: string; name: string; rank: bigint }>).map((c) => ({
    code: c.code, name: c.name, rank: Number(c.rank),
  }));
}

export function creditorNames(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT ref, name FROM creditors').raw().all() as Array<[string, string]>);
}

export function runScheduleInput(db: Db, ref: string): RunScheduleInput {
  return { case: caseInfo(db), run: loadRun(db, ref), classes: classInfo(db), creditorNames: creditorNames(db) };
}

/** The portions of a run as they enter its proof tree. */
export function proofPortions(run: RunData): ProofPortion[] {
  const s = run.currencyScale;
  const out: ProofPortion[] = [];
  for (const c of run.claims) {
    for (const p of c.portions) {
      out.push({ creditor: c.creditorRef, claim: c.ref, class: p.classCode, paidThisRun: formatDecimal(p.paid, s), paidCumulative: formatDecimal(p.paidBefore + p.paid, s) });
    }
  }
  return out;
}

/** The proof tree of a run. The runs area stores `.root` in runs.merkle_root when it finalizes the run. */
export function runProof(run: RunData, secret: string): RunProof {
  return new RunProof(run.identity.ref, run.currency, secret, proofPortions(run));
}

/** The Merkle root to publish for a stored run (for the runs area to call inside its finalize transaction). */
export function merkleRootOfRun(db: Db, ref: string): string {
  return runProof(loadRun(db, ref), proofSecret(db)).root;
}

/** Paid to date per creditor by the latest finalized distribution run, or null when the case has none. */
export function paidByCreditor(db: Db): Map<string, bigint> | null {
  if (!tableExists(db, 'runs') || !tableExists(db, 'run_lines')) return null;
  const kind = hasKind(db) ? "AND kind = 'distribution'" : '';
  const last = db.prepare(`SELECT id FROM runs WHERE state = 'finalized' ${kind} ORDER BY date DESC, id DESC LIMIT 1`).pluck().get() as bigint | undefined;
  if (last === undefined) return null;
  const m = new Map<string, bigint>();
  const it = db.prepare('SELECT creditor_ref, paid_before, paid FROM run_lines WHERE run_id = ?').raw().iterate(last) as IterableIterator<[string, string, string]>;
  for (const [cr, pb, p] of it) m.set(cr, (m.get(cr) ?? 0n) + BigInt(pb) + BigInt(p));
  return m;
}
