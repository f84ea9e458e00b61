/**
 * Drafting a distribution run (issue #6 §2): read the inputs, compute with
 * the engine, and store the draft (run row, one line per claim portion, the
 * canonical input, an audit entry) in one transaction. Runs as a job in a
 * worker thread (computeDraftTask) with progress and cancel; a cancel rolls
 * everything back.
 */
import { computeRun, type RunResult } from '../engine/index.js';
import { cancelled } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import { appendAudit } from '../store/audit.js';
import { openWrite, type WriteDb } from '../store/db.js';
import { tableExists } from '../store/util.js';
import { fitsInt64, max } from '../money/index.js';
import { estateCash } from './estate-cash.js';
import { collateralProceeds } from './estate-encumbrance.js';
import { breathe } from './classify-sql.js';
import { lastFinalized, loadRunInput, type LoadedInput, type RunOptions } from './runs-input.js';
import { auditMark, dec, engine, nextRef, type Db, type StoredOptions, type StoredResult, type StoredUnapproved } from './runs-common.js';

export interface DraftSummary {
  id: number;
  ref: string;
  state: 'draft';
  claims: number;
  portions: number;
  /** Decimal text in the case currency. */
  paidThisRun: string;
  warnings: string[];
}

export interface DraftArgs {
  casePath: string;
  actor: string;
  options: RunOptions;
  note?: string | null;
}

/** How much of the estate's available cash (case currency) a new run can still release; null where the estate's cash is not tracked. */
export function releasable(db: Db): bigint | null {
  if (!tableExists(db, 'estate_realizations')) return null;
  const cash = estateCash(db);
  const currency = (db.prepare("SELECT value FROM case_meta WHERE key = 'currency'").pluck().get() as string) ?? '';
  const available = cash[currency]?.available ?? 0n;
  const prev = lastFinalized(db);
  if (!prev) {
    // Nothing released yet; collateral proceeds go to the secured claims before anything joins the pool.
    return max(available - collateralTotal(db), 0n);
  }
  const r = db.prepare('SELECT result FROM runs WHERE id = ?').pluck().get(prev.id) as string;
  const paidCumulative = BigInt((JSON.parse(r) as StoredResult).totals.paid_cumulative);
  // The pool still owed from earlier releases and the collateral: D + proceeds − paid so far.
  const owed = prev.cumulative + collateralTotal(db) - paidCumulative;
  return max(available - owed, 0n);
}

function collateralTotal(db: Db): bigint {
  return collateralProceeds(db).reduce((a, c) => a + c.proceeds, 0n);
}

/**
 * An amount as bound to a TEXT column: a bigint within 64 bits binds as an
 * integer (no string made and UTF-8 encoded per value; SQLite stores it as
 * the same decimal text, the column being TEXT in a STRICT table), a wider one
 * as its decimal text.
 */
const amt = (x: bigint): bigint | string => (fitsInt64(x) ? x : x.toString());
const ROWS_PER_INSERT = 100;
const LINE_COLS =
  '(run_id, claim_ref, creditor_ref, class_code, portion, status, secured, value, entitled, paid_before, paid, reserved, withheld, forfeited, receivable, in_kind_asset, in_kind_units, in_kind_cash)';

/**
 * Write every portion of the result as a run line: one prepared multi-row
 * INSERT, in claim order. The run id, and the in-kind columns of a run without
 * an in-kind class, are literals in the statement rather than bound per row.
 */
async function writeLines(
  db: WriteDb,
  runId: number,
  result: RunResult,
  inKind: boolean,
  next: () => Promise<void>,
  progress?: JobContext['progress'],
): Promise<{ portions: number; ledger: Map<string, bigint> }> {
  const width = inKind ? 17 : 14;
  const row = `(${runId},${new Array(width).fill('?').join(',')}${inKind ? '' : ',NULL,NULL,NULL'})`;
  const many = db.prepare(`INSERT INTO run_lines ${LINE_COLS} VALUES ${new Array(ROWS_PER_INSERT).fill(row).join(',')}`);
  const one = db.prepare(`INSERT INTO run_lines ${LINE_COLS} VALUES ${row}`);
  const params: unknown[] = [];
  let rows = 0;
  let portions = 0;
  const ledger = new Map<string, bigint>();
  const add = (k: string, v: bigint) => ledger.set(k, (ledger.get(k) ?? 0n) + v);
  const n = result.claimCount;
  for (let i = 0; i < n; i++) {
    const c = result.claimAt(i);
    let k = 0;
    for (const p of c.portions) {
      const ik = p.inKind;
      if (ik && !inKind) throw new Error(`Portion ${c.ref}/${p.classCode} is paid in kind, but no class of the run is`);
      params.push(
        c.ref,
        c.creditorRef,
        p.classCode,
        k++,
        c.status,
        p.secured ? 1 : 0,
        amt(p.value),
        amt(p.entitled),
        amt(p.paidBefore),
        amt(p.paid),
        amt(p.reserved),
        amt(p.withheld),
        amt(p.forfeited),
        amt(p.receivable),
      );
      if (inKind) params.push(ik ? ik.asset : null, ik ? amt(ik.units) : null, ik ? amt(ik.cash) : null);
      if (p.paid > 0n) {
        if (ik) {
          add(ik.asset, ik.units);
          add('', ik.cash);
        } else add('', p.paid);
      }
      if (++rows === ROWS_PER_INSERT) {
        many.run(params);
        params.length = 0;
        rows = 0;
      }
    }
    portions += c.portions.length;
    if ((i + 1) % 25_000 === 0) {
      progress?.(i + 1, n, 'Writing the schedule');
      await next();
    }
  }
  for (let r = 0; r < rows; r++) one.run(params.slice(r * width, r * width + width));
  return { portions, ledger };
}

function storedResult(
  db: Db,
  loaded: LoadedInput,
  result: RunResult,
  portions: number,
  ledger: Map<string, bigint>,
  canRelease: bigint | null,
): StoredResult {
  const h = loaded.header;
  const t = result.totals;
  const names = new Map((db.prepare('SELECT code, name FROM classes').raw().all() as Array<[string, string]>).map(([c, n]) => [c, n]));
  const un = loaded.unapproved;
  const sample: StoredUnapproved[] = un.sample.map((u) => ({
    ref: u.ref,
    class: u.classCode,
    status: u.status,
    value: u.value.toString(),
    state: u.state,
  }));
  const warnings: string[] = [];
  const s = h.currencyScale;
  if (canRelease !== null && BigInt(h.release) > canRelease) {
    warnings.push(
      `This run releases ${dec(h.release, s)} ${h.currency}, more than the ${dec(canRelease, s)} ${h.currency} of available cash not yet released; check the estate's cash before approving.`,
    );
  }
  const { excluded, noClass, included } = un;
  if (excluded)
    warnings.push(
      `${excluded} claim${excluded === 1 ? ' is' : 's are'} left out because ${excluded === 1 ? 'its class is' : 'their classes are'} not approved yet.`,
    );
  if (noClass)
    warnings.push(`${noClass} live claim${noClass === 1 ? ' has' : 's have'} no class and ${noClass === 1 ? 'is' : 'are'} left out.`);
  if (h.includeUnapproved && included > 0) warnings.push(`${included} claims with unapproved classes are included, as chosen.`);
  if (h.disputedAs !== 'reserve')
    warnings.push(
      `What-if: disputed claims are treated as allowed at ${h.disputedAs}% of their value. This draft can be compared, not approved.`,
    );
  const caseLedger = ledger.get('') ?? 0n;
  const led: Record<string, string> = { [h.currency]: caseLedger.toString() };
  for (const [k, v] of [...ledger.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) if (k !== '') led[k] = v.toString();
  return {
    currency: h.currency,
    scale: s,
    classes: result.classes.map((c) => ({
      code: c.code,
      name: names.get(c.code) ?? c.code,
      rank: c.rank,
      demand: c.demand.toString(),
      principal: c.principal.toString(),
      interest: c.interest.toString(),
      allocated: c.allocated.toString(),
      recovery: c.recoveryPercent,
    })),
    totals: {
      cumulative: t.cumulative.toString(),
      paid_this_run: t.paidThisRun.toString(),
      paid_cumulative: t.paidCumulative.toString(),
      reserved: t.reserved.toString(),
      withheld: t.withheld.toString(),
      residue: t.residue.toString(),
      undistributed: t.undistributed.toString(),
      receivables: t.receivables.toString(),
      forfeited: t.forfeited.toString(),
    },
    ledger: led,
    claim_count: result.claimCount,
    portion_count: portions,
    iterations: result.iterations,
    unapproved: {
      count: excluded + noClass + included,
      value: un.value.toString(),
      excluded,
      included,
      no_class: noClass,
      sample,
    },
    releasable: canRelease === null ? null : canRelease.toString(),
    warnings,
    previous_run: h.previousRun,
  };
}

export interface DraftContext {
  progress?: JobContext['progress'];
  /** Awaited between chunks; may throw to cancel. */
  next?: () => Promise<void>;
  note?: string | null;
  /** From this many claims on, a helper worker reads part of the claims (runs-input.ts PARALLEL_FROM by default). */
  parallelFrom?: number;
  /** The share of the claims the job's thread reads itself when a helper reads the rest (runs-input-split.ts JOB_SHARE by default). */
  jobShare?: number;
}

/**
 * Compute and store a draft. Call inside a write transaction the caller
 * commits (the task does), taken with BEGIN IMMEDIATE: a helper worker may
 * read the same claims on its own connection, and the write lock keeps them
 * unchanged. `next` is awaited between chunks and may throw to cancel.
 */
export async function computeDraft(db: WriteDb, actor: string, opts: RunOptions, ctx: DraftContext = {}): Promise<DraftSummary> {
  if (!db.inTransaction) throw new Error('computeDraft runs inside the caller’s transaction');
  const next = ctx.next ?? (() => Promise.resolve());
  const mark = auditMark(db);
  const canRelease = releasable(db);
  const loaded = await loadRunInput(db, opts, { progress: ctx.progress, breathe: next, parallelFrom: ctx.parallelFrom, jobShare: ctx.jobShare });
  try {
    return await storeDraft(db, actor, opts, ctx, loaded, mark, canRelease);
  } finally {
    await loaded.done();
  }
}

/** Compute the run from its input and store it (the canonical input last: it may still be being written). */
async function storeDraft(
  db: WriteDb,
  actor: string,
  opts: RunOptions,
  ctx: DraftContext,
  loaded: LoadedInput,
  mark: number,
  canRelease: bigint | null,
): Promise<DraftSummary> {
  const next = ctx.next ?? (() => Promise.resolve());
  await next();
  ctx.progress?.(0, 0, `Computing entitlements for ${loaded.input.claims.length.toLocaleString('en-US')} claims`);
  const result = engine(() => computeRun(loaded.input));
  await next();
  const h = loaded.header;
  const ref = nextRef(db, 'distribution');
  const at = new Date().toISOString();
  const prev = lastFinalized(db);
  const options: StoredOptions = {
    withholdUnverified: opts.withholdUnverified,
    includeUnapproved: opts.includeUnapproved,
    disputedAs: opts.disputedAs,
    whatIf: opts.disputedAs !== 'reserve',
    basisId: prev?.id ?? null,
    basis: prev?.ref ?? null,
    auditMark: mark,
    note: ctx.note ?? null,
  };
  // The input hash is set below, with the result, once the canonical input is written.
  const runId = Number(
    db
      .prepare(
        `INSERT INTO runs (ref, kind, date, state, final, release, cumulative, de_minimis, options, drafted_by, drafted_at)
         VALUES (?, 'distribution', ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(ref, opts.date, opts.final ? 1 : 0, h.release, h.cumulative, h.deMinimis, JSON.stringify(options), actor, at).lastInsertRowid,
  );
  const inKind = h.classes.some((c) => c.inKindAsset !== null);
  const { portions, ledger } = await writeLines(db, runId, result, inKind, next, ctx.progress);
  const stored = storedResult(db, loaded, result, portions, ledger, canRelease);
  ctx.progress?.(0, 0, 'Storing the input');
  const input = await loaded.canonical();
  db.prepare('UPDATE runs SET result = ?, input_hash = ? WHERE id = ?').run(JSON.stringify(stored), input.hash, runId);
  db.prepare('INSERT INTO run_inputs (run_id, format, input) VALUES (?, ?, ?)').run(runId, h.format, input.gzip);
  const s = h.currencyScale;
  appendAudit(db, {
    actor,
    action: 'run.draft',
    entity: 'run',
    entityRef: ref,
    at,
    after: {
      date: opts.date,
      final: opts.final,
      release: dec(h.release, s),
      cumulative: dec(h.cumulative, s),
      deMinimis: dec(h.deMinimis, s),
      currency: h.currency,
      options: {
        withholdUnverified: options.withholdUnverified,
        includeUnapproved: options.includeUnapproved,
        disputedAs: options.disputedAs,
      },
      basis: options.basis,
      inputHash: input.hash,
      claims: result.claimCount,
      paidThisRun: dec(stored.totals.paid_this_run, s),
      reserved: dec(stored.totals.reserved, s),
      unapprovedLeftOut: stored.unapproved.excluded + stored.unapproved.no_class,
    },
    reason: ctx.note ?? null,
  });
  return {
    id: runId,
    ref,
    state: 'draft',
    claims: result.claimCount,
    portions,
    paidThisRun: dec(stored.totals.paid_this_run, s),
    warnings: stored.warnings,
  };
}

/** Draft a run in one transaction of its own (tests, small cases); the API runs it as a job instead. */
export async function draftRun(db: WriteDb, actor: string, opts: RunOptions, note?: string | null): Promise<DraftSummary> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const r = await computeDraft(db, actor, opts, { note: note ?? null });
    db.exec('COMMIT');
    return r;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** The job: its own connection, one transaction; cancel between chunks rolls it all back. */
export async function computeDraftTask(args: DraftArgs, ctx: JobContext): Promise<DraftSummary> {
  const db = openWrite(args.casePath);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const r = await computeDraft(db, args.actor, args.options, {
        progress: ctx.progress,
        note: args.note ?? null,
        next: async () => {
          await breathe();
          if (ctx.signal.aborted) throw cancelled();
        },
      });
      if (ctx.signal.aborted) throw cancelled();
      db.exec('COMMIT');
      return r;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
  }
}
