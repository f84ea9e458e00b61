/**
 * The inputs of notices: distribution statements per creditor for a run (with
 * each creditor's inclusion proof), and determination notices for decided
 * claims (from the audit log's decisions).
 */
import type { ReadDb, WriteDb } from '../store/db.js';
import { assetScales } from '../store/util.js';
import { AppError } from '../errors.js';
import { caseInfo, proofSecret } from './load.js';
import { classInfo, loadRun, runProof } from './load-run.js';
import type { CaseInfo, ClassInfo, CreditorBlock, Decision, DeterminationInput, RunData, StatementInput } from './types.js';

type Db = ReadDb | WriteDb;

export interface StatementPlan {
  run: RunData;
  root: string;
  /** Creditors in reference order, each with the indexes of their claims in run.claims. */
  creditors: Array<{ ref: string; claims: number[] }>;
  build: (creditor: CreditorBlock, claimIdx: readonly number[]) => StatementInput;
}

/** Everything needed to make each creditor's statement, from a run's data (engine or stored). */
export function planStatements(run: RunData, info: CaseInfo, classes: readonly ClassInfo[], scales: Map<string, number>, secret: string): StatementPlan {
  const proof = runProof(run, secret);
  const names = new Map(classes.map((c) => [c.code, c.name]));
  // Portion index of each claim's first portion in the proof's portion list.
  const firstPortion: number[] = [];
  let k = 0;
  for (const c of run.claims) {
    firstPortion.push(k);
    k += c.portions.length;
  }
  const byCreditor = new Map<string, number[]>();
  run.claims.forEach((c, i) => {
    const list = byCreditor.get(c.creditorRef);
    if (list) list.push(i);
    else byCreditor.set(c.creditorRef, [i]);
  });
  const creditors = [...byCreditor.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([ref, claims]) => ({ ref, claims }));
  const identity = run.identity;
  if (identity.merkleRoot && identity.merkleRoot !== proof.root) {
    throw new AppError('case_corrupt', `Run ${identity.ref}: its published root ${identity.merkleRoot} does not match its result (recomputed ${proof.root})`);
  }
  const build = (creditor: CreditorBlock, claimIdx: readonly number[]): StatementInput => {
    const portionIdx: number[] = [];
    const claims = claimIdx.map((i) => {
      const c = run.claims[i]!;
      c.portions.forEach((_, j) => portionIdx.push(firstPortion[i]! + j));
      return {
        ref: c.ref,
        status: c.status,
        portions: c.portions.map((p) => ({
          classCode: p.classCode,
          className: names.get(p.classCode) ?? p.classCode,
          value: p.value,
          paidBefore: p.paidBefore,
          paidThisRun: p.paid,
          reserved: p.reserved,
          withheld: p.withheld,
          inKind: p.inKind ? { ...p.inKind, assetScale: scales.get(p.inKind.asset) ?? 0 } : null,
        })),
      };
    });
    return {
      case: info,
      run: { ref: identity.ref, date: identity.date, final: identity.final, state: identity.state },
      creditor,
      paymentMethod: info.paymentMethod,
      claims,
      proof: proof.statementFor(creditor.ref, portionIdx),
    };
  };
  return { run, root: proof.root, creditors, build };
}

export function creditorBlocks(db: Db, refs?: readonly string[]): Map<string, CreditorBlock> {
  const m = new Map<string, CreditorBlock>();
  if (refs && refs.length < 500) {
    const q = db.prepare('SELECT ref, name, address, email FROM creditors WHERE ref = ?');
    for (const r of refs) {
      const c = q.get(r) as CreditorBlock | undefined;
      if (c) m.set(r, { ref: c.ref, name: c.name, address: c.address ?? null, email: c.email ?? null });
    }
    return m;
  }
  for (const c of db.prepare('SELECT ref, name, address, email FROM creditors').all() as CreditorBlock[]) {
    m.set(c.ref, { ref: c.ref, name: c.name, address: c.address ?? null, email: c.email ?? null });
  }
  return m;
}

/** The statement plan of a stored run. */
export function planStoredStatements(db: Db, runRef: string): StatementPlan {
  return planStatements(loadRun(db, runRef), caseInfo(db), classInfo(db), assetScales(db), proofSecret(db));
}

export function addDays(iso: string, days: number): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The objection deadline printed on a notice: the case's fixed deadline, else the notice date plus the objection period. */
export function objectionDeadline(info: CaseInfo, issuedOn: string): string {
  return info.objectionDeadline ?? addDays(issuedOn, info.objectionDays);
}

interface DecisionEntry {
  decision: Decision;
  at: string;
  actor: string;
  reason: string;
  previousClass: string | null;
}

function parseJson(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const classOf = (o: Record<string, unknown>): string | undefined => {
  const v = o.class_code ?? o.classCode ?? o.class;
  return typeof v === 'string' ? v : undefined;
};

/** The latest decision per claim in the audit log: a status set to allowed or disallowed, or a change of class. */
function decisions(db: Db): Map<string, DecisionEntry> {
  const out = new Map<string, DecisionEntry>();
  const it = db
    .prepare("SELECT entity_ref, at, actor, before, after, reason FROM audit WHERE entity = 'claim' AND entity_ref IS NOT NULL ORDER BY id")
    .raw()
    .iterate() as IterableIterator<[string, string, string, string | null, string | null, string | null]>;
  for (const [ref, at, actor, beforeS, afterS, reason] of it) {
    const after = parseJson(afterS);
    const before = parseJson(beforeS);
    const status = after.status;
    if (status === 'allowed' || status === 'disallowed') {
      out.set(ref, { decision: status, at, actor, reason: reason ?? '', previousClass: null });
      continue;
    }
    const to = classOf(after);
    const from = classOf(before);
    if (to !== undefined && from !== undefined && to !== from) {
      out.set(ref, { decision: 'reclassified', at, actor, reason: reason ?? '', previousClass: from });
    }
  }
  return out;
}

export interface DeterminationQuery {
  /** Only decisions made on or after this date (YYYY-MM-DD). */
  since?: string | undefined;
  /** The notices' date. */
  issuedOn: string;
  /** Only these claims. */
  claims?: readonly string[] | undefined;
}

/** Determination notices for decided claims whose decision still stands, in claim order. */
export function determinationInputs(db: Db, q: DeterminationQuery): DeterminationInput[] {
  const info = caseInfo(db);
  const scales = assetScales(db);
  const classes = new Map(classInfo(db).map((c) => [c.code, c.name]));
  const dec = decisions(db);
  const only = q.claims ? new Set(q.claims) : null;
  const rows = db
    .prepare(
      `SELECT c.ref, c.asset, c.asserted, c.allowed, c.value_minor, c.status, c.class_code, cr.ref cref, cr.name, cr.address, cr.email
       FROM claims c JOIN creditors cr ON cr.id = c.creditor_id WHERE c.status IN ('allowed','disallowed') OR c.class_code IS NOT NULL ORDER BY c.ref`,
    )
    .all() as Array<{ ref: string; asset: string; asserted: string; allowed: string | null; value_minor: bigint; status: string; class_code: string | null; cref: string; name: string; address: string | null; email: string | null }>;
  const out: DeterminationInput[] = [];
  for (const r of rows) {
    if (only && !only.has(r.ref)) continue;
    const d = dec.get(r.ref);
    if (!d) continue;
    if (d.decision !== 'reclassified' && d.decision !== r.status) continue;
    const decidedOn = d.at.slice(0, 10);
    if (q.since && decidedOn < q.since) continue;
    out.push({
      case: info,
      creditor: { ref: r.cref, name: r.name, address: r.address, email: r.email },
      claim: {
        ref: r.ref, asset: r.asset, assetScale: scales.get(r.asset) ?? 0, asserted: BigInt(r.asserted), allowed: r.allowed === null ? null : BigInt(r.allowed),
        value: BigInt(r.value_minor), status: r.status, classCode: r.class_code, className: r.class_code ? (classes.get(r.class_code) ?? null) : null, previousClass: d.previousClass,
      },
      decision: d.decision,
      reason: d.reason,
      decidedOn,
      decidedBy: d.actor,
      issuedOn: q.issuedOn,
      objectionDeadline: objectionDeadline(info, q.issuedOn),
    });
  }
  return out;
}
