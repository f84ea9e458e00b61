/** Reading mapped fields from one row and collecting the problems found, with their row and column. */
import { CellError } from './values.js';
import type { ImportIssue } from './types.js';

/** At most this many problems are kept in a report; the count covers them all. */
export const MAX_ISSUES = 100_000;

export class IssueSink {
  readonly list: ImportIssue[] = [];
  count = 0;
  rows = 0;
  private lastRow = -1;

  add(row: number, column: string, message: string): void {
    this.count++;
    if (row !== this.lastRow) {
      this.rows++;
      this.lastRow = row;
    }
    if (this.list.length < MAX_ISSUES) this.list.push({ row, column, message });
  }
}

export class RowReader {
  cells: string[] = [];
  line = 0;
  numeric: Uint8Array | null = null;
  failed = false;
  /** Spreadsheet day numbers count from 1904 (old Mac workbooks). */
  date1904 = false;

  constructor(
    private readonly cols: Map<string, number>,
    private readonly headers: readonly string[],
    private readonly sink: IssueSink,
  ) {}

  start(cells: string[], line: number, numeric: Uint8Array | null, malformed: number): void {
    this.cells = cells;
    this.line = line;
    this.numeric = numeric;
    this.failed = false;
    if (malformed >= 0) {
      this.sink.add(line, this.headers[malformed] ?? `Column ${malformed + 1}`, 'Text follows a closing quote; a quote inside a quoted field must be doubled ("")');
      this.failed = true;
    }
  }

  has(field: string): boolean {
    return this.cols.has(field);
  }

  /** The trimmed cell of a field; '' when blank or not mapped. */
  raw(field: string): string {
    const i = this.cols.get(field);
    if (i === undefined) return '';
    const v = this.cells[i];
    return v === undefined ? '' : v.trim();
  }

  column(field: string): string {
    const i = this.cols.get(field);
    return i === undefined ? field : (this.headers[i] ?? field);
  }

  bad(field: string, message: string): void {
    this.sink.add(this.line, this.column(field), message);
    this.failed = true;
  }

  /** A field's parsed value; undefined when blank, or when bad (the problem is recorded). Extra arguments go to `parse`. */
  opt<T, A = undefined, B = undefined, C = undefined>(field: string, parse: (t: string, numericCell: boolean, a: A, b: B, c: C) => T, a?: A, b?: B, c?: C): T | undefined {
    const i = this.cols.get(field);
    if (i === undefined) return undefined;
    const cell = this.cells[i];
    if (cell === undefined || cell === '') return undefined;
    const t = cell.trim();
    if (t === '') return undefined;
    try {
      return parse(t, this.numeric !== null && this.numeric[i] === 1, a as A, b as B, c as C);
    } catch (e) {
      if (e instanceof CellError) {
        this.bad(field, e.message);
        return undefined;
      }
      throw e;
    }
  }

  /** A field every row needs. */
  req<T, A = undefined, B = undefined, C = undefined>(field: string, missing: string, parse: (t: string, numericCell: boolean, a: A, b: B, c: C) => T, a?: A, b?: B, c?: C): T | undefined {
    const v = this.opt(field, parse, a, b, c);
    if (v === undefined && this.raw(field) === '') this.bad(field, missing);
    return v;
  }
}

export interface Counts {
  rows: number;
  new: number;
  updated: number;
  unchanged: number;
}
