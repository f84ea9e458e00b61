/**
 * Export figures for `npm run bench`: the claims register of a 1,000,000-claim
 * case written as XLSX (target ≤ 15 s, peak memory ≤ 1 GiB). The case is
 * generated once into /tmp/recourse-bench-1m.recourse and then only read.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../../src/gen/synthetic.js';
import { openRead } from '../../src/store/db.js';
import { caseInfo, countClaims, registerRows } from '../../src/export/load.js';
import { writeRegister } from '../../src/export/xlsx/books.js';

export const BENCH_CASE = '/tmp/recourse-bench-1m.recourse';

export function ensureBenchCase(claims = 1_000_000): string {
  if (!existsSync(BENCH_CASE)) generateCase({ path: BENCH_CASE, claims });
  return BENCH_CASE;
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const path = ensureBenchCase();
  const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-export-'));
  const out = join(dir, 'register.xlsx');
  const db = openRead(path);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const info = caseInfo(db);
    const total = countClaims(db);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const rows = await writeRegister(out, info, registerRows(db), { total });
    const secs = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    const cpu = (cu.user + cu.system) / 1e6;
    peak = Math.max(peak, process.memoryUsage().rss);
    return [
      { name: `export: claims register XLSX, ${rows.toLocaleString('en-US')} rows`, value: `${secs.toFixed(1)} s`, target: '≤ 15 s' },
      { name: 'export: claims register XLSX, CPU time (one thread; wall time on an idle machine is close to it)', value: `${cpu.toFixed(1)} s` },
      { name: 'export: claims register XLSX, peak memory (process RSS)', value: `${(peak / 2 ** 20).toFixed(0)} MiB`, target: '≤ 1024 MiB' },
      { name: 'export: claims register XLSX, file size', value: `${(statSync(out).size / 2 ** 20).toFixed(0)} MiB` },
    ];
  } finally {
    clearInterval(sampler);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await bench()) console.log(`${r.name}: ${r.value}${r.target ? ` (target ${r.target})` : ''}`);
}
