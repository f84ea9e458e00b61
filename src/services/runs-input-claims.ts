/**
 * The claims of a run's input (see runs-input.ts for the format), read for
 * the engine, for the canonical text, or for both in one pass.
 *
 * A large run splits the two: the job's worker reads the engine input while a
 * helper worker (canonicalInputTask) reads the same claims on its own
 * read-only connection and writes the canonical text, its SHA-256 and its
 * gzip, which are needed only when the run is stored: the helper's work
 * overlaps the engine and the writing of the lines. The job's worker holds
 * the case's write lock (BEGIN IMMEDIATE) from before the helper starts until
 * it commits, so both read the same committed state; the helper's counts of
 * claims and unapproved claims are checked against the engine input's.
 *
 * Claims are read with raw() iteration in reference order (SQLite's BINARY
 * collation is byte order, the engine's order), and what finalized runs paid
 * each claim is merged in from the latest finalized run's lines, which are in
 * the same order: paid_before + paid of every portion of that run is the sum
 * of what every finalized run paid it (a claim paid once stays in every later
 * run: one that would be left out is refused).
 */
import { createGzip } from 'node:zlib';
import { TextSink, escapeField } from './runs-text.js';
import { creditorIndex } from './runs-common.js';
import { breathe } from './classify-sql.js';
import { AppError } from '../errors.js';
import { cancelled } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import { compareBytes, divHalfEven } from '../money/index.js';
import type { ClaimInput, PortionAmount } from '../engine/index.js';
import { NIL_STATUSES, type ClaimStatus } from '../domain/claims.js';
import { openRead, type ReadDb, type WriteDb } from '../store/db.js';
import type { DisputedAs, Progress, RunOptions, UnapprovedSummary } from './runs-input.js';

type Db = ReadDb | WriteDb;

/** How many of the unapproved claims a run keeps by name (runs.result); the rest are counted. */
export const UNAPPROVED_SAMPLE = 200;

/** The latest finalized run, whose lines give each claim's paid-before amounts. */
export interface PrevRun {
  id: number;
  ref: string;
}

export interface ClaimsRead {
  /** The engine input (empty when not asked for). */
  claims: ClaimInput[];
  unapproved: UnapprovedSummary;
  /** How many claims enter the computation ("C" lines) and how many are unapproved ("U" lines). */
  inRun: number;
  unapprovedCount: number;
}

const NIL = new Set<string>(NIL_STATUSES);
const NOT_SIMPLE = /[\uD800-\uFFFF]/;
/** UTF-8 byte order (SQLite's BINARY collation); native comparison where it agrees. */
const byteCmp = (a: string, b: string): number =>
  NOT_SIMPLE.test(a) || NOT_SIMPLE.test(b) ? compareBytes(a, b) : a < b ? -1 : a > b ? 1 : 0;

function apply(disputedAs: DisputedAs, status: string, value: bigint): [ClaimStatus, bigint, boolean] {
  if (status !== 'disputed' || disputedAs === 'reserve') return [status as ClaimStatus, value, false];
  const v = disputedAs === '0' ? 0n : disputedAs === '50' ? divHalfEven(value, 2n) : value;
  return ['allowed', v, true];
}

type ClaimRow = [string, number, string | null, string | null, string, number | string, string | null, number | null, number | null];

/**
 * Read the claims: into the engine input when `engine` is set, and into the
 * canonical text (its "C" and "U" lines, in order) when a sink is given.
 */
export async function readClaims(
  db: Db,
  opts: RunOptions,
  prev: PrevRun | null,
  out: { engine: boolean; sink: TextSink | null },
  p: Progress & { total?: number } = {},
): Promise<ClaimsRead> {
  const { engine, sink } = out;
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
  const unapproved: UnapprovedSummary = { excluded: 0, noClass: 0, included: 0, value: 0n, sample: [] };
  let inRun = 0;
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
          if (state === 'no_class') unapproved.noClass++;
          else if (state === 'included') unapproved.included++;
          else unapproved.excluded++;
          unapproved.value += value;
          if (unapproved.sample.length < UNAPPROVED_SAMPLE)
            unapproved.sample.push({ ref, classCode: cls, status: statusRaw, value, state });
          sink?.row(`U\t${escapeField(ref)}\t${cls === null ? '' : escapeField(cls)}\t${statusRaw}\t${value}\t${state}`);
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
      inRun++;
      const [status, v, resolved] = apply(opts.disputedAs, statusRaw, value);
      const reserve = resolved || reserveRaw === null ? null : BigInt(reserveRaw);
      const creditorRef = creditors.ref(cid);
      const verified = creditors.verified(cid);
      const securedBy = securedId === null ? null : (collateralRefs.get(securedId) ?? null);
      if (engine) {
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
      }
      sink?.row(
        `C\t${escapeField(ref)}\t${escapeField(creditorRef)}\t${escapeField(cls!)}\t${status}\t${v}\t${reserve ?? ''}\t${securedBy === null ? '' : escapeField(securedBy)}\t${lien ?? ''}\t${verified ? '1' : '0'}\t${P ? escapeField(P.map((x) => `${escapeField(x.classCode)}=${x.amount}`).join(';')) : ''}`,
      );
      if (inRun % 25_000 === 0) {
        if (p.total !== undefined) p.progress?.(inRun, p.total, 'Reading claims');
        await p.breathe?.();
      }
    }
    takePaid('\u{10FFFF}\u{10FFFF}'); // any paid line left over names a claim that is gone
  } finally {
    paid?.return?.();
  }
  const unapprovedCount = unapproved.excluded + unapproved.noClass + unapproved.included;
  return { claims, unapproved, inRun, unapprovedCount };
}

/** The canonical text's hash and its gzip (run_inputs.input). */
export interface CanonicalInput {
  hash: string;
  gzip: Buffer;
}

/** The canonical input gzip'd on libuv's thread pool, piece by piece (no second copy of the whole text). */
export function gzipParts(parts: readonly Buffer[]): Promise<Buffer> {
  const z = createGzip({ level: 1 });
  const out: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    z.on('data', (b: Buffer) => out.push(b));
    z.on('end', () => resolve(Buffer.concat(out)));
    z.on('error', reject);
  });
  for (const part of parts) z.write(part);
  z.end();
  return done;
}

export interface CanonicalArgs {
  casePath: string;
  options: RunOptions;
  prev: PrevRun | null;
  /** The header line (canonical JSON), as the job's worker wrote it. */
  header: string;
}

/** What the helper sends back: the canonical input, and its counts for the cross-check. */
export interface CanonicalResult {
  hash: string;
  gzip: Uint8Array;
  inRun: number;
  unapprovedCount: number;
}

/** The helper worker's task: read the claims on a read-only connection and write the canonical input down. */
export async function canonicalInputTask(args: CanonicalArgs, ctx: JobContext): Promise<CanonicalResult> {
  const db = openRead(args.casePath);
  try {
    const sink = new TextSink();
    sink.line(args.header);
    const read = await readClaims(
      db,
      args.options,
      args.prev,
      { engine: false, sink },
      {
        breathe: async () => {
          await breathe();
          if (ctx.signal.aborted) throw cancelled();
        },
      },
    );
    const hash = sink.digest();
    const gzip = await gzipParts(sink.parts);
    return { hash, gzip, inRun: read.inRun, unapprovedCount: read.unapprovedCount };
  } finally {
    db.close();
  }
}
