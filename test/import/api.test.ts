import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { runCli } from '../../src/cli/main.js';
import type { ImportPreview, ImportReport } from '../../src/api/contract/import.js';
import { CLAIMS_HEADER, file, tmp } from './helpers.js';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));

async function call<T = unknown>(s: Session, name: string, args: unknown): Promise<T> {
  const r = await dispatch(s, name, args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

async function newSessionCase(): Promise<{ s: Session; path: string }> {
  const s = new Session('cli', tmp());
  const path = join(tmp(), 'case.recourse');
  await call(s, 'case.create', { path, name: 'API test', currency: 'USD', petitionDate: '2025-11-14', barDate: '2026-03-31' });
  await call<{ id: string }>(s, 'import.start', { path: SAMPLES + 'prices.csv', kind: 'prices' }).then((j) => s.jobs.wait(j.id));
  return { s, path };
}

describe('import through the API (worker job)', () => {
  it('previews, dry-runs without writing, then imports as a job whose result is the report', async () => {
    const { s } = await newSessionCase();
    const p = await call<ImportPreview>(s, 'import.preview', { path: SAMPLES + 'claims.csv', kind: 'claims' });
    expect(p).toMatchObject({ encoding: 'UTF-8', missing: [], mappingProblem: null });
    const dry = (await s.jobs.wait(((await call(s, 'import.start', { path: SAMPLES + 'claims.csv', kind: 'claims', dryRun: true })) as { id: string }).id));
    expect(dry.state).toBe('done');
    expect(dry.result).toMatchObject({ ok: true, dryRun: true, committed: false, new: 12 });
    expect(((await call(s, 'dashboard.summary', {})) as { claims: number }).claims).toBe(0);
    const job = (await call(s, 'import.start', { path: SAMPLES + 'claims.csv', kind: 'claims', saveMappingAs: 'Sample', mapping: p.mapping })) as { id: string; kind: string };
    expect(job.kind).toBe('import');
    const end = await s.jobs.wait(job.id);
    expect(end.result).toMatchObject({ ok: true, committed: true, new: 12 });
    expect(((await call(s, 'dashboard.summary', {})) as { claims: number }).claims).toBe(12);
    expect(await call(s, 'import.mappings', { kind: 'claims' })).toEqual([{ name: 'Sample', kind: 'claims', mapping: p.mapping }]);
    s.close();
  });

  it('cancels an import: the job ends cancelled and nothing is written', async () => {
    const { s } = await newSessionCase();
    const rows = [CLAIMS_HEADER];
    for (let i = 1; i <= 20000; i++) rows.push(`C-${i},CR-${i},Creditor ${i},USD,${i},filed,2026-01-10`);
    const job = (await call(s, 'import.start', { path: file('big.csv', rows.join('\n')), kind: 'claims' })) as { id: string };
    await call(s, 'jobs.cancel', { id: job.id });
    const end = await s.jobs.wait(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.label).toMatch(/nothing was written/);
    expect(((await call(s, 'dashboard.summary', {})) as { claims: number; creditors: number })).toMatchObject({ claims: 0, creditors: 0 });
    s.close();
  });

  it('refuses a missing file before starting a job', async () => {
    const { s } = await newSessionCase();
    const r = await dispatch(s, 'import.start', { path: '/nowhere/x.csv', kind: 'claims' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/No file at \/nowhere\/x\.csv/);
    s.close();
  });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, tmp());
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recourse import (CLI)', () => {
  it('imports, prints the counts, and says nothing changed the second time', async () => {
    const { path, s } = await newSessionCase();
    s.close();
    const first = await cli('import', path, SAMPLES + 'claims.csv', '--kind', 'claims');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Imported 12 rows: 12 new, 0 updated, 0 unchanged/);
    expect(first.out).toMatch(/creditors\s+8 new/);
    const again = await cli('import', path, SAMPLES + 'claims.csv', '--kind', 'claims', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ ok: true, new: 0, unchanged: 12 });
  });

  it('exits 1 on a rejected file, lists the first errors on stderr, and writes the full report with --report', async () => {
    const { path, s } = await newSessionCase();
    s.close();
    const report = join(tmp(), 'report.csv');
    const r = await cli('import', path, SAMPLES + 'claims-with-errors.csv', '--kind', 'claims', '--report', report);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/row 2, amount: "15,250" is ambiguous/);
    expect(r.err).toMatch(/recourse: Rejected: \d+ problems on \d+ rows/);
    const csv = readFileSync(report, 'utf8').split('\r\n');
    expect(csv[0]).toBe('row,column,message');
    expect(csv).toContain('6,ref,Duplicate reference: POC-0004 is also on row 5');
    const j = await cli('import', path, SAMPLES + 'claims-with-errors.csv', '--kind', 'claims', '--json');
    expect(j.code).toBe(1);
    expect((JSON.parse(j.out) as ImportReport).errors.length).toBeGreaterThan(10);
  });

  it('checks without writing with --dry-run, and needs --kind', async () => {
    const { path, s } = await newSessionCase();
    s.close();
    const r = await cli('import', path, SAMPLES + 'claims.csv', '--kind', 'claims', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Nothing was written \(dry run\)/);
    expect((await cli('case', 'info', path, '--json')).out).toMatch(/"claims": 0/);
    expect((await cli('import', path, SAMPLES + 'claims.csv')).code).toBe(2);
  });
});
