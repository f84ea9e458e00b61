/**
 * Classification by rules: preview what the rules would move (per rule: how
 * many claims and how much value, from which class), and apply them, which
 * records per claim the proposed class and the rule, for review. Runs as a job
 * at scale: streamed, one transaction, cancellable between chunks.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { openWrite, type ReadDb, type WriteDb } from '../store/db.js';
import { ensureBaseline, readRules } from '../store/ladder-versions.js';
import { formatDecimal } from '../money/index.js';
import { compile, type CompiledRule } from '../domain/class-rules.js';
import { cancelled } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import { ruleInput, type ClassifyResult, type RuleArgs, type RuleInput, type RulePreview } from '../api/contract/classes.js';
import { caseFacts, type CaseFacts } from './classes.js';
import { checkRules } from './classify-rules.js';
import { breathe, firstMatchSql, idRange, LIVE, type RuleSql } from './classify-sql.js';
import { evaluateChunks, evaluation, MMAP_BYTES, TEMP_CACHE_KIB, type ChunkResult, type Group } from './classify-eval.js';
import { count, setPragmas } from '../store/util.js';
import { dropPlainIndexes, rebuildIndexes, type DeferredIndexes } from './import/indexes.js';

interface RuleStats {
  matched: number;
  matchedValue: bigint;
  moved: number;
  movedValue: bigint;
  kept: number;
  reopened: number;
  from: Map<string | null, { count: number; value: bigint }>;
}

/** Tallies, per rule, what the rules do to the claims (from the aggregates SQLite returns). */
class Tally {
  readonly stats: RuleStats[];
  unmatched = 0;
  unmatchedValue = 0n;
  claims = 0;

  constructor(readonly rules: CompiledRule[]) {
    this.stats = rules.map(() => ({ matched: 0, matchedValue: 0n, moved: 0, movedValue: 0n, kept: 0, reopened: 0, from: new Map() }));
  }

  add(g: Group): void {
    const n = Number(g.n);
    const v = g.v ?? 0n;
    this.claims += n;
    if (g.k === null) {
      this.unmatched += n;
      this.unmatchedValue += v;
      return;
    }
    const rule = this.rules[Number(g.k)]!;
    const s = this.stats[rule.index]!;
    s.matched += n;
    s.matchedValue += v;
    if (rule.classCode === g.cc) return;
    if (g.pinned === 1n) {
      s.kept += n;
      return;
    }
    s.moved += n;
    s.movedValue += v;
    if (g.approved === 1n) s.reopened += n;
    const f = s.from.get(g.cc) ?? { count: 0, value: 0n };
    f.count += n;
    f.value += v;
    s.from.set(g.cc, f);
  }

  result(f: CaseFacts, applied: boolean, version: number | null): ClassifyResult {
    const amt = (v: bigint) => formatDecimal(v, f.scale);
    const rules: RulePreview[] = this.rules.map((r, i) => {
      const s = this.stats[i]!;
      return {
        ruleId: r.id,
        index: i,
        name: r.name,
        classCode: r.classCode,
        matched: s.matched,
        matchedValue: amt(s.matchedValue),
        moved: s.moved,
        movedValue: amt(s.movedValue),
        kept: s.kept,
        reopened: s.reopened,
        from: [...s.from.entries()]
          .sort((a, b) => (a[1].value > b[1].value ? -1 : a[1].value < b[1].value ? 1 : 0))
          .map(([from, x]) => ({ from, count: x.count, value: amt(x.value) })),
      };
    });
    const sum = (k: 'moved' | 'kept' | 'reopened') => this.stats.reduce((a, s) => a + s[k], 0);
    return {
      applied,
      currency: f.currency,
      version,
      claims: this.claims,
      rules,
      unmatched: this.unmatched,
      unmatchedValue: amt(this.unmatchedValue),
      moved: sum('moved'),
      movedValue: amt(this.stats.reduce((a, s) => a + s.movedValue, 0n)),
      kept: sum('kept'),
      reopened: sum('reopened'),
    };
  }
}

const CHUNK = 100_000;

const GROUP = 'SELECT k, cc, pinned, approved, count(*) n, sum(v) v FROM (%) GROUP BY k, cc, pinned, approved';

function groups(db: ReadDb | WriteDb, rs: RuleSql) {
  const stmt = db.prepare(GROUP.replace('%', evaluation(rs)));
  stmt.safeIntegers(true);
  return (lo: number, hi: number) => stmt.all({ ...rs.params, lo, hi }) as Group[];
}

function savedRules(db: ReadDb | WriteDb): CompiledRule[] {
  return compile(readRules(db));
}

/** What the saved rules, or a draft of rules, would do; nothing is written. Sync: for the screens' live preview. */
export function previewRules(db: ReadDb | WriteDb, draft?: ReadonlyArray<RuleArgs | RuleInput>): ClassifyResult {
  const f = caseFacts(db);
  const rules = draft ? compile(checkRules(db, draft.map((r) => ruleInput.parse(r)), f).map((r) => ({ ...r, id: r.id ?? null }))) : savedRules(db);
  const t = new Tally(rules);
  if (rules.length) {
    const g = groups(db, firstMatchSql(db, rules));
    const { lo, hi } = idRange(db);
    for (let a = lo; a <= hi; a += CHUNK) for (const row of g(a, a + CHUNK)) t.add(row);
  } else {
    t.unmatched = count(db.prepare(`SELECT count(*) FROM claims WHERE ${LIVE}`).pluck().get());
    t.claims = t.unmatched;
    t.unmatchedValue = (db.prepare(`SELECT coalesce(sum(value_minor), 0) FROM claims WHERE ${LIVE}`).pluck().get() as bigint) ?? 0n;
  }
  return t.result(f, false, null);
}

export interface ClassifyOptions {
  apply: boolean;
  signal?: AbortSignal;
  progress?: (done: number, total: number, label?: string) => void;
  /** Evaluate on a second thread as well: by default when the case has at least PARALLEL_MIN claim ids and the machine a second core. */
  parallel?: boolean;
  /** Claim ids per chunk (tests). */
  chunk?: number;
}

/** Below this many claim ids, starting a helper thread costs more than it saves. */
const PARALLEL_MIN = 200_000;

/**
 * Evaluate the saved rules over every live claim and, with apply, record the
 * moves: one new classification record per moved claim (proposed by the rule,
 * accountable: actor), the claim's class summary updated, one audit entry for
 * the whole application. One transaction: a cancel or an error writes nothing.
 */
export async function classify(db: WriteDb, actor: string, o: ClassifyOptions): Promise<ClassifyResult> {
  const restore = setPragmas(db, [
    ['mmap_size', MMAP_BYTES],
    ['threads', Math.min(4, availableParallelism())],
    ['temp.cache_size', -TEMP_CACHE_KIB],
  ]);
  try {
    return await pass(db, actor, o);
  } finally {
    restore();
  }
}

/**
 * A pass reads the case through a memory map and keeps its temporary tables in
 * memory (see classify-eval.ts); its sorts (the index rebuilds) run partly on
 * SQLite's helper threads.
 */
async function pass(db: WriteDb, actor: string, o: ClassifyOptions): Promise<ClassifyResult> {
  const f = caseFacts(db);
  const rules = savedRules(db);
  if (rules.length === 0) throw new AppError('invalid_state', 'There are no classification rules yet: add one (recourse rules add, or the Rules tab)');
  const t = new Tally(rules);
  const { lo, hi } = idRange(db);
  const total = Math.max(0, hi - lo + 1);
  const label = o.apply ? 'Classifying claims' : 'Previewing the rules';
  if (!o.apply) {
    const g = groups(db, firstMatchSql(db, rules));
    for (let a = lo; a <= hi; a += CHUNK) {
      if (o.signal?.aborted) throw cancelled();
      for (const row of g(a, a + CHUNK)) t.add(row);
      o.progress?.(Math.min(a + CHUNK, hi + 1) - lo, total, label);
      await breathe();
    }
    return t.result(f, false, null);
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = ensureBaseline(db);
    // chunk by chunk: tally the evaluation and record its moves (the next chunks meanwhile evaluated on a second thread)
    const rec = new Recorder(db, rules, actor, version?.id ?? null);
    const plan = { lo, hi, size: o.chunk ?? CHUNK, parallel: o.parallel ?? (total >= PARALLEL_MIN && availableParallelism() > 1) };
    for await (const c of evaluateChunks(db, rules, plan)) {
      if (o.signal?.aborted) throw cancelled();
      for (const row of c.result.groups) t.add(row);
      rec.chunk(c.lo, c.hi, c.result.moves);
      o.progress?.(Math.min(c.hi, hi + 1) - lo, total, label);
      await breathe();
    }
    if (o.signal?.aborted) throw cancelled();
    o.progress?.(total, total, 'Recording the proposals');
    rec.finish();
    const result = t.result(f, true, version?.id ?? null);
    appendAudit(db, {
      actor,
      action: 'classification.apply',
      entity: 'classification',
      entityRef: version ? `v${version.id}` : null,
      after: {
        version: version?.id ?? null,
        moved: result.moved,
        movedValue: result.movedValue,
        reopened: result.reopened,
        kept: result.kept,
        rules: result.rules.filter((r) => r.moved > 0).map((r) => ({ rule: r.ruleId, name: r.name, to: r.classCode, moved: r.moved, value: r.movedValue })),
      },
    });
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/** Claims indexes carrying the class: rebuilt rather than updated row by row when at least this share of the claims moves. */
const REBUILD_SHARE = 4;
const REBUILD_MIN = 50_000;
/** The claims triggers that only record a class written straight into claims (nothing to do for the rules' moves). */
const QUIET = ['claims_class_on_update', 'claims_class_on_clear'];
/** The rebuild's sort runs: SQLite's smallest (about 1 MB; a third less CPU here than the import's 8 MB, see rebuildIndexes). */
const SORT_CACHE_KIB = 1000;

/**
 * Records the moves set-wise: per chunk, the moved claims' current records are
 * closed and the rules' proposals added (in claim order); at the end the
 * claims' summary is updated. When many claims move, the claims indexes that
 * hold class_code are dropped and built again after that update (same
 * definitions, same transaction, sorted on helper threads): 400,000 updates of
 * five B-trees in random order cost about twice their rebuild. The updates say
 * OR ROLLBACK: a failed constraint ends the whole transaction, as any error
 * does here, so SQLite keeps no statement journal (a copy of every page they
 * touch) for undoing one statement alone.
 */
class Recorder {
  private readonly at = new Date().toISOString();
  private readonly collect;
  private readonly close;
  private readonly add;

  constructor(
    private readonly db: WriteDb,
    private readonly rules: readonly CompiledRule[],
    private readonly actor: string,
    private readonly version: number | null,
  ) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS class_moves (claim_id INTEGER PRIMARY KEY, class_code TEXT NOT NULL, rule_id INTEGER NOT NULL);
      DELETE FROM temp.class_moves;`);
    this.collect = db.prepare('INSERT INTO temp.class_moves (claim_id, class_code, rule_id) SELECT value, ?, ? FROM json_each(?)');
    const inChunk = 'SELECT claim_id FROM temp.class_moves WHERE claim_id >= @lo AND claim_id < @hi';
    this.close = db.prepare(`UPDATE OR ROLLBACK classifications SET current = 0 WHERE current = 1 AND claim_id IN (${inChunk})`);
    this.add = db.prepare(
      `INSERT INTO classifications (claim_id, class_code, proposed_class, proposed_by, proposer, proposed_at, state, version, current)
       SELECT claim_id, class_code, class_code, 'rule:' || rule_id, @actor, @at, 'proposed', @version, 1 FROM temp.class_moves
       WHERE claim_id >= @lo AND claim_id < @hi ORDER BY claim_id`,
    );
  }

  chunk(lo: number, hi: number, moves: ChunkResult['moves']): void {
    if (moves.length === 0) return;
    for (const m of moves) {
      const r = this.rules[m.k]!;
      this.collect.run(r.classCode, r.id, JSON.stringify(m.ids));
    }
    this.close.run({ lo, hi });
    this.add.run({ lo, hi, actor: this.actor, at: this.at, version: this.version });
  }

  finish(): void {
    const db = this.db;
    const moves = count(db.prepare('SELECT count(*) FROM temp.class_moves').pluck().get());
    const claims = count(db.prepare('SELECT count(*) FROM claims').pluck().get());
    const rebuild: DeferredIndexes =
      moves >= REBUILD_MIN && moves * REBUILD_SHARE >= claims
        ? dropPlainIndexes(db, ['claims'], (sql) => /\bclass_(code|status)\b/.test(sql))
        : { tables: ['claims'], sql: [] };
    // The claims' class triggers (migration 004) record a class written straight into claims; here each moved claim's
    // record was just added, so they would only look it up and do nothing: at scale they are set aside for the update.
    const triggers = rebuild.sql.length
      ? (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims' AND name IN (${QUIET.map((n) => `'${n}'`).join(',')})`).all() as Array<{ name: string; sql: string }>)
      : [];
    for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
    db.prepare(
      `UPDATE OR ROLLBACK claims SET class_code = (SELECT m.class_code FROM temp.class_moves m WHERE m.claim_id = claims.id), class_status = 'proposed', updated_at = ?
       WHERE id IN (SELECT claim_id FROM temp.class_moves)`,
    ).run(this.at);
    for (const tr of triggers) db.exec(tr.sql);
    if (rebuild.sql.length) rebuildIndexes(db, rebuild, { sortCacheKib: SORT_CACHE_KIB });
    db.exec('DELETE FROM temp.class_moves');
  }
}

/** The job: preview or apply the saved rules on the case file, on its own connection. */
export async function classifyTask(args: { casePath: string; actor: string; apply: boolean }, ctx: JobContext): Promise<ClassifyResult> {
  const db = openWrite(args.casePath);
  try {
    return await classify(db, args.actor, { apply: args.apply, signal: ctx.signal, progress: ctx.progress });
  } finally {
    db.close();
  }
}
