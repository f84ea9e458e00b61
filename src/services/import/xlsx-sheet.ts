/**
 * The worksheet XML scanner: reads <row>/<c> elements from text fed in chunks
 * and keeps each cell's stored text exactly (a number cell's digits as
 * written, never through a binary float; a formula cell's stored result,
 * never evaluated). Bounded: declared dimensions, columns, rows and cell sizes.
 */
import { AppError } from '../../errors.js';
import { emptyBatch, type RowBatch } from './types.js';
import { attr, unescapeXml, XmlChunkScanner } from './xml-chunks.js';

export const XLSX_LIMITS = {
  maxColumns: 256,
  maxRows: 1_048_576,
  maxCell: 32_767,
  maxSharedStringsBytes: 768 * 1024 * 1024,
  maxRatio: 1000,
};

/** Column letters → 1-based index ("A" → 1, "AA" → 27); 0 for anything else. */
export function colIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1_000_000) return n;
  }
  return n;
}

export function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = (n - 1 - r) / 26;
  }
  return s;
}

const PLAIN_NUM = /^-?\d+(\.\d+)?$/;
const EXP_NUM = /^(-?)(\d+)(?:\.(\d*))?[eE]([+-]?\d{1,3})$/;

/** A spreadsheet number's stored text as plain decimal text, exactly ("1.5E-3" → "0.0015"). */
export function plainNumber(raw: string): string {
  const t = raw.trim();
  if (PLAIN_NUM.test(t)) return t;
  const m = EXP_NUM.exec(t);
  if (!m) return t;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number.parseInt(m[4]!, 10);
  const lead = /^0*/.exec(digits)![0].length;
  if (lead === digits.length) return '0';
  digits = digits.slice(lead);
  point -= lead;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  return (m[1] === '-' ? '-' : '') + out;
}

export type SharedString = string | { richText?: Array<{ text?: string | null }> } | null | undefined;

function sharedText(v: SharedString): string {
  if (typeof v === 'string') return v;
  if (v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
  return '';
}

const OTHER = 0;
const CELL = 1;
const VALUE = 2;
const TEXT = 3;
const INLINE = 4;
const ROW = 5;
const PHONETIC = 6;
const SHEET_DATA = 7;
const DIMENSION = 8;

/** The tags the scanner acts on, by name (without allocating the name). */
function tagCode(s: string, p: number, e: number): number {
  const c0 = s.charCodeAt(p);
  switch (e - p) {
    case 1:
      return c0 === 99 ? CELL : c0 === 118 ? VALUE : c0 === 116 ? TEXT : OTHER;
    case 2:
      return c0 === 105 && s.charCodeAt(p + 1) === 115 ? INLINE : OTHER;
    case 3:
      return s.startsWith('row', p) ? ROW : s.startsWith('rPh', p) ? PHONETIC : OTHER;
    case 9:
      return s.startsWith('sheetData', p) ? SHEET_DATA : s.startsWith('dimension', p) ? DIMENSION : OTHER;
    default:
      return OTHER;
  }
}

/** Scans worksheet XML text (fed in chunks) into rows of cell text. */
export class SheetScanner extends XmlChunkScanner {
  private inData = false;
  private row: string[] | null = null;
  private rowNum = 0;
  private numeric: Uint8Array | null = null;
  private col = 0;
  private type: string | null = null;
  private value: string | null = null;
  private inIs = 0;
  private inPhonetic = false;
  batch: RowBatch = emptyBatch();
  rowsRead = 0;

  constructor(private readonly shared: () => SharedString[] | undefined) {
    super();
  }

  protected rest(s: string, from: number): void {
    this.keep(s, from);
  }

  protected keep(s: string, from: number): void {
    this.tail = s.slice(from);
    if (this.tail.length > 4 * XLSX_LIMITS.maxCell + 65_536) {
      throw new AppError('import_rejected', `Row ${this.rowNum || 1} of the sheet holds a cell or tag too long to be a spreadsheet value`);
    }
  }

  protected element(s: string, p: number, e: number, b: number, closing: boolean, selfClosing: boolean): void {
    const code = tagCode(s, p, e);
    if (code === OTHER) return;
    if (closing) this.close(code);
    else {
      this.open(code, s, e, b);
      if (selfClosing) this.close(code);
    }
  }

  private open(code: number, s: string, from: number, to: number): void {
    switch (code) {
      case DIMENSION: {
        const ref = attr(s, from, to, 'ref') ?? '';
        const end = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
        const cols = colIndex(end);
        const rows = Number.parseInt(end.replace(/^[A-Za-z$]+/, '').replace('$', ''), 10);
        if (cols > XLSX_LIMITS.maxColumns || (Number.isFinite(rows) && rows > XLSX_LIMITS.maxRows)) {
          throw new AppError(
            'import_rejected',
            `The sheet declares its size as ${ref}; Recourse reads at most ${XLSX_LIMITS.maxColumns} columns and ${XLSX_LIMITS.maxRows.toLocaleString('en-US')} rows. Delete the unused columns and rows, or save the sheet as CSV.`,
          );
        }
        break;
      }
      case SHEET_DATA:
        this.inData = true;
        break;
      case ROW: {
        if (!this.inData) break;
        const r = attr(s, from, to, 'r');
        const num = r === null ? this.rowNum + 1 : Number.parseInt(r, 10);
        if (!Number.isFinite(num) || num < 1 || num > XLSX_LIMITS.maxRows) {
          throw new AppError('import_rejected', `The sheet has a row numbered ${r}; at most ${XLSX_LIMITS.maxRows.toLocaleString('en-US')} rows are read`);
        }
        this.rowNum = num;
        this.row = [];
        this.numeric = null;
        this.col = 0;
        break;
      }
      case CELL: {
        if (!this.row) break;
        const r = attr(s, from, to, 'r');
        this.col = r === null ? this.col + 1 : colIndex(r);
        this.type = attr(s, from, to, 't');
        this.value = null;
        break;
      }
      case VALUE:
        if (this.row && !this.inIs) this.startCapture();
        break;
      case INLINE:
        if (this.row) {
          this.inIs++;
          this.value = '';
        }
        break;
      case PHONETIC:
        this.inPhonetic = true;
        break;
      case TEXT:
        if (this.inIs && !this.inPhonetic) this.startCapture();
        break;
      default:
        break;
    }
  }

  private startCapture(): void {
    this.capture = true;
    this.buf = '';
  }

  private close(code: number): void {
    switch (code) {
      case VALUE:
        if (this.capture) {
          this.capture = false;
          this.value = unescapeXml(this.buf);
        }
        break;
      case TEXT:
        if (this.capture) {
          this.capture = false;
          this.value = (this.value ?? '') + unescapeXml(this.buf);
        }
        break;
      case PHONETIC:
        this.inPhonetic = false;
        break;
      case INLINE:
        if (this.inIs) this.inIs--;
        break;
      case CELL:
        if (this.row) this.cell();
        break;
      case ROW:
        if (this.row) this.endRow();
        break;
      case SHEET_DATA:
        this.inData = false;
        break;
      default:
        break;
    }
  }

  private cell(): void {
    const raw = this.value;
    if (raw === null || raw === '') return;
    if (this.col < 1 || this.col > XLSX_LIMITS.maxColumns) {
      throw new AppError(
        'import_rejected',
        `Row ${this.rowNum} has a value in column ${colLetters(this.col)}; Recourse reads at most ${XLSX_LIMITS.maxColumns} columns (up to ${colLetters(XLSX_LIMITS.maxColumns)})`,
      );
    }
    let text: string;
    let isNum = false;
    switch (this.type) {
      case 's': {
        const k = Number.parseInt(raw, 10);
        const table = this.shared();
        if (!table || !(k >= 0 && k < table.length)) {
          throw new AppError('import_rejected', `Row ${this.rowNum}: a cell points to shared text number ${raw}, which the workbook does not have; the file is damaged`);
        }
        text = sharedText(table[k]);
        break;
      }
      case 'b':
        text = raw === '1' ? 'TRUE' : 'FALSE';
        break;
      case 'str':
      case 'inlineStr':
      case 'e':
      case 'd':
        text = raw;
        break;
      default:
        text = plainNumber(raw);
        isNum = true;
    }
    if (text.length > XLSX_LIMITS.maxCell) {
      throw new AppError('import_rejected', `Row ${this.rowNum}, column ${colLetters(this.col)}: the cell holds more than ${XLSX_LIMITS.maxCell} characters`);
    }
    const row = this.row!;
    while (row.length < this.col - 1) row.push('');
    row[this.col - 1] = text;
    if (isNum) {
      this.numeric ??= new Uint8Array(XLSX_LIMITS.maxColumns);
      this.numeric[this.col - 1] = 1;
    }
  }

  private endRow(): void {
    const b = this.batch;
    b.rows.push(this.row!);
    b.lines.push(this.rowNum);
    b.numeric.push(this.numeric);
    b.malformed.push(-1);
    this.rowsRead++;
    this.row = null;
    this.numeric = null;
  }

  /** Rows scanned since the last call. */
  take(): RowBatch {
    const b = this.batch;
    this.batch = emptyBatch();
    return b;
  }

  finish(): void {
    if (this.tail.trim() !== '' && this.inData) {
      throw new AppError('import_rejected', 'The sheet ends in the middle of its data; the file is damaged or cut short');
    }
  }
}

