/** One import in a fresh process, so its time and peak memory are its own: prints {seconds, cpuSeconds, maxRssMiB, phases, …} as JSON. */
import { openWrite } from '../../src/store/db.js';
import { importFile } from '../../src/services/import/run.js';
import type { ImportKind } from '../../src/api/contract/import.js';

const [casePath, file, kind] = process.argv.slice(2) as [string, string, ImportKind];
const db = openWrite(casePath);
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
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
clearInterval(sample);
db.close();
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds: (cu.user + cu.system) / 1e6, maxRssMiB: maxRss / 1048576, phases, ok: r.ok, rows: r.rows, new: r.new, errors: r.errors.slice(0, 3), message: r.message }) + '\n',
);
