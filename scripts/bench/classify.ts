/**
 * Classification at scale (issue #5): ten rules over a 1,000,000-claim case.
 * Uses /tmp/recourse-bench-1m.recourse (generated if missing; shared with other
 * benchmarks, so it is copied first and never written), then times the
 * preview, the apply (target ≤ 10 s), approving all, the review queue's first
 * page, the class summary, a version diff, and the Dashboard's summary (its
 * totals per asset, target ≤ 1 s) on the classified case.
 *
 *   npx tsx scripts/bench/classify.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sharedCase } from './_shared-case.js';
import { openWrite } from '../../src/store/db.js';
import { saveRules } from '../../src/services/classify-rules.js';
import { classify } from '../../src/services/classify.js';
import { approveAll } from '../../src/services/classify-review.js';
import { reviewQueue, classSummary } from '../../src/services/classify-queue.js';
import { diffVersions, versions } from '../../src/services/classes-versions.js';
import { dashboardSummary } from '../../src/services/dashboard.js';
import type { ReadDb } from '../../src/store/db.js';
import type { RuleInput } from '../../src/api/contract/classes.js';


/** Ten rules touching every kind of condition, the last a catch-all. */
export const TEN_RULES: RuleInput[] = [
  { name: 'Claims on collateral', classCode: 'SEC', when: { secured: true } },
  { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } },
  { name: 'Government', classCode: 'ADMIN', when: { creditorTypes: ['government'] } },
  { name: 'Insiders', classCode: 'SUB', when: { creditorTypes: ['insider'] } },
  { name: 'Offshore affiliates', classCode: 'SUB', when: { creditorTypes: ['affiliate'], jurisdictions: ['KY', 'VG'] } },
  { name: 'Large dollar claims', classCode: 'GUC', when: { assets: ['USD'], minValue: '1000000' } },
  { name: 'Small claims', classCode: 'CONV', when: { maxValue: '1000.00' } },
  { name: 'Customer coin balances from the ledger', classCode: 'CUST', when: { sources: ['scheduled'], assets: ['BTC', 'ETH', 'USDT', 'USDC', 'SOL'] } },
  { name: 'Tagged equity', classCode: 'EQ', when: { tags: ['equity', 'shareholder'] } },
  { name: 'Everything else', classCode: 'GUC', when: {} },
];


const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** CPU seconds of this process's main thread (Linux; null elsewhere): on an idle 2-core machine the apply's wall time is about this. */
function mainThreadCpu(): number | null {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'h-classes-bench-'));
  const file = join(dir, 'case.recourse');
  try {
    const src = new Database(sharedCase(), { readonly: true });
    await src.backup(file);
    src.close();
    const [db, tOpen] = await time(() => openWrite(file));
    try {
      saveRules(db, 'bench-admin', TEN_RULES);
      const [preview, tPreview] = await time(() => classify(db, 'bench-admin', { apply: false }));
      const cpu0 = process.cpuUsage();
      const main0 = mainThreadCpu();
      const [applied, tApply] = await time(() => classify(db, 'bench-admin', { apply: true }));
      const cpu = process.cpuUsage(cpu0);
      const main1 = mainThreadCpu();
      const load = loadavg()[0]!;
      const [, tQueue] = await time(() => reviewQueue(db, 'bench-legal', { limit: 50, proposer: 'all' }));
      const [, tSummary] = await time(() => classSummary(db));
      const vs = versions(db);
      const [, tDiff] = await time(() => diffVersions(db, vs[vs.length - 1]!.id, vs[0]!.id, 100));
      const [approved, tApprove] = await time(() => approveAll(db, 'bench-legal'));
      const [, tDash] = await time(() => dashboardSummary({ path: file, db, read: db as unknown as ReadDb, readOnly: false }));
      const rows = [
        { name: 'classify: cores', value: String(cpus().length) },
        { name: 'classify: open the 1M-claim case (running its pending migrations)', value: secs(tOpen) },
        { name: `classify: preview 10 rules over ${preview.claims.toLocaleString('en-US')} live claims`, value: secs(tPreview) },
        { name: `classify: apply 10 rules to 1,000,000 claims (${applied.moved.toLocaleString('en-US')} moved)`, value: secs(tApply), target: '≤ 10 s' },
        { name: 'classify: apply, CPU time (user + system, all threads)', value: secs((cpu.user + cpu.system) / 1000) },
        ...(main0 !== null && main1 !== null ? [{ name: 'classify: apply, CPU time of the main thread', value: secs((main1 - main0) * 1000) }] : []),
        { name: 'classify: load average during the run (1 min)', value: load.toFixed(1) },
        { name: 'classify: review queue, first page', value: `${tQueue.toFixed(0)} ms` },
        { name: 'classify: class summary', value: `${tSummary.toFixed(0)} ms` },
        { name: 'classify: diff of two versions', value: secs(tDiff) },
        { name: `classify: approve all (${approved.approved.toLocaleString('en-US')} proposals)`, value: secs(tApprove) },
        { name: 'classify: dashboard summary, 1M claims', value: `${tDash.toFixed(0)} ms`, target: '≤ 1000 ms' },
      ];
      return rows;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await bench()) console.log(`${r.name.padEnd(72)} ${r.value.padStart(10)}${r.target ? `  (target ${r.target})` : ''}`);
}
