/** Shared shapes of the import pipeline. */

import type { ImportIssue, ImportKind } from '../../api/contract/import.js';

export type { ImportIssue, ImportKind };
export const IMPORT_KINDS: readonly ImportKind[] = ['claims', 'creditors', 'prices'];

/** Rows read from a file, in batches: cells as text, with the file row number of each. */
export interface RowBatch {
  rows: string[][];
  /** File row number (1-based; the header row is row 1 in a usual file). */
  lines: number[];
  /** Per row: 1 where a spreadsheet cell held a number (not text), else null for the row. */
  numeric: Array<Uint8Array | null>;
  /** Per row: 0-based column whose quoting was broken (CSV), or -1. */
  malformed: number[];
}

export interface TableSource {
  format: 'csv' | 'xlsx';
  /** How the text was decoded, in words. */
  encoding: string;
  delimiter?: string;
  sheet?: string;
  size: number;
  /** Column names as in the file (blank ones named "Column N"). */
  headers: string[];
  headerLine: number;
  /** Spreadsheet day numbers are dates (XLSX); and which epoch. */
  serialDates: boolean;
  date1904: boolean;
  /** The rows after the header; iterate once. */
  batches(): AsyncGenerator<RowBatch>;
  /** How far through the file the reader is, 0..1. */
  fraction(): number;
  close(): Promise<void>;
}

export function emptyBatch(): RowBatch {
  return { rows: [], lines: [], numeric: [], malformed: [] };
}
