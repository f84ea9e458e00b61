// Crash child: export the claims register again and again, each to a new workbook.
// Args: CASE OUTDIR DATADIR.
import { join } from 'node:path';
import { exportTask } from '../../../src/services/export.js';
import { arg, say } from './common.js';

const ctx = { progress: () => undefined, signal: new AbortController().signal };
say('READY');
for (let n = 1; n < 10_000; n++) {
  const out = join(arg(1), `register-${process.pid}-${n}.xlsx`);
  await exportTask({ casePath: arg(0), kind: 'register', out, dataDir: arg(2) }, ctx);
  say(`COMMITTED file=${out}`);
}
