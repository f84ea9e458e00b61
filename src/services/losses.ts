/**
 * Loss allocation, mutualized bad debt (issue #6 §4, spec §7): a shortfall
 * covered by ordered layers whose contributors and capacities come from a CSV
 * (layer, layer_name, contributor, capacity), or from a template shipped as
 * data in assets/templates/losses/. The result per contributor: amount and
 * haircut %, and the shortfall left uncovered. Saved, it is a run of kind
 * 'loss' (drafted, approved by another person, finalized), audited, with its
 * canonical input stored so it can be recomputed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { DecimalError, formatDecimal, parseDecimal } from '../money/index.js';
import { allocateLoss, type LossLayerInput } from '../engine/index.js';
import { appendAudit, canonicalJson } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import type { LossTemplate, LossView } from '../api/contract/runs.js';
import { CsvParser, detectDelimiter } from './import/csv.js';
import { readCsv } from './estate-import.js';
import { caseMoney, engine, nextRef, auditMark, type Db, type RunRecord } from './runs-common.js';

export const LOSS_FORMAT = 'recourse-loss-input-v1';

const indexFile = z
  .object({ templates: z.array(z.object({ name: z.string(), file: z.string(), title: z.string(), description: z.string() }).strict()) })
  .strict();

export function lossTemplatesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const p = resolve(here, up, 'assets/templates/losses');
    if (existsSync(p)) return p;
  }
  throw new AppError('not_found', 'The loss templates (assets/templates/losses) are missing from this installation');
}

export function lossTemplates(): LossTemplate[] {
  const dir = lossTemplatesDir();
  const parsed = indexFile.safeParse(JSON.parse(readFileSync(resolve(dir, 'index.json'), 'utf8')));
  if (!parsed.success) throw new AppError('internal', `The loss template index is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.templates.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    csv: readFileSync(resolve(dir, t.file), 'utf8'),
  }));
}

export function lossTemplate(name: string): LossTemplate {
  const all = lossTemplates();
  const t = all.find((x) => x.name === name);
  if (!t) throw new AppError('not_found', `No loss template "${name}"; choose one of ${all.map((x) => x.name).join(', ')}`);
  return t;
}

export function parseCsvText(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  const parser = new CsvParser(detectDelimiter(body).charCodeAt(0), (cells) => records.push(cells));
  parser.push(body);
  parser.end();
  return records.filter((r) => r.some((c) => c.trim() !== ''));
}

export interface ParsedLayer {
  layer: number;
  name: string;
  contributors: Array<{ ref: string; capacity: bigint }>;
}

const COLUMNS = ['layer', 'layer_name', 'contributor', 'capacity'] as const;

/** Check the layers CSV; every problem names its row (1 = the header) and column. Nothing is guessed. */
export function parseLayers(records: string[][], scale: number, currency: string): ParsedLayer[] {
  if (records.length === 0)
    throw new AppError('invalid_args', 'The layers file is empty. It needs the columns layer, layer_name, contributor, capacity.');
  const header = records[0]!.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => col[c] < 0);
  if (missing.length)
    throw new AppError('invalid_args', `The layers file has no column ${missing.join(', ')}. Its header must name: ${COLUMNS.join(', ')}.`);
  const problems: string[] = [];
  const layers = new Map<number, ParsedLayer>();
  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: (typeof COLUMNS)[number]) => (cells[col[c]] ?? '').trim();
    const bad = (c: string, m: string) => problems.push(`Row ${row}, column ${c}: ${m}`);
    const lt = cell('layer');
    if (!/^\d{1,6}$/.test(lt) || Number(lt) < 1) return bad('layer', `"${lt}" is not a layer number (1 is covered first)`);
    const n = Number(lt);
    const name = cell('layer_name');
    const who = cell('contributor');
    if (!name) return bad('layer_name', 'is empty');
    if (!who) return bad('contributor', 'is empty');
    let capacity: bigint;
    try {
      capacity = parseDecimal(cell('capacity'), scale);
    } catch (e) {
      return bad('capacity', e instanceof DecimalError ? `${e.message} (an amount in ${currency}, at most ${scale} decimals)` : String(e));
    }
    let l = layers.get(n);
    if (!l) layers.set(n, (l = { layer: n, name, contributors: [] }));
    else if (l.name !== name) return bad('layer_name', `layer ${n} is named "${l.name}" above; one layer has one name`);
    if (l.contributors.some((c) => c.ref === who)) return bad('contributor', `${who} is listed twice in layer ${n}`);
    l.contributors.push({ ref: who, capacity });
  });
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
    throw new AppError('invalid_args', `Nothing was allocated: ${problems[0]}${more}.\n${problems.slice(1, 20).join('\n')}`.trim(), {
      problems,
    });
  }
  if (layers.size === 0) throw new AppError('invalid_args', 'The layers file lists no contributors');
  return [...layers.values()].sort((a, b) => a.layer - b.layer);
}

export interface LossRequest {
  csv?: string | undefined;
  path?: string | undefined;
  template?: string | undefined;
  shortfall: string;
}

function recordsOf(req: LossRequest): { records: string[][]; template: string | null } {
  const given = [req.csv !== undefined, req.path !== undefined, req.template !== undefined].filter(Boolean).length;
  if (given !== 1) throw new AppError('invalid_args', 'Give the layers as exactly one of: a CSV file, CSV text, or a template name');
  if (req.template !== undefined) return { records: parseCsvText(lossTemplate(req.template).csv), template: req.template };
  if (req.path !== undefined) return { records: readCsv(req.path), template: null };
  return { records: parseCsvText(req.csv!), template: null };
}

function compute(layers: ParsedLayer[], shortfall: bigint, scale: number, currency: string, template: string | null): LossView {
  const input: LossLayerInput[] = layers.map((l) => ({ name: l.name, contributors: l.contributors }));
  const a = engine(() => allocateLoss(shortfall, input));
  const d = (x: bigint) => formatDecimal(x, scale);
  return {
    currency,
    template,
    shortfall: d(a.shortfall),
    covered: d(a.covered),
    uncovered: d(a.uncovered),
    layers: a.layers.map((l, i) => ({
      layer: layers[i]!.layer,
      name: l.name,
      capacity: d(l.capacity),
      covered: d(l.covered),
      contributors: l.contributors.map((c) => ({ ref: c.ref, capacity: d(c.capacity), amount: d(c.amount), haircut: c.haircutPercent })),
    })),
    run: null,
  };
}

function canonical(layers: ParsedLayer[], shortfall: bigint, template: string | null, currency: string, scale: number): string {
  return canonicalJson({
    format: LOSS_FORMAT,
    currency,
    scale,
    shortfall: shortfall.toString(),
    template,
    layers: layers.map((l) => ({
      layer: l.layer,
      name: l.name,
      contributors: l.contributors.map((c) => ({ ref: c.ref, capacity: c.capacity.toString() })),
    })),
  });
}

/** Allocate a shortfall over the layers; with save, record it as a draft loss run (audited). */
export function allocateLosses(db: Db, req: LossRequest): LossView {
  const { currency, scale } = caseMoney(db);
  const shortfall = parseShortfall(req.shortfall, scale, currency);
  const { records, template } = recordsOf(req);
  return compute(parseLayers(records, scale, currency), shortfall, scale, currency, template);
}

function parseShortfall(text: string, scale: number, currency: string): bigint {
  try {
    return parseDecimal(text, scale);
  } catch (e) {
    throw new AppError(
      'invalid_args',
      `The shortfall ${e instanceof DecimalError ? e.message : String(e)}; give an amount in ${currency} with at most ${scale} decimals`,
    );
  }
}

export function saveLossRun(db: WriteDb, actor: string, req: LossRequest & { date: string; note?: string | null }): LossView {
  const { currency, scale } = caseMoney(db);
  const shortfall = parseShortfall(req.shortfall, scale, currency);
  const { records, template } = recordsOf(req);
  const layers = parseLayers(records, scale, currency);
  const view = compute(layers, shortfall, scale, currency, template);
  const text = canonical(layers, shortfall, template, currency, scale);
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  return tx(db, () => {
    const ref = nextRef(db, 'loss');
    const at = new Date().toISOString();
    const options = {
      withholdUnverified: false,
      includeUnapproved: false,
      disputedAs: 'reserve',
      whatIf: false,
      basisId: null,
      basis: null,
      auditMark: auditMark(db),
      note: req.note ?? null,
    };
    const id = Number(
      db
        .prepare(
          `INSERT INTO runs (ref, kind, date, state, final, release, cumulative, de_minimis, options, input_hash, result, drafted_by, drafted_at)
           VALUES (?, 'loss', ?, 'draft', 0, '0', '0', '0', ?, ?, ?, ?, ?)`,
        )
        .run(ref, req.date, JSON.stringify(options), hash, JSON.stringify({ ...view, run: undefined }), actor, at).lastInsertRowid,
    );
    db.prepare('INSERT INTO run_inputs (run_id, format, input) VALUES (?, ?, ?)').run(id, LOSS_FORMAT, gzipSync(Buffer.from(text, 'utf8')));
    appendAudit(db, {
      actor,
      action: 'loss.allocate',
      entity: 'run',
      entityRef: ref,
      at,
      after: {
        shortfall: view.shortfall,
        covered: view.covered,
        uncovered: view.uncovered,
        currency,
        template,
        layers: view.layers.map((l) => ({ layer: l.layer, name: l.name, capacity: l.capacity, covered: l.covered })),
        inputHash: hash,
      },
      reason: req.note ?? null,
    });
    return { ...view, run: ref };
  });
}

/** Recompute a saved loss run from its stored input: does the stored result still follow from it? */
export function verifyLossRun(db: Db, r: RunRecord): { hashOk: boolean; resultOk: boolean; computedHash: string | null } {
  const blob = db.prepare('SELECT input FROM run_inputs WHERE run_id = ?').pluck().get(r.id) as Buffer | undefined;
  if (!blob) return { hashOk: false, resultOk: false, computedHash: null };
  const text = gunzipSync(blob).toString('utf8');
  const computedHash = createHash('sha256').update(text, 'utf8').digest('hex');
  const inp = JSON.parse(text) as {
    shortfall: string;
    template: string | null;
    currency: string;
    scale: number;
    layers: Array<{ layer: number; name: string; contributors: Array<{ ref: string; capacity: string }> }>;
  };
  const layers: ParsedLayer[] = inp.layers.map((l) => ({
    layer: l.layer,
    name: l.name,
    contributors: l.contributors.map((c) => ({ ref: c.ref, capacity: BigInt(c.capacity) })),
  }));
  const view = compute(layers, BigInt(inp.shortfall), inp.scale, inp.currency, inp.template);
  return { hashOk: computedHash === r.inputHash, resultOk: JSON.stringify({ ...view, run: undefined }) === r.resultText, computedHash };
}
