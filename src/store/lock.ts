/**
 * One writer per case file. A process that opens a case for writing holds
 * `<case>.lock` (created atomically with O_EXCL; it records pid, host, user and
 * time) until it closes the case. Another process is refused with AppError
 * 'case_locked' and `details.lockedBy`, so the UI can offer "Open read-only".
 * A lock left by a process that died (same host, pid no longer alive) is stale
 * and is taken over. The lock belongs to the process: worker threads of the
 * holding process (job tasks) may open their own write connections.
 * SQLite's own file locking stays underneath as the last line of defence.
 */
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { AppError } from '../errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  user: string;
  /** When the lock was taken (ISO time). */
  at: string;
  app: 'recourse';
}

export function lockPath(casePath: string): string {
  return resolve(casePath) + '.lock';
}

/** Locks this thread created, with how many open connections use each. */
const held = new Map<string, { count: number; info: LockInfo }>();

function me(): LockInfo {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no user database entry: keep "unknown" */
  }
  return { pid: process.pid, host: hostname(), user, at: new Date().toISOString(), app: 'recourse' };
}

export function readLock(casePath: string): LockInfo | null | 'unreadable' {
  let raw: string;
  try {
    raw = readFileSync(lockPath(casePath), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') {
      return { pid: v.pid, host: v.host, user: typeof v.user === 'string' ? v.user : 'unknown', at: typeof v.at === 'string' ? v.at : '', app: 'recourse' };
    }
  } catch {
    /* half-written or foreign content */
  }
  return 'unreadable';
}

/** Is a process with this pid alive on this machine? (EPERM: alive, owned by someone else.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function describeHolder(l: LockInfo): string {
  const when = l.at ? ` since ${l.at.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${l.user} (process ${l.pid} on ${l.host})${when}`;
}

function lockedError(casePath: string, l: LockInfo): AppError {
  return new AppError(
    'case_locked',
    `This case is open for writing by ${describeHolder(l)}. Open it read-only, or close it there first. ` +
      `If that program is no longer running, delete ${lockPath(casePath)}.`,
    { lockedBy: l, lockFile: lockPath(casePath), path: resolve(casePath) },
  );
}

/**
 * Take the write lock for this process, or join it when this thread already holds it.
 * Returns a release function (call it once, when the connection closes).
 */
export function acquireWriteLock(casePath: string): () => void {
  const file = lockPath(casePath);
  const mine = held.get(file);
  if (mine) {
    mine.count++;
    return once(() => release(file));
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = me();
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(info));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      held.set(file, { count: 1, info });
      return once(() => release(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
        // The folder is missing or not writable: SQLite will report that (or refuse writes) itself.
        if (code === 'ENOENT') throw new AppError('not_found', `No folder for ${casePath}`);
        return () => undefined;
      }
      if (code !== 'EEXIST') throw err;
    }
    const cur = readLock(casePath);
    if (cur === null) continue; // released between our attempt and the read
    if (cur === 'unreadable') {
      // Being written this instant, or garbage: wait a little, then treat as stale.
      if (attempt < 20) {
        sleepMs(10);
        continue;
      }
      removeIfSame(file, null);
      continue;
    }
    if (cur.host === hostname() && cur.pid === process.pid) {
      // Held by this process (another thread, e.g. the session while a job task runs): share it.
      return () => undefined;
    }
    if (cur.host === hostname() && !pidAlive(cur.pid)) {
      removeIfSame(file, cur);
      continue;
    }
    throw lockedError(casePath, cur);
  }
  throw new AppError('case_locked', `Could not take the lock ${file}; another program keeps changing it. Try again.`);
}

/** Is the case open for writing by another process? Returns its lock, or null. */
export function lockedByOther(casePath: string): LockInfo | null {
  const cur = readLock(casePath);
  if (cur === null || cur === 'unreadable') return null;
  if (cur.host === hostname() && (cur.pid === process.pid || !pidAlive(cur.pid))) return null;
  return cur;
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function removeIfSame(file: string, expected: LockInfo | null): void {
  // Re-read just before removing, so a lock taken by someone else meanwhile is left alone.
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const v = parseLock(raw);
  if (expected) {
    if (!v || v.pid !== expected.pid || v.host !== expected.host || v.at !== expected.at) return;
  } else if (v && typeof v.pid === 'number') {
    return; // it became a proper lock meanwhile
  }
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

function parseLock(raw: string): Partial<LockInfo> | null {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' ? (v as Partial<LockInfo>) : null;
  } catch {
    return null;
  }
}

function release(file: string): void {
  const h = held.get(file);
  if (!h) return;
  if (--h.count > 0) return;
  held.delete(file);
  removeIfSame(file, h.info);
}

/** Drop every lock this thread holds (process exit). */
export function releaseAllLocks(): void {
  for (const [file, h] of held) {
    held.delete(file);
    removeIfSame(file, h.info);
  }
}

process.once('exit', releaseAllLocks);
