/**
 * A run's input, read from the case and written down canonically (issue #6 §2).
 *
 * The canonical input is text: one JSON header line (canonicalJson: sorted
 * keys, amounts as minor-unit strings), then one line per claim that enters
 * the computation ("C", tab-separated, in reference byte order) and one per
 * claim left out or included although its class is not approved ("U"). Its
 * SHA-256 is the run's input hash; the text is stored gzip'd in run_inputs
 * and `recourse run verify` recomputes the run from it.
 *
 * The claims are read by runs-input-claims.ts (a large case's in two threads,
 * runs-input-split.ts: a helper worker reads those after a split reference).
 */
import { TextSink } from './runs-text.js';
import { canonicalOf, readClaims, type CanonicalInput, type ClaimsRead } from './runs-input-claims.js';
import { helpedRead, splitAt } from './runs-input-split.js';
import { AppError } from '../errors.js';
import { formatRatio, parseRatio } from '../money/index.js';
import type { ClaimInput, ClassDef, InKindPrice, RunInput } from '../engine/index.js';
import { DEFAULT_DEFICIENCY_CLASS, type ClassRow } from '../domain/ladder.js';
import { canonicalJson } from '../store/audit.js';
import { readClasses } from '../store/ladder-versions.js';
import type { ReadDb, WriteDb } from '../store/db.js';
import { readMeta } from './case.js';
import { collateralProceeds } from './estate-encumbrance.js';

type Db = ReadDb | WriteDb;

export const INPUT_FORMAT = 'recourse-run-input-v1';
export const DISPUTED_AS = ['reserve', '0', '50', '100'] as const;
export type DisputedAs = (typeof DISPUTED_AS)[number];

/** What the administrator chose for a run. Amounts in case-currency minor units. */
export interface RunOptions {
  date: string;
  release: bigint;
  final: boolean;
  deMinimis: bigint;
  withholdUnverified: boolean;
  includeUnapproved: boolean;
  /** What-if: resolve disputed claims at 0%, 50% or 100% of their value (computation only). */
  disputedAs: DisputedAs;
}

export interface HeaderClass {
  code: string;
  rank: number;
  treatment: ClassDef['treatment'];
  pct: string | null;
  cap: string | null;
  secured: boolean;
  deficiencyClass: string | null;
  portionCap: string | null;
  overflowClass: string | null;
  interestBearing: boolean;
  inKindAsset: string | null;
}

export interface InputHeader {
  format: typeof INPUT_FORMAT;
  currency: string;
  currencyScale: number;
  runDate: string;
  petitionDate: string;
  interestRate: string | null;
  final: boolean;
  release: string;
  cumulative: string;
  deMinimis: string;
  withholdUnverifiedKyc: boolean;
  includeUnapproved: boolean;
  disputedAs: DisputedAs;
  defaultDeficiencyClass: string;
  classes: HeaderClass[];
  collateral: Array<{ ref: string; proceeds: string }>;
  inKindPrices: Record<string, { price: string; date: string; scale: number }>;
  /** The latest finalized run this one builds on (its paid amounts are the claims' paid_before). */
  previousRun: string | null;
}

/** A claim left out of the run, or included although its class is not approved. */
export interface UnapprovedLine {
  ref: string;
  classCode: string | null;
  status: string;
  value: bigint;
  /** excluded: left out (class not approved); no_class: left out (no class at all); included: in the run by choice. */
  state: 'excluded' | 'no_class' | 'included';
}

/** The claims left out of the run or included although their class is not approved: counts, value, the first few. */
export interface UnapprovedSummary {
  excluded: number;
  noClass: number;
  included: number;
  /** Σ value of them all. */
  value: bigint;
  /** The first UNAPPROVED_SAMPLE (runs-input-claims.ts) of them in reference order. */
  sample: UnapprovedLine[];
}

export interface LoadedInput {
  header: InputHeader;
  input: RunInput;
  unapproved: UnapprovedSummary;
  /**
   * The canonical text's SHA-256 and gzip, once written (a large case's by a
   * helper worker while the run is computed). Call it once the run's lines
   * are written: should the helper have failed, it reads the claims again on
   * the caller's connection.
   */
  canonical: () => Promise<CanonicalInput>;
  /** Stop the helper worker, if any (call when done, or on an error). */
  done: () => Promise<void>;
}

export interface Progress {
  progress?: (done: number, total: number, label?: string) => void;
  /** Called between chunks; may throw to stop (cancel). */
  breathe?: () => Promise<void>;
  /** Read the claims in two threads (a helper worker) from this many claims in the case on (default PARALLEL_FROM). */
  parallelFrom?: number;
  /** Then the share of them this thread reads (default JOB_SHARE, runs-input-split.ts). */
  jobShare?: number;
}

/**
 * From this many claims in the case on, a helper worker reads part of them
 * (runs-input-split.ts; a worker costs a few hundred milliseconds to start).
 */
export const PARALLEL_FROM = 200_000;

export function classDef(c: HeaderClass): ClassDef {
  return {
    code: c.code,
    rank: c.rank,
    treatment: c.treatment,
    pct: c.pct === null ? null : parseRatio(c.pct),
    cap: c.cap === null ? null : BigInt(c.cap),
    secured: c.secured,
    deficiencyClass: c.deficiencyClass,
    portionCap: c.portionCap === null ? null : BigInt(c.portionCap),
    overflowClass: c.overflowClass,
    interestBearing: c.interestBearing,
    inKindAsset: c.inKindAsset,
  };
}

function headerClass(r: ClassRow): HeaderClass {
  return {
    code: r.code,
    rank: r.rank,
    treatment: r.treatment,
    pct: r.pct,
    cap: r.cap,
    secured: r.secured,
    deficiencyClass: r.deficiencyClass,
    portionCap: r.portionCap,
    overflowClass: r.overflowClass,
    interestBearing: r.interestBearing,
    inKindAsset: r.inKindAsset,
  };
}

/** The engine input a header describes (claims are added separately). */
export function inputOf(h: InputHeader, claims: ClaimInput[]): RunInput {
  const inKindPrices: Record<string, InKindPrice> = {};
  for (const [asset, p] of Object.entries(h.inKindPrices)) inKindPrices[asset] = { price: parseRatio(p.price), scale: p.scale };
  return {
    currencyScale: h.currencyScale,
    classes: h.classes.map(classDef),
    claims,
    collateral: h.collateral.map((c) => ({ ref: c.ref, proceeds: BigInt(c.proceeds) })),
    cumulativeReleased: BigInt(h.cumulative),
    runDate: h.runDate,
    petitionDate: h.petitionDate,
    interestRate: h.interestRate === null ? null : parseRatio(h.interestRate),
    final: h.final,
    deMinimis: BigInt(h.deMinimis),
    withholdUnverifiedKyc: h.withholdUnverifiedKyc,
    inKindPrices,
    defaultDeficiencyClass: h.defaultDeficiencyClass,
  };
}

/** The latest finalized distribution run: its id, ref and cumulative release D. */
export function lastFinalized(db: Db): { id: number; ref: string; cumulative: bigint; date: string } | null {
  const r = db
    .prepare("SELECT id, ref, cumulative, date FROM runs WHERE kind = 'distribution' AND state = 'finalized' ORDER BY id DESC LIMIT 1")
    .get() as { id: bigint; ref: string; cumulative: string; date: string } | undefined;
  return r ? { id: Number(r.id), ref: r.ref, cumulative: BigInt(r.cumulative), date: r.date } : null;
}

/** Run-date prices (the latest on or before the run date) of the assets classes are paid in kind in. */
function inKindPrices(db: Db, classes: readonly ClassRow[], date: string, currency: string): InputHeader['inKindPrices'] {
  const out: InputHeader['inKindPrices'] = {};
  for (const c of classes) {
    const a = c.inKindAsset;
    if (!a || out[a]) continue;
    if (a === currency)
      throw new AppError('invalid_state', `Class ${c.code} is paid in kind in the case currency ${a}; clear its in-kind asset`);
    const row = db
      .prepare(
        'SELECT p.price, p.date, s.scale FROM prices p JOIN assets s ON s.code = p.asset WHERE p.asset = ? AND p.date <= ? ORDER BY p.date DESC LIMIT 1',
      )
      .get(a, date) as { price: string; date: string; scale: bigint } | undefined;
    if (!row) {
      throw new AppError(
        'invalid_state',
        `Class ${c.code} is paid in kind in ${a}, and the price table has no ${a} price on or before the run date ${date}. Import a ${a} price first.`,
      );
    }
    const r = parseRatio(row.price);
    if (r.num <= 0n)
      throw new AppError('invalid_state', `The ${a} price of ${row.date} is not positive; an in-kind payment needs a positive price`);
    out[a] = { price: formatRatio(r), date: row.date, scale: Number(row.scale) };
  }
  return out;
}

/** Read everything a run computes from, and write it down canonically. */
export async function loadRunInput(db: Db, opts: RunOptions, p: Progress = {}): Promise<LoadedInput> {
  const meta = readMeta(db);
  const scaleRow = db.prepare('SELECT scale FROM assets WHERE code = ?').pluck().get(meta.currency) as bigint | undefined;
  if (scaleRow === undefined) throw new AppError('case_corrupt', `The case currency ${meta.currency} is not among the case's assets`);
  const classes = readClasses(db);
  if (classes.length === 0)
    throw new AppError('invalid_state', 'The case has no classes yet. Set up the class ladder under Classification before drafting a run.');
  const prev = lastFinalized(db);
  if (prev && opts.date < prev.date)
    throw new AppError('invalid_args', `The run date ${opts.date} is before the date of the last finalized run ${prev.ref} (${prev.date})`);
  const cumulative = (prev?.cumulative ?? 0n) + opts.release;
  const header: InputHeader = {
    format: INPUT_FORMAT,
    currency: meta.currency,
    currencyScale: Number(scaleRow),
    runDate: opts.date,
    petitionDate: meta.petitionDate,
    interestRate: meta.interestRate ? formatRatio(parseRatio(meta.interestRate)) : null,
    final: opts.final,
    release: opts.release.toString(),
    cumulative: cumulative.toString(),
    deMinimis: opts.deMinimis.toString(),
    withholdUnverifiedKyc: opts.withholdUnverified,
    includeUnapproved: opts.includeUnapproved,
    disputedAs: opts.disputedAs,
    defaultDeficiencyClass: DEFAULT_DEFICIENCY_CLASS,
    classes: classes.map(headerClass),
    collateral: collateralProceeds(db).map((c) => ({ ref: c.ref, proceeds: c.proceeds.toString() })),
    inKindPrices: inKindPrices(db, classes, opts.date, meta.currency),
    previousRun: prev?.ref ?? null,
  };

  const total = Number(db.prepare('SELECT count(*) FROM claims').pluck().get() as bigint);
  p.progress?.(0, total, 'Reading claims');
  const headerLine = canonicalJson(header);
  const prevRun = prev ? { id: prev.id, ref: prev.ref } : null;
  const progress = { ...p, total };
  const path = db.name;
  const helped = total >= (p.parallelFrom ?? PARALLEL_FROM) && db.inTransaction && !db.memory && path !== '' && path !== ':memory:';
  const split = helped ? splitAt(db, total, p.jobShare) : null;
  if (split === null) {
    const sink = new TextSink();
    sink.line(headerLine);
    const read = await readClaims(db, opts, prevRun, { engine: true, sink }, progress);
    p.progress?.(total, total, 'Reading claims');
    const canonical = canonicalOf(sink);
    canonical.catch(() => undefined); // awaited by the caller; a failure before then must not be an unhandled rejection
    return loaded(header, read, () => canonical, () => Promise.resolve());
  }
  // A large case: a helper worker reads the claims after the split (runs-input-split.ts).
  const h = await helpedRead(db, opts, prevRun, headerLine, total, split, p);
  p.progress?.(total, total, 'Reading claims');
  return loaded(header, h.read, h.canonical, h.done);
}

function loaded(header: InputHeader, read: ClaimsRead, canonical: () => Promise<CanonicalInput>, done: () => Promise<void>): LoadedInput {
  return { header, input: inputOf(header, read.claims), unapproved: read.unapproved, canonical, done };
}
