/**
 * The desktop build compiles main/ with main/tsconfig.json; worker threads load
 * their modules by path (src/jobs/runner.ts taskModule, the PDF pool, the
 * classification helper), which no import reaches. Each must be in the build,
 * or the packaged app's jobs fail to start.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('desktop build', () => {
  it('compiles every module a worker thread loads by path', () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'main/tsconfig.json', '--listFilesOnly'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const listed = new Set(r.stdout.split('\n').map((l) => relative(root, l.trim())));
    const byPath = new Set<string>(['src/jobs/worker-entry.ts']);
    for (const file of sources(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/taskModule\('([^']+)'\)/g)) byPath.add(`src/${m[1]}.ts`);
      for (const m of text.matchAll(/new URL\('\.\/([\w-]+-worker)'/g)) byPath.add(relative(root, join(file, '..', `${m[1]}.ts`)));
    }
    expect(byPath.size).toBeGreaterThan(5);
    for (const p of byPath) expect(listed, p).toContain(p);
  }, 120_000);
});
