// Crash child: import CSV files of claims through the import service, one whole transaction each.
// Args: CASE RUN SEED DIR. Each file's claims carry the file's token in their reference.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWrite } from '../../../src/store/db.js';
import { importFile } from '../../../src/services/import/run.js';
import { arg, rng, say, token } from './common.js';

const path = arg(0);
const run = arg(1);
const next = rng(Number(arg(2)));
const dir = arg(3);
const db = openWrite(path);
say('READY');
for (let n = 1; n < 100_000; n++) {
  const k = 200 + Math.floor(next() * 2000);
  const tok = token(run, n, k);
  const lines = ['ref,creditor_ref,creditor_name,asset,amount,notes'];
  for (let i = 0; i < k; i++) lines.push(`${tok}-${i},${tok}-CR${i % 50},Zebulon Importer ${i % 50},USD,${100 + i}.00,${tok}`);
  const file = join(dir, `${tok}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  const r = await importFile(db, 'crash-harness', { path: file, kind: 'claims' });
  if (!r.committed) throw new Error(`import did not commit: ${JSON.stringify(r).slice(0, 300)}`);
  say(`COMMITTED ${tok}`);
}
