/**
 * Import at scale: CSV and XLSX files of N claims (default 1,000,000; set
 * RECOURSE_BENCH_IMPORT_N for a quicker run) into a fresh case, each in its
 * own process. Targets at 1,000,000: CSV ≤ 20 s, XLSX ≤ 40 s, peak ≤ 1 GiB.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCase, closeCase } from '../../src/services/case.js';
import { tx } from '../../src/store/db.js';
import { PETITION, PRICES, writeCsv, writeXlsx } from './_import-data.js';

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  mainCpuSeconds: number | null;
  phases: Record<string, number>;
  maxRssMiB: number;
  ok: boolean;
  rows: number;
  new: number;
  message: string;
}

function freshCase(path: string): void {
  const c = createCase({ path, name: 'Import bench', currency: 'USD', petitionDate: PETITION, barDate: '2026-03-31' }, 'bench');
  tx(c.db, () => {
    const ins = c.db.prepare('INSERT INTO prices (asset, date, price) VALUES (?, ?, ?)');
    for (const [a, p] of Object.entries(PRICES)) ins.run(a, PETITION, p);
  });
  closeCase(c);
}

function runChild(casePath: string, file: string): ChildResult {
  // Compiled (npm run bench) or from source (tsx): the child is run the same way as this module.
  const compiled = import.meta.url.endsWith('.js');
  const child = fileURLToPath(new URL(compiled ? './_import-child.js' : './_import-child.ts', import.meta.url));
  const r = spawnSync(process.execPath, [...(compiled ? [] : ['--import', 'tsx']), child, casePath, file, 'claims'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`import child failed (exit ${r.status}): ${r.stdout.slice(-2000)}`);
  const res = JSON.parse(line) as ChildResult;
  if (!res.ok || res.new !== res.rows) throw new Error(`the bench import was not clean: ${res.message}`);
  return res;
}

export async function bench(): Promise<Array<{ name: string; value: string; target?: string }>> {
  const n = Number.parseInt(process.env.RECOURSE_BENCH_IMPORT_N ?? '1000000', 10);
  const full = n >= 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'recourse-bench-import-'));
  const label = n.toLocaleString('en-US');
  const figures: Array<{ name: string; value: string; target?: string }> = [];
  try {
    const csv = join(dir, 'claims.csv');
    const xlsx = join(dir, 'claims.xlsx');
    process.stderr.write(`  writing ${label} claims as CSV and XLSX…\n`);
    await writeCsv(csv, n);
    await writeXlsx(xlsx, n);
    for (const [fmt, file, target] of [['CSV', csv, 20], ['XLSX', xlsx, 40]] as const) {
      const casePath = join(dir, `${fmt}.recourse`);
      freshCase(casePath);
      process.stderr.write(`  importing ${fmt} (${(statSync(file).size / 1048576).toFixed(0)} MB)…\n`);
      const r = runChild(casePath, file);
      figures.push({ name: `${fmt} import, ${label} claims`, value: `${r.seconds.toFixed(1)} s`, ...(full ? { target: `≤ ${target} s` } : {}) });
      const main = r.mainCpuSeconds === null ? '' : `, ${r.mainCpuSeconds.toFixed(1)} s on the import's thread`;
      figures.push({ name: `${fmt} import CPU time`, value: `${r.cpuSeconds.toFixed(1)} s all threads${main} (index rebuild ${r.phases.indexes ?? 0} s, commit ${r.phases.commit ?? 0} s of wall time)` });
      figures.push({ name: `${fmt} import rate`, value: `${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s` });
      figures.push({ name: `${fmt} import peak memory`, value: `${r.maxRssMiB.toFixed(0)} MiB`, target: '≤ 1024 MiB' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
