/** Drafting through the API: a job in a worker thread, with progress and cancel. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import type { ApiName, ArgsIn, ResultOf } from '../../src/api/contract/index.js';
import { closeCase } from '../../src/services/case.js';
import { workedCase } from './fixture.js';

let s: Session | null = null;
afterEach(() => {
  s?.close();
  s = null;
});

async function call<K extends ApiName>(session: Session, name: K, args: ArgsIn<K>): Promise<ResultOf<K>> {
  const r = await dispatch(session, name, args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ResultOf<K>;
}

/** A session as `user` with the worked example's case open. */
async function session(user: string): Promise<Session> {
  const c = workedCase();
  const path = c.path;
  closeCase(c);
  s = new Session('cli', mkdtempSync(join(tmpdir(), 'h-runs-data-')), user);
  await call(s, 'case.open', { path });
  return s;
}

describe('runs.draft as a job', () => {
  it('computes in a worker and reports the draft; the run appears in the history', async () => {
    const ses = await session('alice');
    const job = await call(ses, 'runs.draft', { release: '1000', date: '2026-03-01' });
    expect(job.state).toBe('running');
    const end = await ses.jobs.wait(job.id);
    expect(end.state).toBe('done');
    expect(end.result).toMatchObject({ ref: 'R-001', state: 'draft', claims: 5, paidThisRun: '880.00' });
    const list = await call(ses, 'runs.list', {});
    expect(list.map((r) => [r.ref, r.state, r.paidThisRun, r.draftedBy])).toEqual([['R-001', 'draft', '880.00', 'alice']]);
    const pool = await call(ses, 'runs.pool', {});
    expect(pool).toMatchObject({ currency: 'USD', drafts: 1, released: '0.00', lastFinalized: null });
  });

  it('a cancelled compute leaves nothing behind: no run, no lines, no input, no audit entry', async () => {
    const ses = await session('alice');
    const job = await call(ses, 'runs.draft', { release: '1000', date: '2026-03-01' });
    ses.jobs.cancel(job.id);
    const end = await ses.jobs.wait(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.label).toMatch(/nothing was written/);
    const db = ses.requireCase().read;
    for (const t of ['runs', 'run_lines', 'run_inputs']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0n);
    expect(db.prepare("SELECT count(*) FROM audit WHERE action LIKE 'run.%'").pluck().get()).toBe(0n);
  });

  it('refuses a draft without a release, and explains a bad amount', async () => {
    const ses = await session('alice');
    await expect(call(ses, 'runs.draft', {})).rejects.toThrow(/Give the amount this run releases \(0 for a run that only redistributes/);
    await expect(call(ses, 'runs.draft', { release: '10.001' })).rejects.toThrow(/Release: .*at most 2 decimals/);
    await expect(call(ses, 'runs.draft', { release: '-5' })).rejects.toThrow(/Release: /);
    await expect(call(ses, 'runs.draft', { release: '5', all: true })).rejects.toThrow(/either a release amount or "all available"/);
  });
});
