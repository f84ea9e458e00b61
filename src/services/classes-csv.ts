/**
 * Import a class ladder from CSV (code, name, rank, treatment, pct, cap,
 * secured, deficiency_class, portion_cap, overflow_class, interest_bearing,
 * in_kind_asset). The file's classes become the ladder, whole or not at all;
 * every problem is reported with its row and column.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { tx, type WriteDb } from '../store/db.js';
import { ensureBaseline } from '../store/ladder-versions.js';
import { CsvParser, detectDelimiter } from './import/csv.js';
import { rowFromInput, validateLadder, type LadderProblem } from '../domain/ladder.js';
import { TREATMENTS, type ClassArgs, type ImportProblem, type SaveResult, type Treatment } from '../api/contract/classes.js';
import { caseFacts, finishVersion, writeLadder } from './classes.js';

export const CLASS_CSV_COLUMNS = [
  'code',
  'name',
  'rank',
  'treatment',
  'pct',
  'cap',
  'secured',
  'deficiency_class',
  'portion_cap',
  'overflow_class',
  'interest_bearing',
  'in_kind_asset',
] as const;
type Column = (typeof CLASS_CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['code', 'name', 'rank'];
const FIELD_COLUMN: Record<string, Column> = {
  code: 'code',
  name: 'name',
  rank: 'rank',
  treatment: 'treatment',
  pct: 'pct',
  cap: 'cap',
  secured: 'secured',
  deficiencyClass: 'deficiency_class',
  portionCap: 'portion_cap',
  overflowClass: 'overflow_class',
  interestBearing: 'interest_bearing',
  inKindAsset: 'in_kind_asset',
};

function parseCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const p = new CsvParser(detectDelimiter(body).charCodeAt(0), (cells) => rows.push(cells));
  p.push(body);
  p.end();
  return rows;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** Read the file into class inputs, with a problem per bad cell. */
export function readClassesCsv(text: string): { inputs: Array<{ row: number; input: ClassArgs }>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new AppError('import_rejected', 'The file is empty: it needs a header row (code, name, rank, …) and one row per class');
  const header = rows[0]!.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const col = new Map<Column, number>();
  header.forEach((h, i) => {
    if ((CLASS_CSV_COLUMNS as readonly string[]).includes(h)) {
      if (col.has(h as Column)) problems.push({ row: 1, column: h, message: `The column ${h} appears twice` });
      col.set(h as Column, i);
    } else if (h) problems.push({ row: 1, column: h, message: `Unknown column "${h}"; the columns are ${CLASS_CSV_COLUMNS.join(', ')}` });
  });
  for (const r of REQUIRED) if (!col.has(r)) problems.push({ row: 1, column: r, message: `The column ${r} is missing` });
  if (problems.length) return { inputs: [], problems };
  const inputs: Array<{ row: number; input: ClassArgs }> = [];
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: Column) => (col.has(c) ? (cells[col.get(c)!] ?? '').trim() : '');
    const bad = (column: Column, message: string) => problems.push({ row, column, message });
    const code = cell('code').toUpperCase();
    if (!code) bad('code', 'A class needs a code');
    const name = cell('name');
    if (!name) bad('name', 'A class needs a name');
    const rankText = cell('rank');
    let rank = 0;
    if (!/^\d{1,4}$/.test(rankText) || Number.parseInt(rankText, 10) < 1) bad('rank', `"${rankText}" is not a rank: a whole number of 1 or more (1 is paid first)`);
    else rank = Number.parseInt(rankText, 10);
    const t = (cell('treatment') || 'pro_rata').toLowerCase().replace(/[\s-]+/g, '_');
    if (!(TREATMENTS as readonly string[]).includes(t)) bad('treatment', `"${cell('treatment')}" is not a treatment: pro_rata, fixed_pct or residual`);
    const flag = (c: Column): boolean => {
      const v = cell(c).toLowerCase();
      if (YES.has(v)) return true;
      if (!NO.has(v)) bad(c, `"${cell(c)}" is not yes or no`);
      return false;
    };
    const deficiencyClass = cell('deficiency_class') || null;
    const secured = col.has('secured') ? flag('secured') : deficiencyClass !== null;
    inputs.push({
      row,
      input: {
        code,
        name,
        rank,
        treatment: (TREATMENTS as readonly string[]).includes(t) ? (t as Treatment) : 'pro_rata',
        pct: cell('pct') || null,
        cap: cell('cap') || null,
        secured,
        deficiencyClass,
        portionCap: cell('portion_cap') || null,
        overflowClass: cell('overflow_class') || null,
        interestBearing: flag('interest_bearing'),
        inKindAsset: cell('in_kind_asset').toUpperCase() || null,
      },
    });
  });
  if (inputs.length === 0 && problems.length === 0) problems.push({ row: 2, column: 'code', message: 'The file has a header but no classes' });
  return { inputs, problems };
}

function reject(fileName: string, problems: ImportProblem[]): never {
  const first = problems
    .slice(0, 3)
    .map((p) => `row ${p.row}, column ${p.column}: ${p.message}`)
    .join('; ');
  throw new AppError(
    'import_rejected',
    `${fileName} was not imported (nothing changed): ${problems.length} problem${problems.length === 1 ? '' : 's'}. ${first}${problems.length > 3 ? '; …' : ''}`,
    { problems },
  );
}

/** Import a ladder from CSV text: the file's classes replace the ladder, or nothing changes. */
export function importClasses(db: WriteDb, actor: string, src: { path?: string | undefined; content?: string | undefined; fileName?: string | undefined }): SaveResult {
  let text: string;
  const fileName = src.fileName ?? (src.path ? basename(src.path) : 'classes.csv');
  if (src.path !== undefined) {
    try {
      text = readFileSync(src.path, 'utf8');
    } catch (e) {
      throw new AppError('not_found', `Cannot read ${src.path}: ${(e as Error).message}`);
    }
  } else text = src.content ?? '';
  const f = caseFacts(db);
  const { inputs, problems } = readClassesCsv(text);
  if (problems.some((p) => p.row === 1)) reject(fileName, problems);
  const rowOf = new Map(inputs.map((x) => [x.input.code, x.row]));
  const ladderProblems: LadderProblem[] = [];
  const rows = inputs.map((x, i) => rowFromInput(x.input, f.scale, i, ladderProblems));
  ladderProblems.push(...validateLadder(rows, { assets: f.assets, currency: f.currency }));
  // every problem at once, one per cell (a bad cell often fails more than one check)
  const all = [
    ...problems,
    ...ladderProblems.map((p) => ({ row: (p.code && rowOf.get(p.code)) || 1, column: FIELD_COLUMN[p.field] ?? p.field, message: p.message })),
  ];
  const seen = new Set<string>();
  const report = all.filter((p) => !seen.has(`${p.row}:${p.column}`) && seen.add(`${p.row}:${p.column}`)).sort((a, b) => a.row - b.row);
  if (report.length) reject(fileName, report);
  return tx(db, () => {
    ensureBaseline(db);
    const w = writeLadder(db, actor, rows, f);
    appendAudit(db, { actor, action: 'classes.import', entity: 'class_ladder', entityRef: fileName, after: { classes: rows.length, changes: w.changes } });
    return finishVersion(db, actor, `Ladder imported from ${fileName}${w.changes.length ? `: ${w.changes.join('; ')}` : ''}`);
  });
}
