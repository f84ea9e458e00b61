/**
 * Import previews run in a worker too, under the preview limits (src/jobs/limits.ts):
 * a hostile file (zip bomb, absurd sheet) ends that worker with a clear error and
 * never takes the app's main thread down with it.
 */
import { AppError } from '../errors.js';
import { taskModule, type JobRunner } from '../jobs/runner.js';
import { previewImport } from './import.js';
import type { ImportKind, ImportPreview } from '../api/contract/import.js';

interface PreviewArgs {
  path: string;
  kind: ImportKind;
  mapping: Record<string, string | null> | null;
}

export function previewTask(args: PreviewArgs): Promise<ImportPreview> {
  return previewImport(args.path, args.kind, args.mapping);
}

export async function previewInWorker(jobs: JobRunner, path: string, kind: ImportKind, mapping: Record<string, string | null> | null): Promise<ImportPreview> {
  const started = jobs.start('import-preview', taskModule('services/import-preview-task'), 'previewTask', { path, kind, mapping } satisfies PreviewArgs);
  const end = await jobs.wait(started.id);
  if (end.state === 'done') return end.result as ImportPreview;
  throw new AppError(end.error?.code ?? 'internal', end.error?.message ?? 'The preview stopped unexpectedly', end.error?.details);
}
