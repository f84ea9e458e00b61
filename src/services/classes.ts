/**
 * The class ladder of a case: read it, save a new one (validated, audited, a
 * new version), and the case facts every classification service needs.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type ReadDb, type WriteDb } from '../store/db.js';
import { assetScales, count } from '../store/util.js';
import { currentVersion, ensureBaseline, readClasses, readRules, recordVersion, type VersionRow } from '../store/ladder-versions.js';
import { classChanges, rowFromInput, validateLadder, viewOf, type ClassRow, type LadderProblem } from '../domain/ladder.js';
import { conditionsView, describe, type RuleRow } from '../domain/class-rules.js';
import { readMeta } from './case.js';
import { classInput, type ClassArgs, type ClassInput, type LadderState, type RuleView, type SaveResult, type VersionView } from '../api/contract/classes.js';

export interface CaseFacts {
  currency: string;
  scale: number;
  assets: Set<string>;
}

export function caseFacts(db: ReadDb | WriteDb): CaseFacts {
  const meta = readMeta(db);
  const scales = assetScales(db);
  return { currency: meta.currency, scale: scales.get(meta.currency) ?? 2, assets: new Set(scales.keys()) };
}

export function versionView(v: VersionRow, currentId: number | null): VersionView {
  const snap = JSON.parse(v.snapshot) as { classes: unknown[]; rules: unknown[] };
  return {
    id: v.id,
    at: v.at,
    author: v.author,
    summary: v.summary,
    signedOffBy: v.signedOffBy,
    signedOffAt: v.signedOffAt,
    classes: snap.classes.length,
    rules: snap.rules.length,
    current: v.id === currentId,
  };
}

export function ruleView(r: RuleRow, scale: number): RuleView {
  return { id: r.id, position: r.position, name: r.name, classCode: r.classCode, when: conditionsView(r.when, scale), text: describe(r.when, scale) };
}

export function getLadder(db: ReadDb | WriteDb): LadderState {
  const f = caseFacts(db);
  const v = currentVersion(db);
  const perClass = db.prepare('SELECT class_code, count(*) n FROM claims WHERE class_code IS NOT NULL GROUP BY class_code').all() as Array<{
    class_code: string;
    n: bigint;
  }>;
  return {
    currency: f.currency,
    scale: f.scale,
    assets: [...f.assets].sort(),
    classes: readClasses(db).map((r) => viewOf(r, f.scale)),
    rules: readRules(db).map((r) => ruleView(r, f.scale)),
    version: v ? versionView(v, v.id) : null,
    claimsPerClass: Object.fromEntries(perClass.map((r) => [r.class_code, count(r.n)])),
  };
}

/** Refuse a ladder with problems: one message a person can act on, every problem in the details. */
export function refuse(problems: ReadonlyArray<{ message: string }>, lead = 'The ladder was not saved'): never {
  const first = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  throw new AppError('invalid_args', `${lead}: ${first.join('; ')}${more}`, { problems });
}

/** Turn API classes into rows (positions in the order given) and collect their field problems. */
export function rowsFromInput(inputs: ReadonlyArray<ClassArgs | ClassInput>, scale: number): { rows: ClassRow[]; problems: LadderProblem[] } {
  const problems: LadderProblem[] = [];
  const rows = inputs.map((c, i) => rowFromInput(classInput.parse(c), scale, i, problems));
  return { rows, problems };
}

export interface LadderWrite {
  /** Words for the version's summary, one per change. */
  changes: string[];
}

/**
 * Replace the ladder with `rows` inside the caller's transaction: validate,
 * refuse to drop a class that still holds claims or rules, write, audit each
 * class change. Does not record the version (the caller does, once).
 */
export function writeLadder(db: WriteDb, actor: string, rows: ClassRow[], f: CaseFacts, problems: LadderProblem[] = []): LadderWrite {
  const all = [...problems, ...validateLadder(rows, { assets: f.assets, currency: f.currency })];
  if (all.length) refuse(all);
  const before = new Map(readClasses(db).map((r) => [r.code, r]));
  const after = new Map(rows.map((r) => [r.code, r]));
  const removed = [...before.keys()].filter((c) => !after.has(c));
  const blocked: string[] = [];
  for (const code of removed) {
    const n = count(db.prepare('SELECT count(*) FROM claims WHERE class_code = ?').pluck().get(code));
    if (n) blocked.push(`class ${code} still holds ${n.toLocaleString('en-US')} claim${n === 1 ? '' : 's'} (reclassify them first)`);
    const rules = db.prepare('SELECT name FROM class_rules WHERE class_code = ?').pluck().all(code) as string[];
    if (rules.length) blocked.push(`class ${code} is the target of rule "${rules[0]}" (change or remove the rule first)`);
  }
  if (blocked.length) refuse(blocked.map((message) => ({ message })));
  const changes: string[] = [];
  const del = db.prepare('DELETE FROM classes WHERE code = ?');
  for (const code of removed) {
    del.run(code);
    appendAudit(db, { actor, action: 'class.delete', entity: 'class', entityRef: code, before: viewOf(before.get(code)!, f.scale) });
    changes.push(`removed ${code}`);
  }
  const upsert = db.prepare(`INSERT INTO classes (code, name, rank, treatment, pct, cap, secured, deficiency_class, portion_cap, overflow_class, interest_bearing, in_kind_asset, position)
    VALUES (@code, @name, @rank, @treatment, @pct, @cap, @secured, @deficiencyClass, @portionCap, @overflowClass, @interestBearing, @inKindAsset, @position)
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, rank = excluded.rank, treatment = excluded.treatment, pct = excluded.pct, cap = excluded.cap,
      secured = excluded.secured, deficiency_class = excluded.deficiency_class, portion_cap = excluded.portion_cap, overflow_class = excluded.overflow_class,
      interest_bearing = excluded.interest_bearing, in_kind_asset = excluded.in_kind_asset, position = excluded.position`);
  // Classes may name each other (deficiency, overflow): foreign keys are not declared between them, so order does not matter.
  let reordered = false;
  for (const r of rows) {
    const old = before.get(r.code);
    const diff = old ? classChanges(old, r, f.scale) : null;
    if (old && diff!.length === 0 && old.position === r.position) continue;
    if (old && diff!.length === 0) reordered = true;
    upsert.run({ ...r, secured: r.secured ? 1 : 0, interestBearing: r.interestBearing ? 1 : 0 });
    if (!old) {
      appendAudit(db, { actor, action: 'class.create', entity: 'class', entityRef: r.code, after: viewOf(r, f.scale) });
      changes.push(`added ${r.code} (rank ${r.rank})`);
    } else if (diff!.length) {
      appendAudit(db, {
        actor,
        action: 'class.update',
        entity: 'class',
        entityRef: r.code,
        before: Object.fromEntries(diff!.map((d) => [d.field, d.from])),
        after: Object.fromEntries(diff!.map((d) => [d.field, d.to])),
      });
      changes.push(`${r.code} ${diff!.map((d) => `${d.field} ${d.from ?? '—'} → ${d.to ?? '—'}`).join(', ')}`);
    }
  }
  if (reordered) {
    const order = rows.map((r) => r.code);
    appendAudit(db, { actor, action: 'class.reorder', entity: 'class', before: [...before.values()].sort((a, b) => a.position - b.position).map((r) => r.code), after: order });
    if (!changes.length) changes.push('order of the classes within a rank');
  }
  return { changes };
}

/** Save a whole ladder as edited (a new version when anything changed). */
export function saveLadder(db: WriteDb, actor: string, inputs: ReadonlyArray<ClassArgs | ClassInput>, note?: string): SaveResult {
  const f = caseFacts(db);
  const { rows, problems } = rowsFromInput(inputs, f.scale);
  return tx(db, () => {
    ensureBaseline(db);
    const w = writeLadder(db, actor, rows, f, problems);
    return finishVersion(db, actor, `Ladder edited: ${w.changes.join('; ')}`, note);
  });
}

/** Record the version after a change (inside the change's transaction) and shape the result. */
export function finishVersion(db: WriteDb, actor: string, summary: string, note?: string, warnings: string[] = []): SaveResult {
  const text = note?.trim() ? `${summary}. ${note.trim()}` : summary;
  const { version, created } = recordVersion(db, actor, text);
  if (created && version) {
    appendAudit(db, { actor, action: 'classes.version', entity: 'class_version', entityRef: String(version.id), after: { summary: version.summary, hash: version.hash } });
  }
  return { changed: created, version: version ? versionView(version, version.id) : null, warnings };
}
