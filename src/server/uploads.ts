/**
 * Files the browser uploads for an import (browser mode has no file path to
 * hand over): kept in <data dir>/uploads while this server runs, removed when
 * it closes, and any left behind by a server that did not close cleanly are
 * swept at the next start once they are a day old.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';

/** Uploads older than this are removed at start (another server may be running and using newer ones). */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

export class Uploads {
  private readonly mine = new Set<string>();

  constructor(readonly dir: string) {}

  /** A new destination for an uploaded file, named after the browser's file name (sanitised). */
  destination(name: string | null): string {
    mkdirSync(this.dir, { recursive: true });
    const safe = basename(name ?? 'upload.csv').replace(/[^\w.\- ]/g, '_').slice(0, 100);
    const dest = join(this.dir, `${Date.now()}-${randomBytes(4).toString('hex')}-${safe}`);
    this.mine.add(dest);
    return dest;
  }

  /** Remove uploads older than maxAgeMs (left by a server that was killed); returns how many went. */
  sweep(maxAgeMs = STALE_UPLOAD_MS, now = Date.now()): number {
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const n of names) {
      const p = join(this.dir, n);
      try {
        const st = statSync(p);
        if (st.isFile() && now - st.mtimeMs > maxAgeMs) {
          rmSync(p, { force: true });
          removed++;
        }
      } catch {
        // gone meanwhile, or unreadable: leave it
      }
    }
    return removed;
  }

  /** Remove every file this server received. */
  removeMine(): void {
    for (const p of this.mine) rmSync(p, { force: true });
    this.mine.clear();
  }
}
