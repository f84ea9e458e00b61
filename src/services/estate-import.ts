/**
 * `recourse import FILE assets.csv --kind assets`: the asset register from a
 * CSV file (columns in docs/formats.md, "Estate assets"). Every row is checked
 * first; any problem rejects the whole file with a row/column report, so an
 * import lands whole or not at all.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { AppError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { openWrite, tx, type WriteDb } from '../store/db.js';
import { DecimalError, parseDecimal } from '../money/decimal.js';
import { cancelled } from '../jobs/runner.js';
import type { JobContext } from '../jobs/types.js';
import { ESTATE_KINDS, ESTATE_STATUSES, type EstateKind, type EstateStatus } from '../domain/estate.js';
import { CsvParser, detectDelimiter } from './import/csv.js';
import { bomEncoding, decoder } from './import/encoding.js';
import { caseCurrency, findAsset, pastDate, today } from './estate-common.js';
import { addAsset, writeOff } from './estate.js';
import { realize } from './estate-realize.js';

export const ASSET_COLUMNS = {
  required: ['ref', 'kind', 'asset', 'quantity', 'status'],
  optional: ['proceeds', 'costs', 'currency', 'date', 'quantity_sold', 'location', 'custodian', 'chain', 'address', 'notes'],
} as const;

const MAX_BYTES = 50 * 1024 * 1024;
const SELLING: readonly EstateStatus[] = ['realizing', 'realized'];

export interface ImportProblem {
  row: number;
  column: string | null;
  message: string;
}

export interface AssetImportResult {
  file: string;
  assets: number;
  realizations: number;
  writtenOff: number;
  byStatus: Record<string, number>;
}

interface AssetRowIn {
  row: number;
  ref: string;
  kind: EstateKind;
  asset: string;
  quantity: string;
  status: EstateStatus;
  sale: { quantity: string; proceeds: string; costs: string | undefined; currency: string; date: string } | null;
  location?: string | undefined;
  custodian?: string | undefined;
  chain?: string | undefined;
  address?: string | undefined;
  notes?: string | undefined;
}

/** Read a small text file into CSV records (header first), whatever its encoding. */
export function readCsv(filePath: string): string[][] {
  let size: number;
  try {
    size = statSync(filePath).size;
  } catch {
    throw new AppError('not_found', `No file at ${filePath}`);
  }
  if (size > MAX_BYTES) throw new AppError('import_rejected', `${basename(filePath)} is larger than 50 MB; an asset register is far smaller. Is it the right file?`);
  const buf = readFileSync(filePath);
  const enc = bomEncoding(buf) ?? (isUtf8(buf) ? 'utf-8' : 'latin1');
  if (enc === 'utf-8' || enc === 'latin1') {
    if (buf.subarray(0, 4096).includes(0)) throw new AppError('import_rejected', `${basename(filePath)} is not a text CSV (it contains NUL bytes). Save it as CSV UTF-8.`);
  }
  const d = decoder(enc);
  let text = d.decode(buf) + d.end();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  const parser = new CsvParser(detectDelimiter(text).charCodeAt(0), (cells) => records.push(cells));
  parser.push(text);
  parser.end();
  return records.filter((r) => r.some((c) => c.trim() !== ''));
}

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Check every row; return the rows to write, or every problem found. */
export function checkAssetRows(db: WriteDb, records: string[][]): { rows: AssetRowIn[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const bad = (row: number, column: string | null, message: string) => problems.push({ row, column, message });
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ row: 1, column: null, message: 'The file is empty; the first row names the columns' }] };
  const cols = header.map(norm);
  const known: readonly string[] = [...ASSET_COLUMNS.required, ...ASSET_COLUMNS.optional];
  cols.forEach((c, i) => {
    if (!known.includes(c)) bad(1, header[i]!, `unknown column; the columns are ${known.join(', ')}`);
    else if (cols.indexOf(c) !== i) bad(1, c, 'this column appears twice');
  });
  for (const c of ASSET_COLUMNS.required) if (!cols.includes(c)) bad(1, c, 'required column missing');
  if (problems.length) return { rows: [], problems };
  if (body.length === 0) bad(2, null, 'The file has a header but no assets');

  const cur = caseCurrency(db).code;
  const scales = new Map((db.prepare('SELECT code, scale FROM assets').raw().all() as Array<[string, bigint]>).map(([c, s]) => [c, Number(s)]));
  const seen = new Map<string, number>();
  const rows: AssetRowIn[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    const get = (c: string) => {
      const k = cols.indexOf(c);
      const v = k < 0 ? '' : (cells[k] ?? '').trim();
      return v === '' ? undefined : v;
    };
    const before = problems.length;
    if (cells.length > cols.length) bad(row, null, `${cells.length} cells for ${cols.length} columns; check the quoting`);
    const amount = (c: string, scale: number | undefined, positive: boolean) => {
      const v = get(c);
      if (v === undefined || scale === undefined) return v;
      try {
        const x = parseDecimal(v, scale);
        if (positive && x === 0n) bad(row, c, 'must be more than zero');
      } catch (e) {
        if (!(e instanceof DecimalError)) throw e;
        bad(row, c, e.message);
      }
      return v;
    };
    const ref = get('ref');
    if (!ref) bad(row, 'ref', 'is required');
    else if (seen.has(ref)) bad(row, 'ref', `${ref} is also on row ${seen.get(ref)}`);
    else if (findAsset(db, ref)) bad(row, 'ref', `${ref} is already in the case`);
    if (ref) seen.set(ref, row);
    const kind = get('kind');
    if (!kind || !ESTATE_KINDS.includes(kind as EstateKind)) bad(row, 'kind', `${kind ? `"${kind}" is not a kind` : 'is required'}; use one of ${ESTATE_KINDS.join(', ')}`);
    const status = get('status');
    if (!status || !ESTATE_STATUSES.includes(status as EstateStatus)) {
      bad(row, 'status', `${status ? `"${status}" is not a status` : 'is required'}; use one of ${ESTATE_STATUSES.join(', ')}`);
    }
    const asset = get('asset');
    const scale = asset ? scales.get(asset) : undefined;
    if (!asset) bad(row, 'asset', 'is required');
    else if (scale === undefined) bad(row, 'asset', `unknown asset ${asset}; this case knows ${[...scales.keys()].sort().join(', ')}`);
    const quantity = amount('quantity', scale, true);
    if (!get('quantity')) bad(row, 'quantity', 'is required');
    const currency = get('currency') ?? cur;
    const cscale = scales.get(currency);
    if (cscale === undefined) bad(row, 'currency', `unknown currency ${currency}`);
    const proceeds = amount('proceeds', cscale, false);
    const costs = amount('costs', cscale, false);
    const sold = amount('quantity_sold', scale, true);
    const date = get('date') ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date + 'T00:00:00Z'))) bad(row, 'date', `"${date}" is not a date as YYYY-MM-DD`);
    else {
      try {
        pastDate(date, 'The sale date');
      } catch (e) {
        bad(row, 'date', (e as Error).message);
      }
    }
    const selling = SELLING.includes(status as EstateStatus);
    if (status === 'realized' && proceeds === undefined) bad(row, 'proceeds', 'a realized asset needs its proceeds (0 if it sold for nothing)');
    if (!selling && (proceeds !== undefined || costs !== undefined || sold !== undefined)) {
      bad(row, proceeds !== undefined ? 'proceeds' : costs !== undefined ? 'costs' : 'quantity_sold', `a sale is recorded for a realizing or realized asset, not a ${status ?? 'blank'} one`);
    }
    if (costs !== undefined && proceeds === undefined) bad(row, 'costs', 'costs are given without proceeds');
    if (status === 'realizing' && proceeds !== undefined && sold === undefined) bad(row, 'quantity_sold', 'a realizing asset with proceeds needs the quantity sold so far');
    if (sold !== undefined && quantity !== undefined && scale !== undefined && problems.length === before) {
      const s = parseDecimal(sold, scale);
      const q = parseDecimal(quantity, scale);
      if (status === 'realized' && s !== q) bad(row, 'quantity_sold', 'a realized asset sold its whole quantity; leave quantity_sold empty or equal to quantity');
      if (status === 'realizing' && s >= q) bad(row, 'quantity_sold', 'a realizing asset still holds units; quantity_sold must be less than quantity (use status realized)');
    }
    if (problems.length > before) return;
    rows.push({
      row,
      ref: ref!,
      kind: kind as EstateKind,
      asset: asset!,
      quantity: quantity!,
      status: status as EstateStatus,
      sale: proceeds !== undefined ? { quantity: sold ?? quantity!, proceeds, costs, currency, date } : null,
      location: get('location'),
      custodian: get('custodian'),
      chain: get('chain'),
      address: get('address'),
      notes: get('notes'),
    });
  });
  return { rows, problems };
}

export function describeProblems(file: string, problems: ImportProblem[]): string {
  const first = problems
    .slice(0, 3)
    .map((p) => `row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`)
    .join('; ');
  return `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was imported. ${first}${problems.length > 3 ? '; …' : ''}`;
}

export interface ImportOpts {
  signal?: AbortSignal | undefined;
  progress?: ((done: number, total: number, label?: string) => void) | undefined;
}

/** Import an assets CSV into the case, whole or not at all. */
export function importAssets(db: WriteDb, filePath: string, actor: string, opts: ImportOpts = {}): AssetImportResult {
  const file = basename(filePath);
  const records = readCsv(filePath);
  opts.progress?.(0, records.length, 'Checking rows');
  const { rows, problems } = checkAssetRows(db, records);
  if (problems.length) throw new AppError('import_rejected', describeProblems(file, problems), { problems: problems.slice(0, 1000), total: problems.length });
  const result: AssetImportResult = { file, assets: 0, realizations: 0, writtenOff: 0, byStatus: {} };
  tx(db, () => {
    rows.forEach((r, i) => {
      if (opts.signal?.aborted) throw cancelled();
      try {
        const start: EstateStatus = r.status === 'realized' ? 'realizing' : r.status === 'written_off' ? 'identified' : r.status;
        addAsset(db, actor, { ...r, status: start });
        if (r.sale) {
          realize(db, actor, { ref: r.ref, ...r.sale, notes: `Imported from ${file}` });
          result.realizations++;
        }
        if (r.status === 'written_off') {
          writeOff(db, actor, r.ref, undefined, `Imported as written off from ${file}`);
          result.writtenOff++;
        }
      } catch (e) {
        if (e instanceof AppError && e.code !== 'cancelled') throw new AppError('import_rejected', `${file}: row ${r.row}: ${e.message}; nothing was imported`, { problems: [{ row: r.row, column: null, message: e.message }] });
        throw e;
      }
      result.assets++;
      result.byStatus[r.status] = (result.byStatus[r.status] ?? 0) + 1;
      if (i % 50 === 0) opts.progress?.(i + 1, rows.length, 'Importing assets');
    });
    appendAudit(db, { actor, action: 'estate.import', entity: 'estate', entityRef: file, after: result });
  });
  opts.progress?.(rows.length, rows.length, 'Imported');
  return result;
}

/** The import as a job: its own connection, one transaction, cancellable. */
export async function importAssetsTask(args: { casePath: string; path: string; actor: string }, ctx: JobContext): Promise<AssetImportResult> {
  const db = openWrite(args.casePath);
  try {
    return importAssets(db, args.path, args.actor, { signal: ctx.signal, progress: ctx.progress });
  } finally {
    db.close();
  }
}
