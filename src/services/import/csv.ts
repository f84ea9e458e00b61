/**
 * A streaming CSV parser (RFC 4180): quoted fields with doubled quotes,
 * commas and line breaks inside quotes, CRLF, LF or CR line ends. Feeds
 * decoded text in chunks of any size; emits each record with its number
 * (1-based, the header is record 1). Bounded: a field over `maxField`
 * characters or a record over `maxColumns` fields stops the parse.
 */
import { AppError } from '../../errors.js';

export interface CsvLimits {
  maxColumns: number;
  maxField: number;
}

export const CSV_LIMITS: CsvLimits = { maxColumns: 256, maxField: 1 << 20 };

/** Called per record; `malformed` is the 0-based field index where quoting was broken, or -1. */
export type RecordSink = (cells: string[], n: number, malformed: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

export class CsvParser {
  private cells: string[] = [];
  private field = '';
  private state = START;
  private cr = false;
  private n = 0;
  private malformed = -1;
  private quoteStartRecord = 0;

  constructor(
    private readonly delim: number,
    private readonly sink: RecordSink,
    private readonly limits: CsvLimits = CSV_LIMITS,
  ) {}

  /** Records emitted so far. */
  get records(): number {
    return this.n;
  }

  private endField(): void {
    if (this.cells.length >= this.limits.maxColumns) {
      throw new AppError('import_rejected', `Row ${this.n + 1} has more than ${this.limits.maxColumns} columns; check the delimiter and the quoting`);
    }
    this.cells.push(this.field);
    this.field = '';
  }

  private endRecord(): void {
    this.endField();
    this.n++;
    const cells = this.cells;
    const bad = this.malformed;
    this.cells = [];
    this.malformed = -1;
    this.state = START;
    this.sink(cells, this.n, bad);
  }

  private tooLong(): never {
    const start = this.state === QUOTED ? this.quoteStartRecord : this.n + 1;
    throw new AppError(
      'import_rejected',
      `Row ${start}: a field is longer than ${this.limits.maxField.toLocaleString('en-US')} characters. Probably a quote is never closed (a quoted field may span lines).`,
    );
  }

  push(s: string): void {
    const n = s.length;
    const delim = this.delim;
    let i = 0;
    if (this.cr) {
      this.cr = false;
      if (n > 0 && s.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      const st = this.state;
      if (st === START || st === UNQUOTED) {
        if (st === START && s.charCodeAt(i) === QUOTE) {
          this.state = QUOTED;
          this.quoteStartRecord = this.n + 1;
          i++;
          continue;
        }
        let j = i;
        let c = 0;
        while (j < n) {
          c = s.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        this.field = this.field === '' ? s.slice(i, j) : this.field + s.slice(i, j);
        if (this.field.length > this.limits.maxField) this.tooLong();
        if (j === n) {
          this.state = UNQUOTED;
          return;
        }
        i = j + 1;
        if (c === delim) {
          this.endField();
          this.state = START;
        } else {
          this.endRecord();
          if (c === CR) {
            if (i < n) {
              if (s.charCodeAt(i) === LF) i++;
            } else this.cr = true;
          }
        }
      } else if (st === QUOTED) {
        const j = s.indexOf('"', i);
        if (j < 0) {
          this.field += s.slice(i);
          if (this.field.length > this.limits.maxField) this.tooLong();
          return;
        }
        this.field += s.slice(i, j);
        i = j + 1;
        this.state = AFTER_QUOTE;
      } else {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          this.field += '"';
          this.state = QUOTED;
          i++;
        } else if (c === delim) {
          this.endField();
          this.state = START;
          i++;
        } else if (c === LF || c === CR) {
          i++;
          this.endRecord();
          if (c === CR) {
            if (i < n) {
              if (s.charCodeAt(i) === LF) i++;
            } else this.cr = true;
          }
        } else {
          // text after a closing quote: keep it, but the row is reported
          if (this.malformed < 0) this.malformed = this.cells.length;
          this.state = UNQUOTED;
        }
      }
    }
  }

  /** End of input: finish the last record (a file need not end with a line break). */
  end(): void {
    if (this.state === QUOTED) {
      throw new AppError('import_rejected', `The file ends inside a quoted field that starts on row ${this.quoteStartRecord}; a closing quote is missing`);
    }
    if (this.state === START && this.cells.length === 0 && this.field === '') return;
    this.endRecord();
  }
}

/** The delimiter of a CSV: comma unless the header line clearly uses semicolons or tabs. */
export function detectDelimiter(firstText: string): ',' | ';' | '\t' {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < firstText.length; i++) {
    const c = firstText[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') break;
    else if (c === ',') comma++;
    else if (c === ';') semi++;
    else if (c === '\t') tab++;
  }
  if (tab > comma && tab >= semi && tab > 0) return '\t';
  if (semi > comma && semi > 0) return ';';
  return ',';
}
