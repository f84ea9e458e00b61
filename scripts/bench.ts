/**
 * npm run bench: every scripts/bench/<area>.ts in its own process; prints each
 * figure with its target and the machine's core count. Optional filter:
 * `npm run bench -- import claims`.
 *
 * It measures the code as the desktop app runs it: src/ and the benches are
 * first compiled to JavaScript (tsc, scripts/bench/tsconfig.json, into
 * dist-bench/), so a worker thread starts from plain modules instead of
 * compiling TypeScript through tsx on its way up (about 0.6 s of CPU per
 * worker). `npm run bench -- --source` runs the TypeScript through tsx instead.
 */
import { readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'scripts/bench/');
const args = process.argv.slice(2);
const fromSource = args.includes('--source');
const only = args.filter((a) => a !== '--source');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-one.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

console.log(`Recourse bench: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
const built = join(root, 'dist-bench/scripts/bench/');
if (!fromSource) {
  process.stderr.write('Compiling src/ and the benches (tsc -p scripts/bench/tsconfig.json)…\n');
  rmSync(join(root, 'dist-bench'), { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('The compile failed; nothing was measured.');
    process.exit(1);
  }
}
const rows: Array<[string, string, string, string]> = [];
let failed = 0;
for (const f of files) {
  const area = f.replace(/\.ts$/, '');
  process.stderr.write(`\n== ${area}\n`);
  const argv = fromSource
    ? ['--import', 'tsx', join(dir, 'run-one.ts'), join(dir, f)]
    : [join(built, 'run-one.js'), join(built, f.replace(/\.ts$/, '.js'))];
  const r = spawnSync(process.execPath, argv, {
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
