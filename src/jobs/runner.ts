/**
 * Runs tasks in worker threads and keeps their status for polling
 * (`jobs.get`) and cancelling (`jobs.cancel`). A task is an exported async
 * function `(args, ctx: JobContext) => result` in a module of src/; it opens
 * its own connection to the case file and commits in one transaction, so a
 * cancel or a crash leaves nothing half-written.
 */
import type { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { AppError } from '../errors.js';
import type { JobStatus } from './types.js';
import { dbWorkerContext } from '../store/db.js';
import { startWorker } from './spawn.js';
import { describeCrash, describeLimitStop, limitsFor, type JobLimits } from './limits.js';

const isTs = import.meta.url.endsWith('.ts');

/** Resolve a task module path relative to src/ ("services/import-task") to the file that exists (.ts in a checkout, .js when built). */
export function taskModule(relFromSrc: string): string {
  const base = fileURLToPath(new URL(`../${relFromSrc}`, import.meta.url));
  for (const ext of isTs ? ['.ts', '.js'] : ['.js', '.ts']) if (existsSync(base + ext)) return base + ext;
  throw new Error(`Task module ${relFromSrc} not found`);
}

let nativeBinding: string | undefined;
export function setWorkerNativeBinding(p: string | undefined): void {
  nativeBinding = p;
}

interface Entry {
  status: JobStatus;
  worker: Worker | null;
  waiters: Array<() => void>;
}

export class JobRunner {
  private jobs = new Map<string, Entry>();

  /** Start a task in a worker; `limits` (default: by kind, see ./limits.ts) bound its heap and time. */
  start(kind: string, module: string, fn: string, args: unknown, limits: JobLimits | undefined = limitsFor(kind)): JobStatus {
    const id = randomUUID();
    const status: JobStatus = { id, kind, state: 'running', done: 0, total: 0, label: 'Starting…', startedAt: new Date().toISOString(), result: null, error: null };
    const entry: Entry = { status, worker: null, waiters: [] };
    this.jobs.set(id, entry);
    // The worker opens cases as this thread does: same passphrases, same read-only registrations.
    const data = { module, fn, args, db: dbWorkerContext(), ...(nativeBinding ? { nativeBinding } : {}) };
    const resourceLimits = limits?.resourceLimits ? { resourceLimits: limits.resourceLimits } : {};
    const worker = startWorker(new URL('./worker-entry', import.meta.url), { workerData: data, ...resourceLimits });
    entry.worker = worker;
    const errCode = kind.startsWith('import') ? ('import_rejected' as const) : ('internal' as const);
    const timer = limits?.timeLimitMs
      ? setTimeout(() => {
          if (status.state !== 'running') return;
          status.state = 'failed';
          status.error = { code: errCode, message: describeLimitStop(kind, 'time', limits) };
          status.label = 'Stopped: over its time limit';
          void worker.terminate();
        }, limits.timeLimitMs)
      : null;
    timer?.unref();
    const finish = () => {
      if (timer) clearTimeout(timer);
      entry.worker = null;
      for (const w of entry.waiters.splice(0)) w();
      this.prune();
    };
    worker.on('message', (m: { type: string; done?: number; total?: number; label?: string; result?: unknown; error?: JobStatus['error'] }) => {
      if (m.type === 'progress') {
        status.done = m.done ?? 0;
        status.total = m.total ?? 0;
        if (m.label) status.label = m.label;
      } else if (m.type === 'done') {
        status.state = 'done';
        status.result = m.result ?? null;
        status.label = 'Finished';
      } else if (m.type === 'failed') {
        status.state = m.error?.code === 'cancelled' ? 'cancelled' : 'failed';
        status.error = m.error ?? null;
        status.label = status.state === 'cancelled' ? 'Cancelled: nothing was written' : 'Failed';
      }
    });
    worker.on('error', (err) => {
      if (status.state === 'running') {
        status.state = 'failed';
        const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        status.error = oom && limits ? { code: errCode, message: describeLimitStop(kind, 'memory', limits) } : { code: errCode, message: describeCrash(kind, err.message) };
      }
    });
    worker.on('exit', () => {
      if (status.state === 'running') {
        status.state = 'failed';
        status.error = { code: errCode, message: describeCrash(kind, null) };
      }
      finish();
    });
    return { ...status };
  }

  get(id: string): JobStatus {
    const e = this.jobs.get(id);
    if (!e) throw new AppError('not_found', 'No such job (it may have finished long ago)');
    return { ...e.status };
  }

  cancel(id: string): JobStatus {
    const e = this.jobs.get(id);
    if (!e) throw new AppError('not_found', 'No such job');
    if (e.status.state === 'running') {
      e.status.label = 'Cancelling…';
      e.worker?.postMessage({ type: 'cancel' });
    }
    return { ...e.status };
  }

  /** Resolve when the job has ended (for the CLI and tests). */
  wait(id: string): Promise<JobStatus> {
    const e = this.jobs.get(id);
    if (!e) return Promise.reject(new AppError('not_found', 'No such job'));
    if (!e.worker) return Promise.resolve({ ...e.status });
    return new Promise((r) => e.waiters.push(() => r({ ...e.status })));
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((e) => ({ ...e.status }));
  }

  async terminateAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((e) => e.worker?.terminate()));
  }

  private prune(): void {
    const ended = [...this.jobs.values()].filter((e) => !e.worker);
    for (const e of ended.slice(0, Math.max(0, ended.length - 50))) this.jobs.delete(e.status.id);
  }
}

/** Throw from a task when its signal is aborted: the transaction rolls back and the job ends as cancelled. */
export function cancelled(): AppError {
  return new AppError('cancelled', 'Cancelled: nothing was written');
}
