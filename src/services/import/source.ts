/**
 * Opens an import file as a table: CSV (any of the supported encodings) or
 * XLSX (first visible sheet). XLS and ODS are refused with a message naming
 * the formats that work. The first non-blank row is the header.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError } from '../../errors.js';
import { CsvParser, detectDelimiter } from './csv.js';
import { decoder, detectEncoding, ENCODING_LABEL } from './encoding.js';
import { emptyBatch, type RowBatch, type TableSource } from './types.js';
import { checkXlsxEntries, xlsxBatches, type XlsxMeta } from './xlsx.js';
import { zipDirectory } from './zipdir.js';

export const BATCH_ROWS = 5000;

const UNSUPPORTED = 'Save it as CSV (UTF-8) or as an Excel workbook (.xlsx) and import that';

async function magic(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function isBlank(row: readonly string[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c.length !== 0 && (c.charCodeAt(0) > 32 || c.trim() !== '')) return false;
  }
  return true;
}

async function* csvBatches(path: string, enc: ReturnType<typeof decoder>, encName: string, state: { read: number; delimiter: string }, batchSize: number): AsyncGenerator<RowBatch> {
  let batch = emptyBatch();
  let parser: CsvParser | null = null;
  const sink = (cells: string[], n: number, bad: number) => {
    batch.rows.push(cells);
    batch.lines.push(n);
    batch.numeric.push(null);
    batch.malformed.push(bad);
  };
  const feed = (text: string) => {
    if (!parser) {
      if (text === '') return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      state.delimiter = detectDelimiter(text.slice(0, 65_536));
      parser = new CsvParser(state.delimiter.charCodeAt(0), sink);
    }
    parser.push(text);
  };
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      state.read += chunk.length;
      let text: string;
      try {
        text = enc.decode(chunk);
      } catch {
        throw new AppError('import_rejected', `The file is not valid ${encName} text: it has bytes that do not form characters. Save it again as CSV UTF-8.`);
      }
      feed(text);
      if (batch.rows.length >= batchSize) {
        yield batch;
        batch = emptyBatch();
      }
    }
    feed(enc.end());
    (parser as CsvParser | null)?.end();
    if (batch.rows.length) yield batch;
  } finally {
    stream.destroy();
  }
}

/** Split off the header (the first non-blank row) from a stream of batches. */
async function withHeader(gen: AsyncGenerator<RowBatch>): Promise<{ headers: string[]; headerLine: number; rest: AsyncGenerator<RowBatch> }> {
  let pending: RowBatch | null = null;
  let headers: string[] | null = null;
  let headerLine = 0;
  while (!headers) {
    const next = await gen.next();
    if (next.done) break;
    const b = next.value;
    const k = b.rows.findIndex((r) => !isBlank(r));
    if (k < 0) continue;
    headers = b.rows[k]!.map((h, i) => h.trim() || `Column ${i + 1}`);
    headerLine = b.lines[k]!;
    pending = { rows: b.rows.slice(k + 1), lines: b.lines.slice(k + 1), numeric: b.numeric.slice(k + 1), malformed: b.malformed.slice(k + 1) };
  }
  if (!headers) throw new AppError('import_rejected', 'The file is empty: it needs a header row naming its columns, then one row per record');
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const prev = seen.get(h.toLowerCase());
    if (prev !== undefined) throw new AppError('import_rejected', `The header names two columns "${h}" (columns ${prev + 1} and ${i + 1}); rename one so each column can be mapped`);
    seen.set(h.toLowerCase(), i);
  });
  async function* rest(): AsyncGenerator<RowBatch> {
    if (pending && pending.rows.length) yield pending;
    yield* gen;
  }
  return { headers, headerLine, rest: rest() };
}

export interface OpenOptions {
  /** Judge the encoding from the start of the file only (previews). */
  sample?: boolean;
  batchSize?: number;
}

export async function openSource(path: string, opts: OpenOptions = {}): Promise<TableSource & { sha256: string | null }> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new AppError('not_found', `No file at ${path}`);
  }
  const batchSize = opts.batchSize ?? BATCH_ROWS;
  const ext = extname(path).toLowerCase();
  const head = await magic(path);
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  const isOle = head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1;
  if (isOle || ext === '.xls') {
    throw new AppError('import_rejected', `This is an Excel 97–2003 workbook (.xls), which Recourse does not read. ${UNSUPPORTED}.`);
  }
  if (isZip) {
    const entries = await zipDirectory(path);
    if (!entries) throw new AppError('import_rejected', `The file looks like a ZIP archive but its directory cannot be read; it is damaged. ${UNSUPPORTED}.`);
    if (entries.some((e) => e.name === 'content.xml') && entries.some((e) => e.name === 'mimetype')) {
      throw new AppError('import_rejected', `This is an OpenDocument spreadsheet (.ods), which Recourse does not read. ${UNSUPPORTED}.`);
    }
    const sheet = checkXlsxEntries(entries);
    const meta: XlsxMeta = { sheet: '', date1904: false, sheetBytes: sheet.size, consumed: 0 };
    const { headers, headerLine, rest } = await withHeader(xlsxBatches(path, entries, meta, batchSize));
    return {
      format: 'xlsx',
      encoding: 'XLSX workbook (UTF-8 XML)',
      sheet: meta.sheet,
      size,
      sha256: null,
      headers,
      headerLine,
      serialDates: true,
      date1904: meta.date1904,
      batches: () => rest,
      fraction: () => (meta.sheetBytes > 0 ? Math.min(1, meta.consumed / meta.sheetBytes) : 0),
      close: async () => {
        await rest.return(undefined);
      },
    };
  }
  if (ext === '.xlsx' || ext === '.xlsm') throw new AppError('import_rejected', `The file is named ${ext} but is not an Excel workbook; it may be damaged. ${UNSUPPORTED}.`);
  if (ext === '.ods') throw new AppError('import_rejected', `OpenDocument spreadsheets (.ods) are not read. ${UNSUPPORTED}.`);
  const det = await detectEncoding(path, { whole: !opts.sample });
  const state = { read: 0, delimiter: ',' };
  const label = ENCODING_LABEL[det.encoding];
  const { headers, headerLine, rest } = await withHeader(csvBatches(path, decoder(det.encoding), label, state, batchSize));
  return {
    format: 'csv',
    encoding: label,
    delimiter: state.delimiter,
    size,
    sha256: det.sha256,
    headers,
    headerLine,
    serialDates: false,
    date1904: false,
    batches: () => rest,
    fraction: () => (size > 0 ? Math.min(1, state.read / size) : 1),
    close: async () => {
      await rest.return(undefined);
    },
  };
}
