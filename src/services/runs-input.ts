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
 * Claims are read with raw() iteration in reference order (SQLite's BINARY
 * collation is byte order, the engine's order), and what finalized runs paid
 * each claim is merged in from the latest finalized run's lines, which are in
 * the same order: paid_before + paid of every portion of that run is the sum
 * of what every finalized run paid it (a claim paid once stays in every later
 * run: one that would be left out is refused).
 */
import { TextSink, escapeField } from './runs-text.js';
import { creditorIndex } from './runs-common.js';
import { AppError } from '../errors.js';
import { compareBytes, divHalfEven, formatRatio, parseRatio } from '../money/index.js';
import type { ClaimInput, ClassDef, InKindPrice, PortionAmount, RunInput } from '../engine/index.js';
import type { ClaimStatus } from '../domain/claims.js';
import { NIL_STATUSES } from '../domain/claims.js';
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

export interface LoadedInput {
  header: InputHeader;
  input: RunInput;
  unapproved: UnapprovedLine[];
  /** The canonical text, in pieces (UTF-8). */
  text: Buffer[];
  hash: string;
}

export interface Progress {
  progress?: (done: number, total: number, label?: string) => void;
  /** Called between chunks; may throw to stop (cancel). */
  breathe?: () => Promise<void>;
}

const NIL = new Set<string>(NIL_STATUSES);
const NOT_SIMPLE = /[\uD800-\uFFFF]/;
/** UTF-8 byte order (SQLite's BINARY collation); native comparison where it agrees. */
const byteCmp = (a: string, b: string): number =>
  NOT_SIMPLE.test(a) || NOT_SIMPLE.test(b) ? compareBytes(a, b) : a < b ? -1 : a > b ? 1 : 0;

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

function apply(disputedAs: DisputedAs, status: string, value: bigint): [ClaimStatus, bigint, boolean] {
  if (status !== 'disputed' || disputedAs === 'reserve') return [status as ClaimStatus, value, false];
  const v = disputedAs === '0' ? 0n : disputedAs === '50' ? divHalfEven(value, 2n) : value;
  return ['allowed', v, true];
}

type ClaimRow = [string, number, string | null, string | null, string, number | string, string | null, number | null, number | null];

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
  const sink = new TextSink();
  sink.line(canonicalJson(header));
  const creditors = creditorIndex(db);
  const collateralRefs = new Map(
    (db.prepare('SELECT id, ref FROM estate_assets').raw().all() as Array<[bigint, string]>).map(([id, r]) => [Number(id), r]),
  );

  // Paid before: the latest finalized run's lines, in claim order.
  const paid = prev
    ? (db
        .prepare('SELECT claim_ref, class_code, paid_before, paid, reserved, withheld FROM run_lines WHERE run_id = ? ORDER BY claim_ref')
        .raw()
        .iterate(prev.id) as IterableIterator<[string, string, string, string, string, string]>)
    : null;
  /** Whether the claim last taken had anything in the previous run (paid, reserved or withheld): a claim now disallowed shows its reserve released. */
  let held = false;
  let line = paid?.next();
  const orphan = (ref: string, why: string) =>
    new AppError(
      'invalid_state',
      `Claim ${ref} was paid in finalized run ${prev!.ref} but ${why}. A claim once paid must stay in every later run; restore it, or correct it by a new status rather than by removing it.`,
    );
  const takePaid = (ref: string): PortionAmount[] | null => {
    let out: PortionAmount[] | null = null;
    held = false;
    while (line && !line.done) {
      const [r, cls, pb, pd, rs, wh] = line.value;
      const c = r === ref ? 0 : byteCmp(r, ref);
      if (c > 0) break;
      const amount = BigInt(pb) + BigInt(pd);
      if (c < 0) {
        if (amount > 0n) throw orphan(r, 'is no longer in the claims register');
      } else {
        if (amount > 0n) (out ??= []).push({ classCode: cls, amount });
        if (amount > 0n || rs !== '0' || wh !== '0') held = true;
      }
      line = paid!.next();
    }
    return out;
  };

  const claims: ClaimInput[] = [];
  const unapproved: UnapprovedLine[] = [];
  const intern = new Map<string, string>();
  const I = (s: string): string => {
    const v = intern.get(s);
    if (v !== undefined) return v;
    intern.set(s, s);
    return s;
  };
  // Without a finalized run nothing was paid, so claims of a nil status (never in the run then) need not be read.
  // Integers come back as numbers (no BigInt per column); a value beyond 2^53 comes as text, exact either way.
  const it = db
    .prepare(
      `SELECT ref, creditor_id, class_code, class_status, status,
              CASE WHEN abs(value_minor) < 9007199254740992 THEN value_minor ELSE CAST(value_minor AS TEXT) END,
              reserve_estimate, secured_by, lien FROM claims
       ${prev ? '' : `WHERE status NOT IN (${NIL_STATUSES.map(() => '?').join(',')})`} ORDER BY ref`,
    )
    .raw()
    .safeIntegers(false)
    .iterate(...(prev ? [] : NIL_STATUSES)) as IterableIterator<ClaimRow>;
  try {
    for (const row of it) {
      const [ref, cid, classCode, classStatus, statusRaw, valueRaw, reserveRaw, securedId, lien] = row;
      const P = takePaid(ref);
      const nil = NIL.has(statusRaw);
      const value = BigInt(valueRaw);
      let cls = classCode;
      if (!nil) {
        const approved = cls !== null && (classStatus === 'approved' || classStatus === 'overridden');
        if (!approved) {
          const state = cls === null ? 'no_class' : opts.includeUnapproved ? 'included' : 'excluded';
          unapproved.push({ ref, classCode: cls, status: statusRaw, value, state });
          sink.row(`U\t${escapeField(ref)}\t${cls === null ? '' : escapeField(cls)}\t${statusRaw}\t${value}\t${state}`);
          if (state !== 'included') {
            if (P)
              throw orphan(
                ref,
                state === 'no_class'
                  ? 'has no class now'
                  : 'its class is no longer approved (include unapproved claims, or approve its class)',
              );
            continue;
          }
        }
      } else if (!P && !(held && cls !== null)) continue;
      else cls ??= P![0]!.classCode;
      const [status, v, resolved] = apply(opts.disputedAs, statusRaw, value);
      const reserve = resolved || reserveRaw === null ? null : BigInt(reserveRaw);
      const creditorRef = creditors.ref(cid);
      const verified = creditors.verified(cid);
      const securedBy = securedId === null ? null : (collateralRefs.get(securedId) ?? null);
      claims.push({
        ref,
        creditorRef,
        classCode: I(cls!),
        status: I(status) as ClaimStatus,
        value: v,
        reserveEstimate: reserve,
        securedBy,
        lien,
        kycVerified: verified,
        paidBefore: P,
      });
      sink.row(
        `C\t${escapeField(ref)}\t${escapeField(creditorRef)}\t${escapeField(cls!)}\t${status}\t${v}\t${reserve ?? ''}\t${securedBy === null ? '' : escapeField(securedBy)}\t${lien ?? ''}\t${verified ? '1' : '0'}\t${P ? escapeField(P.map((x) => `${escapeField(x.classCode)}=${x.amount}`).join(';')) : ''}`,
      );
      if (claims.length % 25_000 === 0) {
        p.progress?.(claims.length, total, 'Reading claims');
        await p.breathe?.();
      }
    }
    takePaid('\u{10FFFF}\u{10FFFF}'); // any paid line left over names a claim that is gone
  } finally {
    paid?.return?.();
  }
  p.progress?.(total, total, 'Reading claims');
  const hash = sink.digest();
  return { header, input: inputOf(header, claims), unapproved, text: sink.parts, hash };
}
