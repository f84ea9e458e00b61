/**
 * Bounds for job workers that read files someone else made (imports and their
 * previews): a V8 heap allowance and a time limit. A hostile file (a zip bomb,
 * a sheet declaring a million columns…) ends its worker with a clear error; the
 * app, its main thread and the case file are untouched, since the import's
 * transaction never commits.
 */
import type { ResourceLimits } from 'node:worker_threads';

export interface JobLimits {
  resourceLimits?: ResourceLimits;
  /** Stop the worker after this long (ms). */
  timeLimitMs?: number;
}

/** Env overrides (MB, minutes) for unusual machines: RECOURSE_IMPORT_HEAP_MB, RECOURSE_IMPORT_MINUTES. */
function num(name: string, dflt: number): number {
  const raw = process.env[name] ?? '';
  // A setting, not money: a plain positive number such as 1536 or 0.5.
  return /^\d+(\.\d+)?$/.test(raw) && Number(raw) > 0 ? Number(raw) : dflt;
}

export function importLimits(): JobLimits {
  return {
    resourceLimits: { maxOldGenerationSizeMb: num('RECOURSE_IMPORT_HEAP_MB', 1536), maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
    timeLimitMs: num('RECOURSE_IMPORT_MINUTES', 60) * 60_000,
  };
}

export function previewLimits(): JobLimits {
  return { resourceLimits: { maxOldGenerationSizeMb: num('RECOURSE_PREVIEW_HEAP_MB', 512), maxYoungGenerationSizeMb: 32, stackSizeMb: 8 }, timeLimitMs: num('RECOURSE_PREVIEW_SECONDS', 120) * 1000 };
}

/** Limits by job kind, applied by the JobRunner when the caller gives none. */
export function limitsFor(kind: string): JobLimits | undefined {
  if (kind === 'import') return importLimits();
  if (kind === 'import-preview') return previewLimits();
  return undefined;
}

function fmtDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function describeLimitStop(kind: string, why: 'memory' | 'time', l: JobLimits): string {
  const what = kind.startsWith('import') ? 'Reading the file' : 'The job';
  return why === 'memory'
    ? `${what} needed more than its ${l.resourceLimits?.maxOldGenerationSizeMb ?? '?'} MB memory allowance and was stopped; nothing was written. A file this demanding is usually damaged or hostile (e.g. a zip bomb); save the sheet as CSV and try again.`
    : `${what} took longer than its time limit (${fmtDuration(l.timeLimitMs ?? 0)}) and was stopped; nothing was written.`;
}

/**
 * A worker that died (an error no code caught) or ended with its task unfinished
 * (a reader waiting for data a damaged file never delivers). For imports that
 * is the file's fault, and says so.
 */
export function describeCrash(kind: string, error: string | null): string {
  if (kind.startsWith('import')) {
    return `Reading the file ${error ? `failed (${error})` : 'stopped half-way'}: it is damaged or not a complete workbook. Save it again as XLSX or CSV; nothing was written.`;
  }
  return error ? `The job failed: ${error}; nothing was written` : 'The job stopped unexpectedly; nothing was written';
}
