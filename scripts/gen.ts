/** npm run gen -- --claims N --out FILE [--seed S]: a realistic synthetic case for benchmarks and trials. */
import { rmSync } from 'node:fs';
import { generateCase } from '../src/gen/synthetic.js';

const args = process.argv.slice(2);
const opt = (n: string) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const claims = opt('claims');
const out = opt('out');
if (!claims || !/^\d+$/.test(claims) || !out) {
  console.error('Usage: npm run gen -- --claims N --out FILE [--seed S] [--force]');
  process.exit(2);
}
if (args.includes('--force')) for (const ext of ['', '-wal', '-shm']) rmSync(out + ext, { force: true });
const t0 = performance.now();
let last = 0;
const r = generateCase({
  path: out,
  claims: Number.parseInt(claims, 10),
  seed: opt('seed') ? Number.parseInt(opt('seed')!, 10) : 1,
  onProgress: (done, total) => {
    if (done - last >= 100_000 || done === total) {
      last = done;
      process.stderr.write(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} claims\n`);
    }
  },
});
console.log(`Wrote ${out}: ${r.creditors} creditors, ${r.claims} claims in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
