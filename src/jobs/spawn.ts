/**
 * Worker threads for modules of src/ loaded by path (the job entry, the PDF
 * render workers, the classification helper): a module's .js when Recourse
 * is built, and its .ts when it runs from TypeScript, through worker-boot.mjs,
 * which registers tsx before importing it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const isTs = import.meta.url.endsWith('.ts');

/** A worker running the module at `base` (a file URL without its extension). */
export function startWorker(base: URL, options: WorkerOptions = {}): Worker {
  const path = fileURLToPath(base);
  if (isTs && existsSync(path + '.ts')) {
    const workerData = { ...(options.workerData as Record<string, unknown> | undefined), __entry: pathToFileURL(path + '.ts').href };
    return new Worker(fileURLToPath(new URL('./worker-boot.mjs', import.meta.url)), { ...options, execArgv: [], workerData });
  }
  return new Worker(path + '.js', options);
}
