/**
 * A large draft's claims read in two threads (runs-input.ts, from PARALLEL_FROM
 * claims on). The claims are split by reference at the JOB_SHARE point: the
 * job's worker reads the first part into the engine input while a helper
 * worker (helperClaimsTask) reads the rest FIRST, for the engine (a compact
 * batch, runs-input-compact.ts, sent on a BroadcastChannel, its arrays in
 * shared memory) and for the canonical text in the same pass, then the first
 * part for the text only, and writes the text's SHA-256 and gzip. The job
 * appends the helper's claims to its own in reference order and computes
 * while the helper finishes the text, which is needed only when the run is
 * stored; the text is the one-thread path's, byte for byte (the same lines
 * in the same order).
 *
 * The helper is started first, and asks for the split once it has booted
 * ('ready'); the job answers with the split and its creditor index, packed
 * ('start'), so that the helper reads no creditor itself. The job holds the
 * case's write lock (BEGIN IMMEDIATE) from before the helper starts until it
 * commits, so both read the same committed state; the helper's counts of
 * claims and unapproved claims are checked against the engine input's.
 * Should the helper fail, the job reads what is missing itself: the rest of
 * the claims before computing, the text once the lines are written. Cancel is
 * checked while the job waits for the helper's claims.
 */
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { TextSink } from './runs-text.js';
import {
  UNAPPROVED_SAMPLE,
  canonicalOf,
  claimLookups,
  readClaims,
  type CanonicalInput,
  type ClaimsRead,
  type PrevRun,
} from './runs-input-claims.js';
import { CompactWriter, decodeClaims, type CompactClaims } from './runs-input-compact.js';
import { breathe } from './classify-sql.js';
import { unpackCreditors, type PackedCreditors } from './runs-common.js';
import { JobRunner, cancelled, taskModule } from '../jobs/runner.js';
import type { JobContext, JobStatus } from '../jobs/types.js';
import { openRead, type ReadDb, type WriteDb } from '../store/db.js';
import type { Progress, RunOptions, UnapprovedSummary } from './runs-input.js';

type Db = ReadDb | WriteDb;

/**
 * The share of the claims (by count, in reference order) the job's worker
 * reads itself. The helper starts later (a worker's start-up) and its claims
 * are decoded by the job; measured at 1,000,000 claims (docs/runs.md).
 */
export const JOB_SHARE = 0.65;

export interface HelperArgs {
  casePath: string;
  options: RunOptions;
  prev: PrevRun | null;
  /** The header line (canonical JSON), as the job's worker wrote it. */
  header: string;
  /** The BroadcastChannel the helper and the job talk on (HelperMessage, JobMessage). */
  channel: string;
}

/** What the helper returns: the canonical input, and its counts for the cross-check. */
export interface HelperResult {
  hash: string;
  gzip: Uint8Array;
  inRun: number;
  unapprovedCount: number;
}

/** The helper's messages on the channel: it has started, how far it has read, then its claims. */
type HelperMessage =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | { type: 'claims'; claims: CompactClaims; unapproved: UnapprovedSummary; inRun: number; unapprovedCount: number };
type ClaimsMessage = Extract<HelperMessage, { type: 'claims' }>;

/**
 * The job's answer to 'ready': the helper reads the claims after `ref` (at
 * most `capacity`) for the engine, with the job's creditor index, packed
 * (null: the helper reads the creditors itself).
 */
interface JobMessage {
  type: 'start';
  ref: string;
  capacity: number;
  creditors: PackedCreditors | null;
}

/** Wait for a promise, letting `breathe` (cancel) run every 50 ms meanwhile. */
async function awaitBreathing<T>(promise: Promise<T>, breathe?: () => Promise<void>): Promise<T> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  promise.then(mark, mark);
  while (!settled) {
    await Promise.race([promise.catch(() => undefined), sleep(50)]);
    await breathe?.();
  }
  return promise;
}

/**
 * The helper worker's task: on a read-only connection, read the claims after
 * the split for the engine (sent to the job) and for the text, then those up
 * to it for the text, and write the canonical input down.
 */
export async function helperClaimsTask(args: HelperArgs, ctx: JobContext): Promise<HelperResult> {
  const db = openRead(args.casePath);
  const channel = new BroadcastChannel(args.channel);
  try {
    const pause = async () => {
      await breathe();
      if (ctx.signal.aborted) throw cancelled();
    };
    const post = (m: HelperMessage) => channel.postMessage(m);
    const started = new Promise<JobMessage>((resolve) => {
      channel.onmessage = (e: unknown) => resolve((e as { data: JobMessage }).data);
    });
    post({ type: 'ready' });
    const { ref, capacity, creditors } = await awaitBreathing(started, pause);
    const lookups = claimLookups(db, creditors ? unpackCreditors(creditors) : undefined);
    const later = new TextSink({ hashed: false });
    const batch = new CompactWriter(capacity);
    const progress = { breathe: pause, total: 0, progress: (done: number) => post({ type: 'progress', done }) };
    const b = await readClaims(db, args.options, args.prev, { engine: batch, sink: later }, progress, lookups, { after: ref });
    post({ type: 'claims', claims: batch.finish(), unapproved: b.unapproved, inRun: b.inRun, unapprovedCount: b.unapprovedCount });
    const sink = new TextSink();
    sink.line(args.header);
    const a = await readClaims(db, args.options, args.prev, { engine: false, sink }, { breathe: pause }, lookups, { upTo: ref });
    sink.append(later.done());
    const { hash, gzip } = await canonicalOf(sink);
    return { hash, gzip, inRun: a.inRun + b.inRun, unapprovedCount: a.unapprovedCount + b.unapprovedCount };
  } finally {
    channel.close();
    db.close();
  }
}

/** Where the claims are split: the job reads up to `ref`, the helper the `after` claims after it; null when there are too few. */
export interface Split {
  ref: string;
  after: number;
}

/** The split of the case's `total` claims at the job's share, in reference order. */
export function splitAt(db: Db, total: number, jobShare = JOB_SHARE): Split | null {
  const at = Math.floor(total * jobShare);
  if (at < 1 || at >= total) return null;
  const ref = db.prepare('SELECT ref FROM claims ORDER BY ref LIMIT 1 OFFSET ?').pluck().get(at) as string | undefined;
  return ref === undefined ? null : { ref, after: total - at - 1 };
}

/** Add a later range's claims to an earlier one's: counts, value, the sample of unapproved ones in reference order. */
function mergeInto(read: ClaimsRead, later: Pick<ClaimsRead, 'unapproved' | 'inRun' | 'unapprovedCount'>): void {
  const u = read.unapproved;
  const l = later.unapproved;
  u.excluded += l.excluded;
  u.noClass += l.noClass;
  u.included += l.included;
  u.value += l.value;
  for (const s of l.sample) if (u.sample.length < UNAPPROVED_SAMPLE) u.sample.push(s);
  read.inRun += later.inRun;
  read.unapprovedCount += later.unapprovedCount;
}

export interface HelpedRead {
  read: ClaimsRead;
  /** The canonical input: call it once the lines are written (should the helper have failed, it reads the claims again here). */
  canonical: () => Promise<CanonicalInput>;
  done: () => Promise<void>;
}

/**
 * Read a large case's claims for the engine in two threads, split as splitAt
 * says, and have the helper write the canonical text (starting with
 * `header`); `total` is the case's claim count (progress).
 */
export async function helpedRead(
  db: Db,
  opts: RunOptions,
  prev: PrevRun | null,
  header: string,
  total: number,
  split: Split,
  p: Progress,
): Promise<HelpedRead> {
  const { ref } = split;
  const name = `recourse-run-input-${randomUUID()}`;
  const channel = new BroadcastChannel(name);
  channel.unref();
  const helper = new JobRunner();
  const done = async () => {
    channel.close();
    await helper.terminateAll();
  };
  try {
    // Started first: it boots while this thread builds the creditor index, then asks for it.
    const args: HelperArgs = { casePath: db.name, options: opts, prev, header, channel: name };
    const job = helper.start('run.input', taskModule('services/runs-input-split'), 'helperClaimsTask', args);
    const ended: Promise<JobStatus> = helper.wait(job.id);
    let ownDone = 0;
    let helperDone = 0;
    const report = () => p.progress?.(ownDone + helperDone, total, 'Reading claims');
    let ready = false;
    let start: JobMessage | null = null;
    /** Post the start once the helper is ready and the creditor index is built (whichever comes last). */
    const begin = () => {
      if (!ready || !start) return;
      channel.postMessage(start);
      start = null;
    };
    // The helper's claims: null should it end without sending them (it failed; they are read here instead).
    const theirs = new Promise<ClaimsMessage | null>((resolve) => {
      channel.onmessage = (e: unknown) => {
        const m = (e as { data: HelperMessage }).data;
        if (m.type === 'ready') {
          ready = true;
          begin();
        } else if (m.type === 'progress') {
          helperDone = m.done;
          report();
        } else resolve(m);
      };
      void ended.then((end) => {
        if (end.state !== 'done') resolve(null);
        else setTimeout(() => resolve(null), 1000).unref(); // sent before it ended: it has arrived by now
      });
    });
    const lookups = claimLookups(db);
    start = { type: 'start', ref, capacity: split.after, creditors: lookups.creditors.packed() };
    begin();
    await breathe(); // a 'ready' sent meanwhile is answered now
    const own = { ...p, total, progress: (n: number) => ((ownDone = n), report()) };
    const read = await readClaims(db, opts, prev, { engine: true, sink: null }, own, lookups, { upTo: ref });
    const m = await awaitBreathing(theirs, p.breathe);
    if (m) {
      if (m.claims.count !== m.inRun) throw new Error(`The helper sent ${m.claims.count} claims for ${m.inRun} in the run`);
      decodeClaims(m.claims, lookups, read.claims);
      mergeInto(read, m);
    } else {
      const rest = await readClaims(db, opts, prev, { engine: true, sink: null }, p, lookups, { after: ref });
      for (const c of rest.claims) read.claims.push(c);
      mergeInto(read, rest);
    }
    // Awaited only once the lines are written: the fallback below reads on this connection.
    const canonical = async (): Promise<CanonicalInput> => {
      const end = await ended;
      if (end.state === 'done') {
        const r = end.result as HelperResult;
        if (r.inRun !== read.inRun || r.unapprovedCount !== read.unapprovedCount)
          throw new Error(
            `The canonical input lists ${r.inRun} claims and ${r.unapprovedCount} unapproved ones, the computation ${read.inRun} and ${read.unapprovedCount}`,
          );
        return { hash: r.hash, gzip: Buffer.from(r.gzip.buffer, r.gzip.byteOffset, r.gzip.byteLength) };
      }
      // Should the helper fail (it reads what this thread read, so not for the data), write the text here.
      const sink = new TextSink();
      sink.line(header);
      await readClaims(db, opts, prev, { engine: false, sink }, p, lookups);
      return canonicalOf(sink);
    };
    return { read, canonical, done };
  } catch (err) {
    await done();
    throw err;
  }
}
