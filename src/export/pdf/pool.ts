/**
 * Batches of notices over worker threads: one worker per core (2 cores, 2
 * workers), each parsing the fonts once and rendering chunks of notices sent
 * to it. The caller feeds notices from an iterator, so a batch of a million
 * never has more than a few chunks in flight. Cancel stops feeding, ends the
 * workers and reports `cancelled()`; the caller removes what was written.
 */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { cancelled } from '../../jobs/runner.js';
import { startWorker } from '../../jobs/spawn.js';
import type { NoticeInput } from '../types.js';

export interface RenderJob {
  /** File name inside the output folder. */
  file: string;
  /** What the index lists it under (creditor or claim reference). */
  key: string;
  notice: NoticeInput;
}

export interface RenderedFile {
  file: string;
  key: string;
  bytes: number;
  sha256: string;
}

function spawn(): Worker {
  return startWorker(new URL('./render-worker', import.meta.url));
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export interface BatchOptions {
  outDir: string;
  workers?: number;
  /** Notices per message to a worker. */
  chunk?: number;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}

/** Render every job; resolves with the files in the order the jobs came. */
export async function renderBatch(jobs: Iterable<RenderJob>, o: BatchOptions): Promise<RenderedFile[]> {
  const n = o.workers ?? defaultWorkers();
  const chunkSize = o.chunk ?? 24;
  const workers = Array.from({ length: n }, spawn);
  const results: RenderedFile[][] = [];
  const it = jobs[Symbol.iterator]();
  let nextId = 0;
  let done = 0;
  let exhausted = false;
  let inFlight = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const feed = (w: Worker) => {
        if (failed) return;
        if (o.signal?.aborted) return fail(cancelled());
        const batch: RenderJob[] = [];
        while (!exhausted && batch.length < chunkSize) {
          const r = it.next();
          if (r.done) exhausted = true;
          else batch.push(r.value);
        }
        if (batch.length === 0) {
          if (inFlight === 0) resolve();
          return;
        }
        const id = nextId++;
        inFlight++;
        w.postMessage({ type: 'batch', id, outDir: o.outDir, jobs: batch });
      };
      for (const w of workers) {
        w.on('message', (m: { type: string; id?: number; files?: RenderedFile[]; message?: string }) => {
          if (m.type === 'ready') {
            // Two chunks in flight per worker keeps it busy while the next is prepared.
            feed(w);
            feed(w);
          } else if (m.type === 'done') {
            inFlight--;
            results[m.id!] = m.files!;
            done += m.files!.length;
            o.onProgress?.(done);
            feed(w);
          } else if (m.type === 'error') {
            fail(new Error(`A notice could not be rendered: ${m.message}`));
          }
        });
        w.on('error', (err) => fail(err));
        w.on('exit', (code) => {
          if (code !== 0 && !failed && !(exhausted && inFlight === 0)) fail(new Error('A notice worker stopped unexpectedly'));
        });
      }
      o.signal?.addEventListener('abort', () => fail(cancelled()), { once: true });
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
