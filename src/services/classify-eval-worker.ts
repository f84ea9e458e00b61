/**
 * The helper thread of an application (see classify-eval.ts): evaluates the
 * rules chunk by chunk on its own read-only connection, in one read
 * transaction, taking the next chunk from the counter it shares with the
 * writer, and posts each chunk's result back. Any failure only stops it: the
 * writer then evaluates the chunks it did not deliver.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptDbWorkerContext, connectFile, setNativeBinding, type ReadDb } from '../store/db.js';
import { ChunkEvaluator, MMAP_BYTES, TEMP_CACHE_KIB, type HelperData, type HelperMessage } from './classify-eval.js';

const d = workerData as HelperData;
const post = (m: HelperMessage) => parentPort!.postMessage(m);

try {
  if (d.binding) setNativeBinding(d.binding);
  adoptDbWorkerContext(d.db);
  const db = connectFile(d.path, { readonly: true });
  try {
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    db.pragma(`temp.cache_size = ${-TEMP_CACHE_KIB}`);
    db.exec('BEGIN');
    const ev = new ChunkEvaluator(db as unknown as ReadDb, d.rules);
    const next = new Int32Array(d.next);
    for (let i = Atomics.add(next, 0, 1); i < d.chunks; i = Atomics.add(next, 0, 1)) {
      const lo = d.lo + i * d.size;
      post({ i, r: ev.chunk(lo, lo + d.size) });
    }
    db.exec('COMMIT');
  } finally {
    db.close();
  }
} catch (err) {
  post({ error: String(err) });
}
