/**
 * XLSX reading, streamed: the parts are unpacked straight from the ZIP
 * (xlsx-parts.ts: the first visible sheet, the 1904 flag, the shared strings)
 * and the sheet's XML goes through the scanner of xlsx-sheet.ts as it is
 * inflated, keeping every cell's stored text (never a binary float). Parts
 * that declare absurd sizes are refused first; parts that unpack past their
 * declared size are stopped as they do.
 */
import { AppError } from '../../errors.js';
import type { RowBatch } from './types.js';
import type { ZipEntry } from './zipdir.js';
import { entryChunks } from './zipguard.js';
import { chooseSheet, readSharedStrings } from './xlsx-parts.js';
import { SheetScanner, XLSX_LIMITS } from './xlsx-sheet.js';

export { colIndex, colLetters, plainNumber, SheetScanner, XLSX_LIMITS } from './xlsx-sheet.js';

/** Refuse a workbook whose parts declare absurd sizes, before unpacking it. */
export function checkXlsxEntries(entries: ZipEntry[]): ZipEntry {
  const ss = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  if (ss && ss.size > XLSX_LIMITS.maxSharedStringsBytes) {
    throw new AppError('import_rejected', `The workbook's shared text is ${Math.round(ss.size / 1048576)} MB unpacked; save the sheet as CSV instead`);
  }
  for (const e of entries) {
    if (e.size > 100 * 1048576 && e.compressed > 0 && e.size / e.compressed > XLSX_LIMITS.maxRatio) {
      throw new AppError('import_rejected', `The workbook part ${e.name} unpacks to ${e.size / e.compressed}× its size; the file looks like a zip bomb and is refused`);
    }
  }
  const sheets = entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!entries.some((e) => e.name === 'xl/workbook.xml') || sheets.length === 0) {
    throw new AppError('import_rejected', 'The file is a ZIP archive but not an Excel workbook (XLSX); save it as XLSX or CSV');
  }
  return sheets.reduce((a, b) => (a.size >= b.size ? a : b));
}

export interface XlsxMeta {
  sheet: string;
  date1904: boolean;
  sheetBytes: number;
  consumed: number;
}

/** Stream the rows of the workbook's first sheet, in batches of about `batchSize`; a damaged workbook is a clear rejection. */
export async function* xlsxBatches(path: string, entries: ZipEntry[], meta: XlsxMeta, batchSize: number): AsyncGenerator<RowBatch> {
  try {
    yield* readSheet(path, entries, meta, batchSize);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('import_rejected', `The workbook is damaged and cannot be read (${why.slice(0, 200)}). Open it in Excel and save it again as XLSX, or save it as CSV.`);
  }
}

async function* readSheet(path: string, entries: ZipEntry[], meta: XlsxMeta, batchSize: number): AsyncGenerator<RowBatch> {
  const choice = await chooseSheet(path, entries);
  const shared = await readSharedStrings(path, entries);
  meta.sheet = choice.name;
  meta.date1904 = choice.date1904;
  meta.sheetBytes = choice.entry.size;
  const scanner = new SheetScanner(() => shared);
  const td = new TextDecoder('utf-8');
  // a part that unpacks past the size its directory declares is a lying zip (bomb): entryChunks stops there
  for await (const chunk of entryChunks(path, choice.entry, 'holding the sheet')) {
    meta.consumed += chunk.length;
    scanner.push(td.decode(chunk, { stream: true }));
    if (scanner.batch.rows.length >= batchSize) yield scanner.take();
  }
  scanner.push(td.decode());
  scanner.finish();
  if (scanner.batch.rows.length) yield scanner.take();
}
