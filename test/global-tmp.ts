/**
 * Every test run gets one temporary folder of its own (TMPDIR, which
 * os.tmpdir() reads), removed when the run ends: the tests make cases,
 * files and backups under os.tmpdir(), and left in /tmp they would pile up
 * run after run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'recourse-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
