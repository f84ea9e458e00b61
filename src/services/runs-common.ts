/**
 * What the runs services share: the stored run record, its result JSON, the
 * case currency, and how a run is named on the command line (R-001 or its id).
 */
import { AppError } from '../errors.js';
import { formatDecimal } from '../money/index.js';
import { EngineError } from '../engine/index.js';
import type { ReadDb, WriteDb } from '../store/db.js';
import { readMeta } from './case.js';
import type { DisputedAs } from './runs-input.js';

export type Db = ReadDb | WriteDb;
export type RunKind = 'distribution' | 'loss';
export type RunState = 'draft' | 'approved' | 'finalized' | 'discarded';

/** The options a run was drafted with (runs.options). */
export interface StoredOptions {
  withholdUnverified: boolean;
  includeUnapproved: boolean;
  disputedAs: DisputedAs;
  /** A what-if draft (disputed claims resolved hypothetically): never approved or finalized. */
  whatIf: boolean;
  /** The latest finalized run when the draft was computed (its basis), by id and ref. */
  basisId: number | null;
  basis: string | null;
  /** The last audit entry when the draft was computed: a later change to its inputs makes it stale. */
  auditMark: number;
  note?: string | null;
}

/** The class summary and totals stored in runs.result (amounts in minor units, as text). */
export interface StoredClass {
  code: string;
  name: string;
  rank: number;
  demand: string;
  principal: string;
  interest: string;
  allocated: string;
  recovery: string;
}

export interface StoredTotals {
  cumulative: string;
  paid_this_run: string;
  paid_cumulative: string;
  reserved: string;
  withheld: string;
  residue: string;
  undistributed: string;
  receivables: string;
  forfeited: string;
}

export interface StoredUnapproved {
  ref: string;
  class: string | null;
  status: string;
  value: string;
  state: 'excluded' | 'no_class' | 'included';
}

export interface StoredResult {
  currency: string;
  scale: number;
  classes: StoredClass[];
  totals: StoredTotals;
  /** Paid by this run per currency (case currency; units of in-kind assets), minor units. */
  ledger: Record<string, string>;
  claim_count: number;
  portion_count: number;
  iterations: number;
  unapproved: { count: number; value: string; excluded: number; included: number; no_class: number; sample: StoredUnapproved[] };
  /** The release cash could cover when the run was drafted (minor units), where the estate's cash is known. */
  releasable: string | null;
  warnings: string[];
  previous_run: string | null;
}

export interface RunRecord {
  id: number;
  ref: string;
  kind: RunKind;
  date: string;
  state: RunState;
  final: boolean;
  release: bigint;
  cumulative: bigint;
  deMinimis: bigint;
  options: StoredOptions;
  inputHash: string | null;
  result: StoredResult | null;
  /** The raw result JSON (loss runs keep their own shape). */
  resultText: string | null;
  merkleRoot: string | null;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  finalizedBy: string | null;
  finalizedAt: string | null;
  discardedBy: string | null;
  discardedAt: string | null;
  discardReason: string | null;
}

export const RUN_COLUMNS =
  'id, ref, kind, date, state, final, release, cumulative, de_minimis, options, input_hash, result, merkle_root, drafted_by, drafted_at, approved_by, approved_at, finalized_by, finalized_at, discarded_by, discarded_at, discard_reason';

export function recordOf(r: Record<string, unknown>): RunRecord {
  const resultText = (r.result as string | null) ?? null;
  const kind = r.kind as RunKind;
  return {
    id: Number(r.id),
    ref: r.ref as string,
    kind,
    date: r.date as string,
    state: r.state as RunState,
    final: Number(r.final) === 1,
    release: BigInt(r.release as string),
    cumulative: BigInt(r.cumulative as string),
    deMinimis: BigInt(r.de_minimis as string),
    options: JSON.parse(r.options as string) as StoredOptions,
    inputHash: (r.input_hash as string | null) ?? null,
    result: kind === 'distribution' && resultText ? (JSON.parse(resultText) as StoredResult) : null,
    resultText,
    merkleRoot: (r.merkle_root as string | null) ?? null,
    draftedBy: r.drafted_by as string,
    draftedAt: r.drafted_at as string,
    approvedBy: (r.approved_by as string | null) ?? null,
    approvedAt: (r.approved_at as string | null) ?? null,
    finalizedBy: (r.finalized_by as string | null) ?? null,
    finalizedAt: (r.finalized_at as string | null) ?? null,
    discardedBy: (r.discarded_by as string | null) ?? null,
    discardedAt: (r.discarded_at as string | null) ?? null,
    discardReason: (r.discard_reason as string | null) ?? null,
  };
}

/** A run by its reference (R-001, L-001) or its numeric id. */
export function findRun(db: Db, run: string): RunRecord {
  const key = run.trim();
  const row = (
    /^\d+$/.test(key)
      ? db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(BigInt(key))
      : db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE ref = ?`).get(key.toUpperCase())
  ) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found', `No run ${key} in this case. List the runs with: recourse run list FILE`);
  return recordOf(row);
}

export function caseMoney(db: Db): { currency: string; scale: number } {
  const meta = readMeta(db);
  const s = db.prepare('SELECT scale FROM assets WHERE code = ?').pluck().get(meta.currency) as bigint | undefined;
  if (s === undefined) throw new AppError('case_corrupt', `The case currency ${meta.currency} is not among the case's assets`);
  return { currency: meta.currency, scale: Number(s) };
}

/** Minor-unit text → decimal text at the scale. */
export const dec = (minor: string | bigint, scale: number): string =>
  formatDecimal(typeof minor === 'bigint' ? minor : BigInt(minor), scale);

/** Run the engine; an input it cannot compute with becomes a message the administrator can act on. */
export function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EngineError) throw new AppError('invalid_state', `The run cannot be computed: ${err.message}`);
    throw err;
  }
}

/** The next reference of a kind: … for distributions, L-001… for loss allocations. */
export function nextRef(db: WriteDb, kind: RunKind): string {
  const n = Number(db.prepare('SELECT count(*) FROM runs WHERE kind = ?').pluck().get(kind) as bigint) + 1;
  return `${kind === 'distribution' ? 'R' : 'L'}-${String(n).padStart(3, '0')}`;
}

/**
 * Audit actions that change what a run computes from: claims, classes and
 * their classification, creditors (KYC), prices, imports, and the estate's
 * realizations (collateral proceeds). Documents and notes do not count.
 */
const INPUT_ACTIONS = [
  'claim.%',
  'claims.%',
  'class.%',
  'classes.%',
  'classification.%',
  'creditor.%',
  'creditors.%',
  'price.%',
  'prices.%',
  'import.%',
  'estate.import',
  'estate_asset.realiz%',
  'case.settings%',
];
const NOT_INPUT = ['claim.document', 'claim.duplicate_dismissed', 'import.mapping', 'classes.signoff'];

/** The first change to a run's inputs recorded after its audit mark, if any. */
export function changeSince(
  db: Db,
  mark: number,
): { action: string; entityRef: string | null; actor: string; at: string; count: number } | null {
  const cond = INPUT_ACTIONS.map(() => 'action LIKE ?').join(' OR ');
  const not = NOT_INPUT.map(() => '?').join(',');
  const sql = `FROM audit WHERE id > ? AND (${cond}) AND action NOT IN (${not})`;
  const params = [mark, ...INPUT_ACTIONS, ...NOT_INPUT];
  const first = db.prepare(`SELECT action, entity_ref, actor, at ${sql} ORDER BY id LIMIT 1`).get(...params) as
    { action: string; entity_ref: string | null; actor: string; at: string } | undefined;
  if (!first) return null;
  const count = Number(
    db
      .prepare(`SELECT count(*) ${sql}`)
      .pluck()
      .get(...params) as bigint,
  );
  return { action: first.action, entityRef: first.entity_ref, actor: first.actor, at: first.at, count };
}

export function auditMark(db: Db): number {
  return Number((db.prepare('SELECT max(id) FROM audit').pluck().get() as bigint | null) ?? 0n);
}

/**
 * Creditors by id: their reference and whether their KYC is verified (ids as
 * plain numbers). When the ids run from 1 without a gap (the usual case), the
 * references are read in id order, one string per row (pluck), straight into
 * an array indexed by id; otherwise dense ids go into an array filled with
 * undefined first, which V8 keeps packed (`new Array(n)` of that size is not),
 * and sparse ones into a Map, read from the covering index.
 */
export function creditorIndex(db: Db): { ref: (id: number) => string; verified: (id: number) => boolean } {
  const [lo, max, n] = db
    .prepare('SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM creditors')
    .raw()
    .safeIntegers(false)
    .get() as [number, number, number];
  const dense = max <= 4 * n + 1024;
  let refs: Array<string | undefined> | Map<number, string>;
  if (n > 0 && lo === 1 && max === n) {
    const a: Array<string | undefined> = [undefined];
    for (const ref of db.prepare('SELECT ref FROM creditors ORDER BY id').pluck().iterate() as IterableIterator<string>) a.push(ref);
    refs = a;
  } else {
    const rows = db.prepare('SELECT id, ref FROM creditors ORDER BY ref').raw().safeIntegers(false).iterate() as IterableIterator<
      [number, string]
    >;
    if (dense) {
      const a: Array<string | undefined> = [];
      for (let i = 0; i <= max; i++) a.push(undefined);
      for (const [id, ref] of rows) a[id] = ref;
      refs = a;
    } else {
      const m = new Map<number, string>();
      for (const [id, ref] of rows) m.set(id, ref);
      refs = m;
    }
  }
  const ids = db.prepare("SELECT id FROM creditors WHERE kyc = 'verified'").pluck().safeIntegers(false).all() as number[];
  const kyc: Uint8Array | Set<number> = dense ? new Uint8Array(max + 1) : new Set<number>();
  for (const id of ids) {
    if (kyc instanceof Uint8Array) kyc[id] = 1;
    else kyc.add(id);
  }
  return {
    ref: (id) => {
      const r = Array.isArray(refs) ? refs[id] : refs.get(id);
      if (r === undefined) throw new AppError('case_corrupt', `A claim names creditor id ${id}, which does not exist`);
      return r;
    },
    verified: (id) => (kyc instanceof Uint8Array ? kyc[id] === 1 : kyc.has(id)),
  };
}
