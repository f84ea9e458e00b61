import { z } from 'zod';
import { rpc, filePath, name } from './rpc.js';
import type { JobStatus } from '../../jobs/types.js';

export type ImportKind = 'claims' | 'creditors' | 'prices';

/** One problem in an imported file: row (1-based, the header is row 1), the column as named in the file, and what is wrong. */
export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

export interface ImportField {
  key: string;
  label: string;
  /** true: every row needs it; 'new': needed to create a record not yet in the case. */
  required: boolean | 'new';
  help: string;
}

export interface ImportPreview {
  kind: ImportKind;
  format: 'csv' | 'xlsx';
  /** How the text was decoded, in words (CSV), or the workbook format. */
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
  size: number;
  headers: string[];
  headerLine: number;
  /** Field suggested for each column from its header (null: none). */
  suggested: Record<string, string | null>;
  /** The mapping in use: the one given, else the suggestion. */
  mapping: Record<string, string | null>;
  fields: ImportField[];
  /** Required fields no column is mapped to. */
  missing: string[];
  /** Why the mapping cannot be used, or null. */
  mappingProblem: string | null;
  /** The first rows after the header. */
  rows: Array<{ line: number; cells: string[] }>;
}

/** The result of an import job (also of a dry run). */
export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  /** True when the import was written to the case. */
  committed: boolean;
  kind: ImportKind;
  file: string;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
  /** field → column of the file it was read from */
  mapping: Record<string, string>;
  rows: number;
  new: number;
  updated: number;
  unchanged: number;
  errors: ImportIssue[];
  errorCount: number;
  errorRows: number;
  /** More problems than the report lists (errorCount has them all). */
  errorsTruncated: boolean;
  /** Claims files: creditors created and updated on the way. */
  creditors: { new: number; updated: number } | null;
  superseded: number;
  classesProposed: number;
  /** Prices files: claims re-valued at a new petition-date price. */
  revalued: number;
  previousImport: { at: string; actor: string } | null;
  message: string;
}

export interface SavedMapping {
  name: string;
  kind: ImportKind;
  mapping: Record<string, string | null>;
}

export const importKind = z.enum(['claims', 'creditors', 'prices']);
/** {"column in file": "field"}; null or "" leaves a column out. */
export const importMapping = z
  .record(z.string().min(1).max(200), z.string().max(40).nullable())
  .refine((m) => Object.keys(m).length <= 256, 'has more than 256 columns');

export const importContract = {
  'import.preview': rpc(z.object({ path: filePath, kind: importKind, mapping: importMapping.optional() }).strict()).returns<ImportPreview>(),
  'import.start': rpc(
    z
      .object({
        path: filePath,
        kind: importKind,
        mapping: importMapping.optional(),
        dryRun: z.boolean().optional(),
        saveMappingAs: name.optional(),
        fileName: z.string().max(255).optional(),
      })
      .strict(),
  ).returns<JobStatus>(),
  'import.mappings': rpc(z.object({ kind: importKind.optional() }).strict()).returns<SavedMapping[]>(),
  'import.saveMapping': rpc(z.object({ name, kind: importKind, mapping: importMapping }).strict()).returns<SavedMapping>(),
};
