/**
 * The generic job worker: imports the task module named by the parent, runs
 * its exported function with a progress reporter and a cancel signal, and
 * posts back the result. Runs off the main thread so the window never freezes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { toErrorBody } from '../errors.js';
import { adoptDbWorkerContext, setNativeBinding, type DbWorkerContext } from '../store/db.js';
import { setWorkerNativeBinding } from './runner.js';

interface Init {
  module: string;
  fn: string;
  args: unknown;
  nativeBinding?: string;
  db?: DbWorkerContext;
}

const init = workerData as Init;
const controller = new AbortController();
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});
// Listening for cancel must not keep the worker alive once the task is done.
parentPort!.unref();

let last = 0;
const progress = (done: number, total: number, label?: string) => {
  const t = Date.now();
  if (t - last < 50 && done < total) return;
  last = t;
  parentPort!.postMessage({ type: 'progress', done, total, label });
};

try {
  if (init.nativeBinding) {
    setNativeBinding(init.nativeBinding);
    setWorkerNativeBinding(init.nativeBinding); // a task may start workers of its own (the finalize job's proof root)
  }
  adoptDbWorkerContext(init.db);
  const mod = (await import(pathToFileURL(init.module).href)) as Record<string, (args: unknown, ctx: unknown) => Promise<unknown>>;
  const fn = mod[init.fn];
  if (typeof fn !== 'function') throw new Error(`Task ${init.fn} not found in ${init.module}`);
  const result = await fn(init.args, { progress, signal: controller.signal });
  parentPort!.postMessage({ type: 'done', result });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', error: toErrorBody(err) });
}
