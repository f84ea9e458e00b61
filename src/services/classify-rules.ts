/**
 * The case's classification rules: ordered, the first match wins. Every
 * change is validated against the ladder, audited, and makes a new version.
 */
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type ReadDb, type WriteDb } from '../store/db.js';
import { ensureBaseline, readClasses, readRules } from '../store/ladder-versions.js';
import { conditionsView, describe, ruleFromInput, type RuleProblem, type RuleRow } from '../domain/class-rules.js';
import type { RuleArgs, RuleInput, SaveResult } from '../api/contract/classes.js';
import { ruleInput } from '../api/contract/classes.js';
import { caseFacts, finishVersion, refuse, type CaseFacts } from './classes.js';

/** Check rules from the API against the ladder; throws with every problem. */
export function checkRules(db: WriteDb | ReadDb, inputs: readonly RuleArgs[], f: CaseFacts) {
  const classes = new Set(readClasses(db).map((c) => c.code));
  const problems: RuleProblem[] = [];
  const rules = inputs.map((r, i) => ruleFromInput(r, i, { scale: f.scale, classes, assets: f.assets }, problems));
  if (problems.length) refuse(problems, 'The rules need fixing');
  return rules;
}

/**
 * Replace the rule list inside the caller's transaction. Rules that carry the
 * id of an existing rule keep it (so proposals already recorded still name
 * them); others get a new id.
 */
export function replaceRules(db: WriteDb, actor: string, inputs: readonly RuleInput[], f: CaseFacts, opts: { audit?: boolean } = {}): string[] {
  const parsed = inputs.map((r) => ruleInput.parse(r));
  const rules = checkRules(db, parsed, f);
  const before = new Map(readRules(db).map((r) => [r.id, r]));
  const seen = new Set<number>();
  for (const r of rules) {
    if (r.id === undefined) continue;
    if (!before.has(r.id)) throw new AppError('not_found', `There is no rule ${r.id} to keep; leave the id out for a new rule`);
    if (seen.has(r.id)) throw new AppError('invalid_args', `Rule ${r.id} appears twice`);
    seen.add(r.id);
  }
  const now = new Date().toISOString();
  const changes: string[] = [];
  const audit = (action: string, ref: string, b?: unknown, a?: unknown) => {
    if (opts.audit !== false) appendAudit(db, { actor, action, entity: 'class_rule', entityRef: ref, before: b, after: a });
  };
  for (const [id, old] of before) {
    if (seen.has(id)) continue;
    db.prepare('DELETE FROM class_rules WHERE id = ?').run(id);
    audit('class_rule.delete', String(id), shape(old, f));
    changes.push(`removed rule "${old.name}"`);
  }
  const ins = db.prepare('INSERT INTO class_rules (position, name, class_code, conditions, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const upd = db.prepare('UPDATE class_rules SET position = ?, name = ?, class_code = ?, conditions = ? WHERE id = ?');
  rules.forEach((r, i) => {
    const position = i + 1;
    const conditions = JSON.stringify(r.when);
    if (r.id === undefined) {
      const id = Number(ins.run(position, r.name, r.classCode, conditions, actor, now).lastInsertRowid);
      audit('class_rule.create', String(id), undefined, shape({ ...r, id, position }, f));
      changes.push(`added rule "${r.name}" → ${r.classCode}`);
      return;
    }
    const old = before.get(r.id)!;
    const same = old.name === r.name && old.classCode === r.classCode && JSON.stringify(old.when) === conditions;
    if (same && old.position === position) return;
    upd.run(position, r.name, r.classCode, conditions, r.id);
    if (!same) {
      audit('class_rule.update', String(r.id), shape(old, f), shape({ ...r, id: r.id, position }, f));
      changes.push(`changed rule "${r.name}"`);
    } else changes.push(`moved rule "${r.name}" to ${position}`);
  });
  return changes;
}

function shape(r: RuleRow, f: CaseFacts) {
  return { name: r.name, classCode: r.classCode, when: describe(r.when, f.scale), position: r.position };
}

const toInput = (r: RuleRow): RuleInput => ({ id: r.id, name: r.name, classCode: r.classCode, when: r.when });

/** Stored rules back to API input form: value bounds as decimals. */
function storedAsInput(db: WriteDb, f: CaseFacts): RuleInput[] {
  return readRules(db).map((r) => ({ ...toInput(r), when: conditionsView(r.when, f.scale) }));
}

export function saveRules(db: WriteDb, actor: string, inputs: readonly RuleInput[]): SaveResult {
  const f = caseFacts(db);
  return tx(db, () => {
    ensureBaseline(db);
    const changes = replaceRules(db, actor, inputs, f);
    return finishVersion(db, actor, `Rules edited: ${changes.join('; ')}`);
  });
}

export function addRule(db: WriteDb, actor: string, rule: RuleInput, position?: number): SaveResult {
  if (rule.id !== undefined) throw new AppError('invalid_args', 'A new rule has no id');
  const f = caseFacts(db);
  return tx(db, () => {
    ensureBaseline(db);
    const list = storedAsInput(db, f);
    const at = position === undefined ? list.length : Math.min(Math.max(position - 1, 0), list.length);
    list.splice(at, 0, rule);
    const changes = replaceRules(db, actor, list, f);
    return finishVersion(db, actor, `Rules edited: ${changes.join('; ')}`);
  });
}

export function removeRule(db: WriteDb, actor: string, id: number): SaveResult {
  const f = caseFacts(db);
  return tx(db, () => {
    ensureBaseline(db);
    const list = storedAsInput(db, f);
    if (!list.some((r) => r.id === id)) throw new AppError('not_found', `There is no rule ${id}; \`recourse rules list FILE\` shows the rules`);
    const changes = replaceRules(
      db,
      actor,
      list.filter((r) => r.id !== id),
      f,
    );
    return finishVersion(db, actor, `Rules edited: ${changes.join('; ')}`);
  });
}
