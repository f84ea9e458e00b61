/**
 * npm run bench: every scripts/bench/<area>.ts in its own process; prints each
 * figure with its target and the machine's core count. Optional filter:
 * `npm run bench -- import claims`.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-one.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

console.log(`Recourse bench: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const rows: Array<[string, string, string, string]> = [];
let failed = 0;
for (const f of files) {
  const area = f.replace(/\.ts$/, '');
  process.stderr.write(`\n== ${area}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'run-one.ts'), join(dir, f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@FIGURES@@'));
  if (r.status !== 0 || !line) {
    failed++;
    rows.push([area, 'FAILED', `exit ${r.status}`, '']);
    continue;
  }
  for (const fig of JSON.parse(line.slice('@@FIGURES@@'.length)) as Array<{ name: string; value: string; target?: string }>) {
    rows.push([area, fig.name, fig.value, fig.target ?? '']);
  }
}
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['area', 'figure', 'value', 'target'][i]!.length));
const fmt = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ');
console.log('\n' + fmt(['area', 'figure', 'value', 'target']));
console.log(w.map((n) => '-'.repeat(n)).join('  '));
for (const r of rows) console.log(fmt(r));
console.log(`\n(${cpus().length} cores)`);
process.exitCode = failed ? 1 : 0;
