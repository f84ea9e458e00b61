/**
 * The claims of a run's input (see runs-input.ts for the format), read for
 * the engine, for the canonical text, or for both in one pass.
 *
 * A large run reads them in two threads, by ranges of references
 * (runs-input-split.ts): the helper sends its range's engine input as a
 * compact batch (runs-input-compact.ts), which carries creditor and
 * collateral ids instead of their references.
 *
 * Claims are read with raw() iteration in reference order (SQLite's BINARY
 * collation is byte order, the engine's order), and what finalized runs paid
 * each claim is merged in from the latest finalized run's lines, which are in
 * the same order: paid_before + paid of every portion of that run is the sum
 * of what every finalized run paid it (a claim paid once stays in every later
 * run: one that would be left out is refused).
 */
import { gzip } from 'node:zlib';
import { escapeField, type TextSink } from './runs-text.js';
import { creditorIndex, type CreditorIndex } from './runs-common.js';
import { CompactWriter } from './runs-input-compact.js';
import { AppError } from '../errors.js';
import { compareBytes, divHalfEven } from '../money/index.js';
import type { ClaimInput, PortionAmount } from '../engine/index.js';
import { NIL_STATUSES, type ClaimStatus } from '../domain/claims.js';
import type { ReadDb, WriteDb } from '../store/db.js';
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

/** What a claim's ids name: its creditor (reference, KYC) and its collateral (estate asset reference). */
export interface ClaimLookups {
  creditors: CreditorIndex;
  collateral: Map<number, string>;
}

/** The lookups, with the creditor index another thread built when given. */
export function claimLookups(db: Db, creditors?: CreditorIndex): ClaimLookups {
  const collateral = new Map(
    (db.prepare('SELECT id, ref FROM estate_assets').raw().all() as Array<[bigint, string]>).map(([id, r]) => [Number(id), r]),
  );
  return { creditors: creditors ?? creditorIndex(db), collateral };
}

/** A range of claim references: those after `after` and up to `upTo` (byte order); both open when unset. */
export interface RefRange {
  after?: string;
  upTo?: string;
}

/** SQL conditions and parameters for a range over a reference column. */
function rangeSql(col: string, r: RefRange): { sql: string; params: string[] } {
  const conds: string[] = [];
  const params: string[] = [];
  if (r.after !== undefined) {
    conds.push(`${col} > ?`);
    params.push(r.after);
  }
  if (r.upTo !== undefined) {
    conds.push(`${col} <= ?`);
    params.push(r.upTo);
  }
  return { sql: conds.map((c) => ` AND ${c}`).join(''), params };
}

/**
 * Read the claims of a range (all by default): into the engine input when
 * `engine` is true, into a compact batch when it is a CompactWriter, and into
 * the canonical text (its "C" and "U" lines, in order) when a sink is given.
 */
export async function readClaims(
  db: Db,
  opts: RunOptions,
  prev: PrevRun | null,
  out: { engine: boolean | CompactWriter; sink: TextSink | null },
  p: Progress & { total?: number } = {},
  lookups: ClaimLookups = claimLookups(db),
  range: RefRange = {},
): Promise<ClaimsRead> {
  const { engine, sink } = out;
  const { creditors, collateral: collateralRefs } = lookups;
  const compact = engine instanceof CompactWriter ? engine : null;

  // Paid before: the latest finalized run's lines, in claim order.
  const lineRange = rangeSql('claim_ref', range);
  const paid = prev
    ? (db
        .prepare(
          `SELECT claim_ref, class_code, paid_before, paid, reserved, withheld FROM run_lines WHERE run_id = ?${lineRange.sql} ORDER BY claim_ref`,
        )
        .raw()
        .iterate(prev.id, ...lineRange.params) as IterableIterator<[string, string, string, string, string, string]>)
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
  const claimRange = rangeSql('ref', range);
  const it = db
    .prepare(
      `SELECT ref, creditor_id, class_code, class_status, status,
              CASE WHEN abs(value_minor) < 9007199254740992 THEN value_minor ELSE CAST(value_minor AS TEXT) END,
              reserve_estimate, secured_by, lien FROM claims
       WHERE 1${prev ? '' : ` AND status NOT IN (${NIL_STATUSES.map(() => '?').join(',')})`}${claimRange.sql} ORDER BY ref`,
    )
    .raw()
    .safeIntegers(false)
    .iterate(...(prev ? [] : NIL_STATUSES), ...claimRange.params) as IterableIterator<ClaimRow>;
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
      if (compact) compact.add(ref, cid, cls!, status, v, reserve, securedId, lien, P);
      // Resolved here for the engine input and the text; a compact batch carries the ids.
      if (sink || engine === true) {
        const creditorRef = creditors.ref(cid);
        const verified = creditors.verified(cid);
        const securedBy = securedId === null ? null : (collateralRefs.get(securedId) ?? null);
        if (engine === true) {
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
      }
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

/** The hash of a sink's text, and its gzip (made on libuv's thread pool). */
export function canonicalOf(sink: TextSink): Promise<CanonicalInput> {
  const hash = sink.digest();
  return gzipParts(sink.parts).then((gzip) => ({ hash, gzip }));
}

/**
 * The canonical input gzip'd on libuv's thread pool in one task: the pieces
 * are joined first (one copy of the text) and the output buffer is large
 * enough for all of it, so the compression does not wait for a turn of this
 * thread's event loop per piece (a thread busy computing the run has few).
 */
export function gzipParts(parts: readonly Buffer[]): Promise<Buffer> {
  const text = Buffer.concat(parts);
  return new Promise((resolve, reject) =>
    gzip(text, { level: 1, chunkSize: Math.max(64 * 1024, text.length >> 1) }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}
