/**
 * Class ladder templates, shipped as data in assets/templates/classes/: a
 * ladder, suggested rules, a short legal note and its sources. Loading one
 * replaces the ladder and the rules (a new version).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { ensureBaseline, readClasses, readRules } from '../store/ladder-versions.js';
import { classInput, ruleInput, TEMPLATE_NAMES, type SaveResult, type TemplateInfo, type TemplateName } from '../api/contract/classes.js';
import { caseFacts, finishVersion, rowsFromInput, writeLadder } from './classes.js';
import { replaceRules } from './classify-rules.js';
import { count } from '../store/util.js';

const templateFile = z
  .object({
    id: z.enum(TEMPLATE_NAMES),
    name: z.string(),
    jurisdiction: z.string(),
    currency: z.string(),
    note: z.string(),
    sources: z.array(z.object({ cite: z.string(), about: z.string() }).strict()).min(1),
    classes: z.array(classInput.extend({ basis: z.string().optional() })).min(1),
    rules: z.array(ruleInput).default([]),
  })
  .strict();
type TemplateFile = z.output<typeof templateFile>;

export function templatesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const p = resolve(here, up, 'assets/templates/classes');
    if (existsSync(p)) return p;
  }
  throw new AppError('not_found', 'The class templates (assets/templates/classes) are missing from this installation');
}

export function readTemplate(name: TemplateName): TemplateFile {
  const file = resolve(templatesDir(), `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('not_found', `The template ${name} cannot be read (${(e as Error).message})`);
  }
  const parsed = templateFile.safeParse(raw);
  if (!parsed.success) throw new AppError('internal', `The template file ${file} is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function listTemplates(): TemplateInfo[] {
  return TEMPLATE_NAMES.map((n) => {
    const t = readTemplate(n);
    return {
      id: t.id,
      name: t.name,
      jurisdiction: t.jurisdiction,
      currency: t.currency,
      note: t.note,
      sources: t.sources,
      classes: t.classes.map((c) => ({ code: c.code, name: c.name, rank: c.rank })),
    };
  });
}

/**
 * Load a template: its classes replace the ladder and its rules replace the
 * rules. Classes of the old ladder that still hold claims are kept (listed in
 * the warnings) so no claim is left without its class; the whole ladder is
 * then validated. Amounts are in the template's currency: in a case with
 * another currency, caps and value bounds are left out and a warning says so.
 */
export function loadTemplate(db: WriteDb, actor: string, name: TemplateName): SaveResult {
  const t = readTemplate(name);
  const f = caseFacts(db);
  const warnings: string[] = [];
  const foreign = t.currency !== f.currency;
  const classes = t.classes.map(({ basis: _basis, ...c }) => {
    if (!foreign || (!c.cap && !c.portionCap)) return c;
    warnings.push(`${c.code}: the template's ${c.portionCap ? 'portion cap' : 'cap'} is in ${t.currency} and this case is in ${f.currency}; it was left out, set it in ${f.currency}`);
    return { ...c, cap: null, portionCap: null, overflowClass: null };
  });
  const rules = t.rules.map((r) => {
    if (!foreign || (r.when.minValue === undefined && r.when.maxValue === undefined)) return r;
    warnings.push(`Rule "${r.name}": its value bounds are in ${t.currency}; they were left out`);
    return { ...r, when: { ...r.when, minValue: undefined, maxValue: undefined } };
  });
  return tx(db, () => {
    ensureBaseline(db);
    const { rows, problems } = rowsFromInput(classes, f.scale);
    const inTemplate = new Set(rows.map((r) => r.code));
    const kept: string[] = [];
    for (const old of readClasses(db)) {
      if (inTemplate.has(old.code)) continue;
      const n = count(db.prepare('SELECT count(*) FROM claims WHERE class_code = ?').pluck().get(old.code));
      if (n) {
        rows.push({ ...old, position: rows.length });
        kept.push(old.code);
        warnings.push(`Kept class ${old.code} (${old.name}): ${n.toLocaleString('en-US')} claim${n === 1 ? '' : 's'} still in it; reclassify them, then remove it`);
      }
    }
    const oldRules = readRules(db).length;
    db.prepare('DELETE FROM class_rules').run();
    let w: ReturnType<typeof writeLadder>;
    try {
      w = writeLadder(db, actor, rows, f, problems);
    } catch (e) {
      if (!(e instanceof AppError) || kept.length === 0) throw e;
      const msg = e.message.replace(/^The ladder was not saved/, `The ${t.name} template was not loaded`);
      const why = `Classes kept because they still hold claims: ${kept.join(', ')}; move their claims to the template's classes first`;
      const problems = [...((e.details as { problems?: unknown[] } | undefined)?.problems ?? []), { message: why }];
      throw new AppError(e.code, `${msg}. ${why}`, { problems });
    }
    replaceRules(db, actor, rules, f, { audit: false });
    if (oldRules) warnings.push(`Replaced the ${oldRules} rule${oldRules === 1 ? '' : 's'} of the case with the template's ${rules.length}`);
    appendAudit(db, { actor, action: 'classes.template', entity: 'class_ladder', entityRef: name, after: { template: t.name, changes: w.changes, rules: rules.length, warnings } });
    return finishVersion(db, actor, `Template loaded: ${t.name}`, undefined, warnings);
  });
}
