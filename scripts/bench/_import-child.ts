/**
 * One import in a fresh process, so its time and peak memory are its own: prints {seconds, cpuSeconds,
 * mainCpuSeconds, maxRssMiB, phases, …} as JSON. cpuSeconds counts every thread (the CSV reader, SQLite's sort
 * helpers); mainCpuSeconds the import's own thread (Linux only, else null): on an idle machine the wall time is
 * about that thread's CPU time plus the waits for the others.
 */
import { readFileSync } from 'node:fs';
import { openWrite } from '../../src/store/db.js';
import { importFile } from '../../src/services/import/run.js';
import type { ImportKind } from '../../src/api/contract/import.js';

/** CPU seconds of this process's main thread, from /proc (null where there is none). */
function mainThreadCpu(): number | null {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

const [casePath, file, kind] = process.argv.slice(2) as [string, string, ImportKind];
const db = openWrite(casePath);
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpu();
const phases: Record<string, number> = {};
let mark = t0;
const r = await importFile(db, 'bench', { path: file, kind }, undefined, {
  phase: (name) => {
    const t = performance.now();
    phases[name] = Math.round((t - mark) / 100) / 10;
    mark = t;
    if (process.env.RECOURSE_BENCH_VERBOSE) process.stderr.write(`    ${name}: ${phases[name]} s\n`);
  },
});
const seconds = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(cpu0);
const main1 = mainThreadCpu();
clearInterval(sample);
db.close();
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds: (cu.user + cu.system) / 1e6, mainCpuSeconds: main0 === null || main1 === null ? null : main1 - main0, maxRssMiB: maxRss / 1048576, phases, ok: r.ok, rows: r.rows, new: r.new, errors: r.errors.slice(0, 3), message: r.message }) + '\n',
);
