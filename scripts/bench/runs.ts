/**
 * Distribution runs at scale (issue #6 §7): a run over the 1,000,000-claim
 * case computes (≤ 5 s) and finalizes (≤ 5 s more) in worker threads, peak
 * memory ≤ 1 GiB, while the main thread stays free (its longest stall is
 * reported). Uses /tmp/recourse-bench-1m.recourse (generated if missing;
 * shared with other benchmarks, so it is copied first and never written).
 *
 *   npx tsx scripts/bench/runs.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { N, sharedCase } from './_shared-case.js';
import { openWrite } from '../../src/store/db.js';
import { JobRunner, taskModule } from '../../src/jobs/runner.js';
import type { JobStatus } from '../../src/jobs/types.js';
import type { DraftArgs } from '../../src/services/runs-compute.js';
import { approveRun, type FinalizeArgs } from '../../src/services/runs.js';
import { verifyRun } from '../../src/services/runs-verify.js';



const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;

/** CPU seconds used so far by each thread of this process, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(into = new Map<string, number>()): Map<string, number> {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return into;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      into.set(tid, (Number(f[11]) + Number(f[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    } catch {
      /* the thread ended */
    }
  }
  return into;
}

/** Run a job while sampling the process's memory, the main thread's longest stall and each thread's CPU. */
async function watched(
  jobs: JobRunner,
  start: () => JobStatus,
): Promise<{ end: JobStatus; ms: number; cpu: number; peak: number; stall: number; busiest: number[] }> {
  let peak = process.memoryUsage().rss;
  let stall = 0;
  let last = performance.now();
  const cpu0 = threadCpu();
  const cpuNow = threadCpu();
  // Every 100 ms: a worker's last figure before it ends (at most 0.1 s short of its total).
  const sampler = setInterval(() => threadCpu(cpuNow), 100);
  const timer = setInterval(() => {
    const t = performance.now();
    stall = Math.max(stall, t - last - 20);
    last = t;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const job = start();
  const end = await jobs.wait(job.id);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  clearInterval(timer);
  clearInterval(sampler);
  threadCpu(cpuNow);
  if (end.state !== 'done') throw new Error(`${end.kind} ${end.state}: ${end.error?.message ?? ''}`);
  // The threads that worked most, apart from this (main) thread: on an idle machine the run takes about the longest.
  const busiest = [...cpuNow]
    .filter(([tid]) => tid !== String(process.pid))
    .map(([tid, s]) => s - (cpu0.get(tid) ?? 0))
    .sort((a, b) => b - a)
    .slice(0, 2);
  // CPU time of the whole process (all threads): on a machine shared with other work, wall time overstates the run.
  return { end, ms, cpu: (c.user + c.system) / 1000, peak, stall, busiest };
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'h-runs-bench-'));
  const file = join(dir, 'case.recourse');
  const jobs = new JobRunner();
  try {
    const src = new Database(sharedCase(), { readonly: true });
    await src.backup(file);
    src.close();
    // Upgrade the copy once (migrations are not part of the run).
    const db = openWrite(file);
    const live = Number(
      db.prepare("SELECT count(*) FROM claims WHERE status NOT IN ('disallowed','withdrawn','superseded','duplicate')").pluck().get(),
    );
    db.close();

    const args: DraftArgs = {
      casePath: file,
      actor: 'bench-drafter',
      options: {
        date: '2026-06-30',
        release: 250_000_000_000n,
        final: false,
        deMinimis: 0n,
        withholdUnverified: true,
        includeUnapproved: true,
        disputedAs: 'reserve',
      },
    };
    const draft = await watched(jobs, () => jobs.start('run.draft', taskModule('services/runs-compute'), 'computeDraftTask', args));
    const ref = (draft.end.result as { ref: string; claims: number; portions: number }).ref;
    const { claims, portions } = draft.end.result as { claims: number; portions: number };

    const w = openWrite(file);
    approveRun(w, 'bench-approver', ref);
    w.close();
    const fin: FinalizeArgs = { casePath: file, actor: 'bench-approver', run: ref };
    const finalize = await watched(jobs, () => jobs.start('run.finalize', taskModule('services/runs'), 'finalizeRunTask', fin));

    const r = openWrite(file);
    const t0 = performance.now();
    const v = verifyRun(r, ref);
    const verifyMs = performance.now() - t0;
    r.close();
    if (!v.ok) throw new Error(v.message);

    return [
      {
        name: `run draft (compute + store), ${claims.toLocaleString('en-US')} claims in the run (${live.toLocaleString('en-US')} live of ${N.toLocaleString('en-US')}), ${portions.toLocaleString('en-US')} lines`,
        value: secs(draft.ms),
        target: '≤ 5 s',
      },
      { name: 'run draft, CPU time of the process (all threads)', value: secs(draft.cpu) },
      { name: 'run draft, CPU time of its two busiest threads (job worker, input helper)', value: draft.busiest.map((t) => secs(t * 1000)).join(' + ') },
      { name: 'run finalize (proof root over every line)', value: secs(finalize.ms), target: '≤ 5 s' },
      { name: 'run finalize, CPU time of the process', value: secs(finalize.cpu) },
      { name: 'run finalize, CPU time of its two busiest threads (job worker, proof helper)', value: finalize.busiest.map((t) => secs(t * 1000)).join(' + ') },
      { name: 'peak memory (process RSS) while drafting', value: mib(draft.peak), target: '≤ 1024 MiB' },
      { name: 'peak memory (process RSS) while finalizing', value: mib(finalize.peak), target: '≤ 1024 MiB' },
      { name: 'longest main-thread stall while drafting (work in a worker)', value: `${Math.round(draft.stall)} ms` },
      { name: 'longest main-thread stall while finalizing', value: `${Math.round(finalize.stall)} ms` },
      { name: 'run verify (recompute from the stored input, compare every line)', value: secs(verifyMs) },
    ];
  } finally {
    await jobs.terminateAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await bench()) console.log(`${f.name}: ${f.value}${f.target ? ` (target ${f.target})` : ''}`);
}
