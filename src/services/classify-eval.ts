/**
 * The rules' evaluation for an application, chunk by chunk of claim ids: per
 * chunk, the aggregates the preview shows and, per rule, the claims it moves.
 *
 * At scale the chunks are evaluated on a second thread (classify-eval-worker.ts)
 * with its own read-only connection while this connection records the moves of
 * the chunks already evaluated: the two cores share the work. That is safe
 * because the second connection's snapshot is the writer's starting point: the
 * helper starts after the writer's BEGIN IMMEDIATE, so no other connection can
 * commit in between, and the writer's own changes (uncommitted) are invisible
 * to it; a chunk's evaluation reads only that chunk's claims, their creditors
 * and their classification records, which the writer changes only after the
 * chunk was evaluated. When the helper is slow to start, or fails, this thread
 * evaluates chunks itself (the same SQL, the same results); chunks are always
 * handed out in claim order.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../jobs/spawn.js';
import { dbWorkerContext, nativeBindingPath, type ReadDb, type WriteDb } from '../store/db.js';
import type { CompiledRule } from '../domain/class-rules.js';
import { APPROVED_SQL, firstMatchSql, LIVE, PINNED_SQL, type RuleSql } from './classify-sql.js';

/** One aggregate row of the evaluation: claims with the same first matching rule, class and review state. */
export type Group = { k: bigint | null; cc: string | null; pinned: bigint; approved: bigint; n: bigint; v: bigint | null };

/** A chunk's evaluation: its aggregates, and per rule index the ids (ascending) of the claims the rule moves. */
export interface ChunkResult {
  groups: Group[];
  moves: Array<{ k: number; ids: number[] }>;
}

/** The per-claim evaluation for claims with ids in [lo, hi): first matching rule k, class, review state. */
export function evaluation(rs: RuleSql): string {
  return `SELECT c.id id, ${rs.expr} k, c.class_code cc, c.value_minor v, ${PINNED_SQL} pinned, ${APPROVED_SQL} approved
    FROM claims c ${rs.creditor ? 'JOIN creditors cr ON cr.id = c.creditor_id' : ''}
    WHERE c.id >= @lo AND c.id < @hi AND c.${LIVE}`;
}

/**
 * A pass reads every claim, its creditor and its classification: mapped into
 * memory rather than copied a page per read() call (a third less CPU for the
 * evaluation; SQLite leaves encrypted pages to the cipher); its temporary
 * tables stay in memory rather than spilling to a temporary file.
 */
export const MMAP_BYTES = 0x7fff0000;
export const TEMP_CACHE_KIB = 65_536;

/** Evaluates chunks on one connection (the writer's, or the helper's read-only one) through a temporary table. */
export class ChunkEvaluator {
  private readonly rs: RuleSql;
  private readonly fill;
  private readonly tally;
  private readonly moved;
  private readonly clear;
  private readonly targets: Record<string, string>;

  constructor(db: ReadDb | WriteDb, rules: readonly CompiledRule[]) {
    this.rs = firstMatchSql(db, rules);
    // exec is not on a ReadDb: one statement at a time
    db.prepare('CREATE TEMP TABLE IF NOT EXISTS class_eval (id INTEGER PRIMARY KEY, k INTEGER, cc TEXT, v INTEGER, pinned INTEGER, approved INTEGER)').run();
    db.prepare('DELETE FROM temp.class_eval').run();
    this.fill = db.prepare(`INSERT INTO temp.class_eval ${evaluation(this.rs)}`);
    this.tally = db.prepare('SELECT k, cc, pinned, approved, count(*) n, sum(v) v FROM temp.class_eval GROUP BY k, cc, pinned, approved');
    this.tally.safeIntegers(true);
    // moved: matched by a rule of another class, and not pinned by a person's decision
    const target = `CASE k ${rules.map((r) => `WHEN ${r.index} THEN @c${r.index}`).join(' ')} END`;
    this.targets = Object.fromEntries(rules.map((r) => [`c${r.index}`, r.classCode]));
    this.moved = db.prepare(`SELECT k, id FROM temp.class_eval WHERE pinned = 0 AND k IS NOT NULL AND cc IS NOT ${target}`);
    this.moved.raw(true).safeIntegers(false);
    this.clear = db.prepare('DELETE FROM temp.class_eval');
  }

  chunk(lo: number, hi: number): ChunkResult {
    this.fill.run({ ...this.rs.params, lo, hi });
    const groups = this.tally.all() as Group[];
    const byRule = new Map<number, number[]>();
    for (const [k, id] of this.moved.all(this.targets) as Array<[number, number]>) {
      let ids = byRule.get(k);
      if (!ids) byRule.set(k, (ids = []));
      ids.push(id);
    }
    this.clear.run();
    return { groups, moves: [...byRule].map(([k, ids]) => ({ k, ids })) };
  }
}

/** What the helper thread needs (see classify-eval-worker.ts). */
export interface HelperData {
  path: string;
  db: ReturnType<typeof dbWorkerContext>;
  binding: string | undefined;
  rules: CompiledRule[];
  lo: number;
  size: number;
  chunks: number;
  /** Int32 counter of the next chunk to evaluate, shared by both threads (Atomics.add). */
  next: SharedArrayBuffer;
}

export type HelperMessage = { i: number; r: ChunkResult } | { error: string };

const tick = () => new Promise<void>((r) => setImmediate(r));

function spawn(data: HelperData): Worker {
  return startWorker(new URL('./classify-eval-worker', import.meta.url), { workerData: data });
}

/** The helper thread, seen from the writer: its results by chunk, and whether it stopped. */
class Helper {
  readonly results = new Map<number, ChunkResult>();
  stopped = false;
  private readonly next: Int32Array;
  private readonly worker: Worker;
  private wake: (() => void) | null = null;

  constructor(data: Omit<HelperData, 'next'>) {
    const next = new SharedArrayBuffer(4);
    this.next = new Int32Array(next);
    this.worker = spawn({ ...data, next });
    const poke = () => {
      this.wake?.();
      this.wake = null;
    };
    this.worker.on('message', (m: HelperMessage) => {
      if ('i' in m) this.results.set(m.i, m.r);
      else this.stopped = true; // its chunks not delivered are evaluated here
      poke();
    });
    for (const ev of ['error', 'exit'] as const)
      this.worker.on(ev, () => {
        this.stopped = true;
        poke();
      });
  }

  /** Take the next chunk nobody evaluates yet. */
  claim(): number {
    return Atomics.add(this.next, 0, 1);
  }

  message(): Promise<void> {
    return new Promise((r) => (this.wake = r));
  }

  async stop(): Promise<void> {
    Atomics.store(this.next, 0, 0x3fffffff); // hand out no more chunks
    await this.worker.terminate();
  }
}

/** A helper, or none when a thread cannot be started here (this thread then evaluates every chunk). */
function startHelper(data: Omit<HelperData, 'next'>): Helper | null {
  try {
    return new Helper(data);
  } catch {
    return null;
  }
}

export interface ChunkPlan {
  /** The claims id range, inclusive. */
  lo: number;
  hi: number;
  size: number;
  /** Evaluate on a second thread as well (a case file, a second core, enough claims to repay starting it). */
  parallel: boolean;
  /** Whether this thread evaluates later chunks while the helper is busy (default true; tests turn it off). */
  steal?: boolean;
}

/** The chunks' evaluations, in claim order. */
export async function* evaluateChunks(
  db: WriteDb,
  rules: CompiledRule[],
  p: ChunkPlan,
): AsyncGenerator<{ lo: number; hi: number; result: ChunkResult; by: 'helper' | 'writer' }> {
  const chunks = Math.max(0, Math.ceil((p.hi + 1 - p.lo) / p.size));
  const local = new ChunkEvaluator(db, rules);
  const range = (i: number) => ({ lo: p.lo + i * p.size, hi: p.lo + (i + 1) * p.size });
  const evalHere = (i: number) => local.chunk(range(i).lo, range(i).hi);
  const helper = p.parallel && chunks > 1 ? startHelper({ path: db.name, db: dbWorkerContext(), binding: nativeBindingPath(), rules, lo: p.lo, size: p.size, chunks }) : null;
  const mine = new Set<number>();
  try {
    for (let i = 0; i < chunks; i++) {
      let result = helper?.results.get(i);
      while (!result) {
        if (!helper || helper.stopped) {
          result = evalHere(i);
          mine.add(i);
          break;
        }
        await tick(); // take in what the helper delivered meanwhile
        if ((result = helper.results.get(i))) break;
        // while the helper works on chunk i, evaluate a later one here rather than wait
        const j = p.steal === false ? chunks : helper.claim();
        if (j < chunks) {
          helper.results.set(j, evalHere(j));
          mine.add(j);
        } else await helper.message();
        result = helper.results.get(i);
      }
      helper?.results.delete(i);
      yield { ...range(i), result, by: mine.has(i) ? 'writer' : 'helper' };
    }
  } finally {
    await helper?.stop();
  }
}
