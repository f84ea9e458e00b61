/**
 * XLSX reading, streamed: exceljs's WorkbookReader unpacks the workbook and
 * its shared strings (its own row reader is not used: it turns number cells
 * into binary floats); the first visible worksheet goes through the scanner
 * of xlsx-sheet.ts. Parts that declare absurd sizes are refused first.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { AppError } from '../../errors.js';
import type { RowBatch } from './types.js';
import type { ZipEntry } from './zipdir.js';
import { lyingPart, SIZE_SLACK } from './zipguard.js';
import { SheetScanner, XLSX_LIMITS, type SharedString } from './xlsx-sheet.js';

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

interface WsReader {
  name?: string;
  iterator: AsyncIterable<Buffer | string> & { destroy?: () => void };
}

export interface XlsxMeta {
  sheet: string;
  date1904: boolean;
  sheetBytes: number;
  consumed: number;
}

/** Stream the rows of the workbook's first sheet, in batches of about `batchSize`; a damaged workbook is a clear rejection. */
export async function* xlsxBatches(path: string, meta: XlsxMeta, batchSize: number): AsyncGenerator<RowBatch> {
  try {
    yield* readSheet(path, meta, batchSize);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('import_rejected', `The workbook is damaged and cannot be read (${why.slice(0, 200)}). Open it in Excel and save it again as XLSX, or save it as CSV.`);
  }
}

async function* readSheet(path: string, meta: XlsxMeta, batchSize: number): AsyncGenerator<RowBatch> {
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as AsyncIterable<WsReader> & {
    sharedStrings?: SharedString[];
    model?: { sheets?: Array<{ name?: string; state?: string }> };
    properties?: { model?: { date1904?: boolean }; date1904?: boolean };
    stream?: { destroy?: () => void };
  };
  const it = reader[Symbol.asyncIterator]();
  // exceljs copies a sheet that comes before the shared strings to a temporary file, and deletes it only when its
  // iteration runs to the end; stopping early (a preview, a rejected file) must not leave it behind
  const temps: string[] = [];
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const ws = next.value;
      const temp = (ws.iterator as { path?: unknown }).path;
      if (typeof temp === 'string' && temp.startsWith(tmpdir())) temps.push(temp);
      const first = reader.model?.sheets?.find((x) => x.state !== 'hidden')?.name;
      if (first && ws.name && ws.name !== first) {
        ws.iterator.destroy?.();
        continue;
      }
      meta.sheet = ws.name ?? 'Sheet1';
      const props = reader.properties;
      meta.date1904 = Boolean(props?.model?.date1904 ?? props?.date1904);
      const scanner = new SheetScanner(() => reader.sharedStrings);
      const td = new TextDecoder('utf-8');
      for await (const chunk of ws.iterator) {
        const text = typeof chunk === 'string' ? chunk : td.decode(chunk, { stream: true });
        meta.consumed += typeof chunk === 'string' ? chunk.length : chunk.length;
        // A part that unpacks past the size its directory declares is a lying zip (bomb): stop now.
        if (meta.sheetBytes > 0 && meta.consumed > meta.sheetBytes + SIZE_SLACK) throw lyingPart('holding the sheet', meta.sheetBytes);
        scanner.push(text);
        if (scanner.batch.rows.length >= batchSize) yield scanner.take();
      }
      scanner.push(td.decode());
      scanner.finish();
      if (scanner.batch.rows.length) yield scanner.take();
      return;
    }
    throw new AppError('import_rejected', 'The workbook has no visible sheet to read');
  } finally {
    await it.return?.(undefined);
    reader.stream?.destroy?.();
    await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
  }
}
