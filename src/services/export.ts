/**
 * Spreadsheet exports as jobs: each runs in a worker with its own read
 * connection, reports progress, and on cancel or failure leaves no partial
 * file behind.
 */
import { statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { JobContext } from '../jobs/types.js';
import { cancelled } from '../jobs/runner.js';
import { openRead } from '../store/db.js';
import { AppError } from '../errors.js';
import { auditRows, caseInfo, countAudit, countClaims, countCreditors, creditorRows, estateInput, registerRows } from '../export/load.js';
import { paidByCreditor, runScheduleInput } from '../export/load-run.js';
import { writeAudit, writeCreditors, writeEstate, writeRegister } from '../export/xlsx/books.js';
import { writeRunSchedule } from '../export/xlsx/run.js';

export const SHEET_KINDS = ['register', 'creditors', 'estate', 'audit', 'run'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export interface ExportArgs {
  casePath: string;
  kind: SheetKind;
  out: string;
  run?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  entity?: string | undefined;
  asOf?: string | undefined;
}

export interface ExportResult {
  path: string;
  /** Name under <dataDir>/exports for GET /download/<name>, when the file is there. */
  download: string | null;
  rows: number;
  bytes: number;
}

const LABEL: Record<SheetKind, string> = {
  register: 'Writing the claims register',
  creditors: 'Writing the creditor summary',
  estate: 'Writing the estate and asset report',
  audit: 'Writing the audit extract',
  run: 'Writing the distribution schedule',
};

/** The download name of a file inside <dataDir>/exports, or null. */
export function downloadName(dataDir: string, path: string): string | null {
  const dir = resolve(dataDir, 'exports');
  const p = resolve(path);
  return p.startsWith(dir + sep) ? relative(dir, p).split(sep).join('/') : null;
}

/** A default file name for an export written into the data folder (browser mode, or no path given). */
export function defaultExportPath(dataDir: string, kind: SheetKind, run?: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const what = kind === 'run' ? `run-${(run ?? 'run').replace(/[^\w.-]+/g, '_')}` : kind;
  return join(dataDir, 'exports', `${what}-${stamp}.xlsx`);
}

export function checkXlsxPath(path: string): string {
  const p = resolve(path);
  if (!/\.xlsx$/i.test(p)) throw new AppError('invalid_args', `The export is an Excel workbook: give a file name ending in .xlsx (got ${basename(p)})`);
  return p;
}

/** The job: write one workbook. */
export async function exportTask(args: ExportArgs & { dataDir: string }, ctx: JobContext): Promise<ExportResult> {
  const db = openRead(args.casePath);
  try {
    const info = caseInfo(db);
    const tick = (done: number, total: number) => {
      if (ctx.signal.aborted) throw cancelled();
      ctx.progress(done, total, LABEL[args.kind]);
    };
    let rows: number;
    ctx.progress(0, 0, LABEL[args.kind]);
    switch (args.kind) {
      case 'register':
        rows = await writeRegister(args.out, info, registerRows(db), { tick, total: countClaims(db) });
        break;
      case 'creditors':
        rows = await writeCreditors(args.out, info, creditorRows(db, paidByCreditor(db)), { tick, total: countCreditors(db) });
        break;
      case 'estate':
        rows = await writeEstate(args.out, estateInput(db, args.asOf ?? new Date().toISOString().slice(0, 10)), { tick });
        break;
      case 'audit': {
        const f = { from: args.from, to: args.to, entity: args.entity };
        rows = await writeAudit(args.out, info, auditRows(db, f), { tick, total: countAudit(db, f) });
        break;
      }
      case 'run': {
        if (!args.run) throw new AppError('invalid_args', 'Name the run to export (its reference, e.g. R-2026-01)');
        const input = runScheduleInput(db, args.run);
        rows = await writeRunSchedule(args.out, input, { tick, total: input.run.claims.reduce((a, c) => a + c.portions.length, 0) });
        break;
      }
    }
    return { path: args.out, download: downloadName(args.dataDir, args.out), rows, bytes: statSync(args.out).size };
  } finally {
    db.close();
  }
}
