// Crash child: draft, approve and finalize distribution runs, one after another.
import { openWrite } from '../../../src/store/db.js';
import { draftRun } from '../../../src/services/runs-compute.js';
import { approveRun, finalizeRun } from '../../../src/services/runs.js';
import { arg, say } from './common.js';

const db = openWrite(arg(0));
say('READY');
for (let n = 1; n < 10_000; n++) {
  const d = await draftRun(db, 'alice', { date: '2026-03-01', release: 0n, final: false, deMinimis: 0n, withholdUnverified: false, includeUnapproved: false, disputedAs: 'reserve' });
  approveRun(db, 'bob', d.ref);
  finalizeRun(db, 'bob', d.ref);
  say(`COMMITTED run=${d.ref}`);
}
