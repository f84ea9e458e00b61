// Crash child: batches of claims, each one audited transaction; optionally a backup every few batches.
// Args: CASE RUN SEED [backupEvery]. Env RECOURSE_CRASH_PASSPHRASE for an encrypted case.
import { openWrite, setCaseAccess } from '../../../src/store/db.js';
import { backupBefore } from '../../../src/store/backup.js';
import { arg, rng, say, token, writeBatch } from './common.js';

const path = arg(0);
const run = arg(1);
const next = rng(Number(arg(2)));
const backupEvery = Number(process.argv[5] ?? '0');
if (process.env.RECOURSE_CRASH_PASSPHRASE) setCaseAccess(path, { passphrase: process.env.RECOURSE_CRASH_PASSPHRASE });
const db = openWrite(path);
say('READY');
for (let n = 1; n < 1_000_000; n++) {
  const k = 1 + Math.floor(next() * 80);
  const tok = token(run, n, k);
  writeBatch(db, tok, k);
  say(`COMMITTED ${tok}`);
  if (backupEvery > 0 && n % backupEvery === 0) {
    const b = backupBefore(path, 'crash');
    say(`BACKUP ${b.name}`);
  }
}
