import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { setPragmas } from '../../src/store/util.js';
import type { WriteDb } from '../../src/store/db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('setPragmas', () => {
  it('sets connection settings for a while and puts back what they were, even when the work fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recourse-pragmas-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'x.db')) as unknown as WriteDb;
    db.pragma('cache_size = -3000');
    const before = Number(db.pragma('threads', { simple: true }));
    const restore = setPragmas(db, [
      ['cache_size', -9000],
      ['threads', before + 2],
    ]);
    expect(Number(db.pragma('cache_size', { simple: true }))).toBe(-9000);
    expect(Number(db.pragma('threads', { simple: true }))).toBe(before + 2);
    await expect(
      (async () => {
        try {
          await Promise.reject(new Error('work failed'));
        } finally {
          restore();
        }
      })(),
    ).rejects.toThrow('work failed');
    expect(Number(db.pragma('cache_size', { simple: true }))).toBe(-3000);
    expect(Number(db.pragma('threads', { simple: true }))).toBe(before);
    db.close();
  });
});
