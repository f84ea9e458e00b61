/**
 * Crash harness: run a child process that writes to a case, kill it with
 * SIGKILL at a random moment, and check the file: it opens, integrity_check
 * and foreign_key_check pass, the audit chain verifies, every change the child
 * reported as committed ("COMMITTED <token>" on stdout, printed synchronously
 * after the commit returned) is there, and no part of an uncommitted one is.
 *
 * A scenario is a child script plus its checks (scripts/crash-harness/scenarios.ts).
 * The child is bundled once with esbuild so each kill point costs one quick
 * process start. Deterministic for a seed (the delays; not the OS scheduling).
 *
 *   npx tsx scripts/crash-harness.ts [--points N] [--seed S] [--scenario NAME]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface PointReport {
  point: number;
  /** Tokens the child reported committed during this point, in order. */
  committed: string[];
  /** Other lines of the child (e.g. BACKUP <name>). */
  lines: string[];
  /** Milliseconds after READY when the kill was sent. */
  delayMs: number;
  /** The child ended by itself before the kill (a failure unless the scenario allows it). */
  exitedEarly: boolean;
  stderr: string;
}

export interface Scenario<C> {
  name: string;
  /** The child script, relative to the repository root. */
  child: string;
  /** Prepare the case (once per scenario). */
  setup: (dir: string) => C | Promise<C>;
  /** Reset per kill point, if the scenario needs a fresh file each time. */
  beforePoint?: (ctx: C, point: number) => void | Promise<void>;
  args: (ctx: C, point: number) => string[];
  env?: (ctx: C) => Record<string, string>;
  /** Kill at a uniformly random time in [0, maxDelayMs] after the child said READY. */
  maxDelayMs: number;
  /** Throws when the file is not as it must be. All tokens so far (every point) are in `all`. */
  check: (ctx: C, r: PointReport, all: string[]) => void | Promise<void>;
}

export interface ScenarioResult {
  name: string;
  points: number;
  commits: number;
  /** Points where the child had committed something and was then killed mid-way. */
  midWork: number;
  failures: Array<{ point: number; error: string }>;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bundle a child script into node_modules/.cache (so its bare imports resolve) and return the bundle's path. */
export async function bundleChild(rel: string): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = join(ROOT, 'node_modules', '.cache', 'recourse-crash');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${rel.replace(/[^\w]+/g, '_')}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, rel)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    external: ['better-sqlite3-multiple-ciphers', 'better-sqlite3', 'exceljs', 'tsx'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return out;
}

interface ChildRun {
  committed: string[];
  lines: string[];
  exitedEarly: boolean;
  stderr: string;
}

function runChild(bundle: string, args: string[], env: Record<string, string>, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const r: ChildRun = { committed: [], lines: [], exitedEarly: false, stderr: '' };
    let buf = '';
    let timer: NodeJS.Timeout | null = null;
    let killed = false;
    const onLine = (line: string) => {
      if (line === 'READY') {
        timer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, delayMs);
      } else if (line.startsWith('COMMITTED ')) r.committed.push(line.slice(10));
      else if (line) r.lines.push(line);
    };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      if (timer) clearTimeout(timer);
      if (buf) onLine(buf);
      r.exitedEarly = !killed;
      resolve(r);
    });
  });
}

export async function runScenario<C>(
  s: Scenario<C>,
  opts: { points: number; seed?: number; dir?: string; log?: (line: string) => void },
): Promise<ScenarioResult> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `recourse-h-reliab-crash-${s.name}-`));
  const bundle = await bundleChild(s.child);
  const next = rng(opts.seed ?? 20260115);
  const result: ScenarioResult = { name: s.name, points: 0, commits: 0, midWork: 0, failures: [] };
  const all: string[] = [];
  try {
    const ctx = await s.setup(dir);
    for (let point = 1; point <= opts.points; point++) {
      await s.beforePoint?.(ctx, point);
      const delayMs = Math.floor(next() * s.maxDelayMs);
      const run = await runChild(bundle, s.args(ctx, point), s.env?.(ctx) ?? {}, delayMs);
      all.push(...run.committed);
      result.points++;
      result.commits += run.committed.length;
      if (run.committed.length > 0 && !run.exitedEarly) result.midWork++;
      const report: PointReport = { point, delayMs, ...run };
      try {
        if (run.exitedEarly) throw new Error(`the child ended before the kill: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        await s.check(ctx, report, all);
      } catch (err) {
        result.failures.push({ point, error: (err as Error).message });
        opts.log?.(`  ${s.name} point ${point} (kill after ${delayMs} ms): FAILED ${(err as Error).message}`);
      }
    }
  } finally {
    rmSync(bundle, { force: true });
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
  opts.log?.(`${s.name}: ${result.points} kill points, ${result.commits} commits seen, ${result.midWork} killed mid-work, ${result.failures.length} failures`);
  return result;
}

/** Split a total number of kill points across scenarios by weight (each gets at least one). */
export function share(total: number, weights: Record<string, number>): Record<string, number> {
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  for (const [k, w] of Object.entries(weights)) out[k] = Math.max(1, Math.round((total * w) / sum));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const opt = (n: string) => {
    const i = argv.indexOf(`--${n}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const { SCENARIOS, WEIGHTS } = await import('./crash-harness/scenarios.js');
  const total = Number(opt('points') ?? process.env.RECOURSE_CRASH_POINTS ?? '200');
  const only = opt('scenario');
  const points = share(total, only ? { [only]: 1 } : WEIGHTS);
  let failed = 0;
  for (const sc of SCENARIOS.filter((x) => !only || x.name === only)) {
    const r = await runScenario(sc as Scenario<unknown>, { points: points[sc.name] ?? 1, seed: Number(opt('seed') ?? '20260115'), log: (l) => console.log(l) });
    failed += r.failures.length;
  }
  process.exitCode = failed ? 1 : 0;
}
