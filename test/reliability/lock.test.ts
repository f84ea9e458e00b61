import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { openWrite } from '../../src/store/db.js';
import { lockPath } from '../../src/store/lock.js';
import { openCase, closeCase } from '../../src/services/case.js';
import { AppError } from '../../src/errors.js';
import { exited, holdOpen, makeCase, tmpDir } from './helpers.js';

const writeTask = fileURLToPath(new URL('./fixtures/write-task.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL');
    await exited(c);
  }
});

function lockError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected case_locked');
}

describe('one writer per case', () => {
  it('holds <case>.lock with pid and host while open, and removes it on close', () => {
    const p = join(tmpDir(), 'a.recourse');
    makeCase(p);
    expect(existsSync(lockPath(p))).toBe(false);
    const c = openCase(p);
    const info = JSON.parse(readFileSync(lockPath(p), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, app: 'recourse' });
    expect(typeof info.host).toBe('string');
    closeCase(c);
    expect(existsSync(lockPath(p))).toBe(false);
  });

  it('tells a second process the case is open elsewhere, offers read-only, and never lets it write', async () => {
    const p = join(tmpDir(), 'b.recourse');
    makeCase(p);
    const { child, pid } = await holdOpen(p);
    children.push(child);

    const err = lockError(() => openCase(p));
    expect(err.code).toBe('case_locked');
    expect(err.message).toMatch(/open for writing by .*process \d+/);
    expect((err.details as { lockedBy: { pid: number } }).lockedBy.pid).toBe(pid);
    expect(() => openWrite(p)).toThrow(/open for writing by/);

    const s = new Session('cli', tmpDir('data'));
    const refused = await dispatch(s, 'case.open', { path: p });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'case_locked', details: { lockedBy: { pid } } });
    const ro = await dispatch(s, 'case.open', { path: p, readOnly: true });
    expect(ro.ok && ro.value.readOnly).toBe(true);
    const write = await dispatch(s, 'app.setUser', { name: 'x' }); // not a case write: allowed
    expect(write.ok).toBe(true);
    const restore = await dispatch(s, 'backup.restore', { backup: '20260101T000000000Z-manual.recourse' });
    expect(!restore.ok && restore.error.code).toBe('forbidden');
    // A direct write through the session's connection is refused by SQLite and reported as forbidden.
    const c = s.requireCase();
    expect(() => c.db.exec("INSERT INTO case_meta (key, value) VALUES ('k', 'v')")).toThrow(/readonly/);
    s.close();
  });

  it('maps a write on a read-only case to a clear "forbidden" error through the API', async () => {
    const p = join(tmpDir(), 'c.recourse');
    makeCase(p);
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p, readOnly: true })).ok).toBe(true);
    const r = await dispatch(s, 'backup.restore', { backup: '20260101T000000000Z-manual.recourse' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/read-only/) });
    const { toErrorBody } = await import('../../src/errors.js');
    let thrown: unknown;
    try {
      s.requireCase().db.exec("INSERT INTO case_meta (key, value) VALUES ('k', 'v')");
    } catch (e) {
      thrown = e;
    }
    expect(toErrorBody(thrown)).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/open read-only/) });
    s.close();
  });

  it('takes over a lock left by a process that was killed', async () => {
    const p = join(tmpDir(), 'd.recourse');
    makeCase(p);
    const { child, pid } = await holdOpen(p);
    child.kill('SIGKILL');
    await exited(child);
    expect(JSON.parse(readFileSync(lockPath(p), 'utf8')).pid).toBe(pid); // still there: the process could not clean up
    const c = openCase(p);
    expect(JSON.parse(readFileSync(lockPath(p), 'utf8')).pid).toBe(process.pid);
    closeCase(c);
  });

  it('respects a lock from another machine (its process cannot be checked) and takes over a garbled one', () => {
    const p = join(tmpDir(), 'e.recourse');
    makeCase(p);
    writeFileSync(lockPath(p), JSON.stringify({ pid: 4242, host: 'other-machine.example', user: 'ann', at: '2026-01-01T10:00:00.000Z', app: 'recourse' }));
    const err = lockError(() => openCase(p));
    expect(err.message).toMatch(/ann \(process 4242 on other-machine\.example\)/);
    writeFileSync(lockPath(p), 'not json');
    const c = openCase(p);
    closeCase(c);
    expect(existsSync(lockPath(p))).toBe(false);
  });

  it("lets the lock-holding process's job workers write, with their own connection", async () => {
    const p = join(tmpDir(), 'f.recourse');
    makeCase(p);
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
    const job = s.jobs.start('test', writeTask, 'writeAudit', { casePath: p });
    const end = await s.jobs.wait(job.id);
    expect(end.error).toBeNull();
    expect(end.result).toBe(2);
    expect(existsSync(lockPath(p))).toBe(true); // still the session's
    s.close();
    expect(existsSync(lockPath(p))).toBe(false);
  });

  it('job workers of a read-only session cannot write either', async () => {
    const p = join(tmpDir(), 'g.recourse');
    makeCase(p);
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p, readOnly: true })).ok).toBe(true);
    const end = await s.jobs.wait(s.jobs.start('test', writeTask, 'writeAudit', { casePath: p }).id);
    expect(end.state).toBe('failed');
    expect(end.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/read-only/) });
    s.close();
  });
});
