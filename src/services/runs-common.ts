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

/** Creditors by id: their reference and whether their KYC is verified. */
export interface CreditorIndex {
  ref: (id: number) => string;
  verified: (id: number) => boolean;
  /** The index in a cloneable form, to hand to another thread (null unless the ids run from 1 without a gap). */
  packed: () => PackedCreditors | null;
}

/**
 * A creditor index with ids 1..n in a cloneable form: the references in id
 * order as SQLite joined them (NUL-separated, REFS_PER_QUERY per string), and
 * a verified flag per id.
 */
export interface PackedCreditors {
  joined: string[];
  kyc: Uint8Array;
}

/** Creditors per query when their references are read as one string (group_concat) per range of ids. */
const REFS_PER_QUERY = 50_000;

/**
 * Creditors 1..max when their ids run without a gap (the usual case): per
 * REFS_PER_QUERY ids, one query returns the references joined by NULs and the
 * KYC flags as one string of 0s and 1s, in id order (the subquery's order,
 * which an aggregate over it keeps), so a few values are converted instead of
 * two per creditor. Null when an id is missing or a reference holds a NUL.
 */
function readInIdOrder(db: Db, max: number): { refs: Array<string | undefined>; kyc: Uint8Array; joined: string[] } | null {
  const st = db
    .prepare(
      `SELECT group_concat(ref, char(0)), group_concat(kyc = 'verified', ''), count(*)
       FROM (SELECT ref, kyc FROM creditors WHERE id > ? AND id <= ? ORDER BY id)`,
    )
    .raw()
    .safeIntegers(false);
  const refs: Array<string | undefined> = [undefined];
  const kyc = new Uint8Array(max + 1);
  const joined: string[] = [];
  for (let lo = 0; lo < max; lo += REFS_PER_QUERY) {
    const [j, k, count] = st.get(lo, lo + REFS_PER_QUERY) as [string | null, string | null, number];
    if (count !== Math.min(REFS_PER_QUERY, max - lo) || j === null || k === null) return null;
    const parts = j.split('\0');
    if (parts.length !== count) return null;
    for (const r of parts) refs.push(r);
    for (let i = 0; i < count; i++) kyc[lo + 1 + i] = k.charCodeAt(i) === 49 ? 1 : 0;
    joined.push(j);
  }
  return { refs, kyc, joined };
}

/**
 * Creditors by id: their reference and whether their KYC is verified (ids as
 * plain numbers). Ids from 1 without a gap are read in id order
 * (readInIdOrder) into arrays indexed by id; otherwise dense ids go into an
 * array filled with undefined first, which V8 keeps packed (`new Array(n)` of
 * that size is not), and sparse ones into a Map, read from the covering index.
 */
export function creditorIndex(db: Db): CreditorIndex {
  const [lo, max] = db
    .prepare('SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM creditors')
    .raw()
    .safeIntegers(false)
    .get() as [number, number];
  const inOrder = lo === 1 ? readInIdOrder(db, max) : null;
  if (inOrder) return indexOf(inOrder.refs, inOrder.kyc, inOrder.joined);
  const n = db.prepare('SELECT count(*) FROM creditors').pluck().safeIntegers(false).get() as number;
  const dense = max <= 4 * n + 1024;
  let refs: Array<string | undefined> | Map<number, string>;
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
  const ids = db.prepare("SELECT id FROM creditors WHERE kyc = 'verified'").pluck().safeIntegers(false).all() as number[];
  const kyc: Uint8Array | Set<number> = dense ? new Uint8Array(max + 1) : new Set<number>();
  for (const id of ids) {
    if (kyc instanceof Uint8Array) kyc[id] = 1;
    else kyc.add(id);
  }
  return indexOf(refs, kyc, null);
}

function indexOf(
  refs: Array<string | undefined> | Map<number, string>,
  kyc: Uint8Array | Set<number>,
  joined: string[] | null,
): CreditorIndex {
  return {
    ref: (id) => {
      const r = Array.isArray(refs) ? refs[id] : refs.get(id);
      if (r === undefined) throw new AppError('case_corrupt', `A claim names creditor id ${id}, which does not exist`);
      return r;
    },
    verified: (id) => (kyc instanceof Uint8Array ? kyc[id] === 1 : kyc.has(id)),
    packed: () => (joined && kyc instanceof Uint8Array ? { joined, kyc } : null),
  };
}

/** The index another thread packed (PackedCreditors), with the same answers. */
export function unpackCreditors(p: PackedCreditors): CreditorIndex {
  const refs: Array<string | undefined> = [undefined];
  for (const j of p.joined) for (const r of j.split('\0')) refs.push(r);
  return indexOf(refs, p.kyc, p.joined);
}
