import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'recourse-cli-data-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const dir = () => mkdtempSync(join(tmpdir(), 'recourse-cli-'));

describe('recourse CLI', () => {
  it('--help lists every command', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['case new', 'case info', 'audit FILE']) expect(r.out).toContain(c);
  });

  it('creates a case, shows it as JSON, and audits the creation by --as', async () => {
    const f = join(dir(), 'x.recourse');
    const made = await cli('case', 'new', f, '--name', 'Example', '--currency', 'EUR', '--petition-date', '2026-01-15', '--bar-date', '2026-06-30', '--interest-rate', '0.09', '--as', 'alice');
    expect(made.code).toBe(0);
    const info = await cli('case', 'info', f, '--json');
    expect(info.code).toBe(0);
    const j = JSON.parse(info.out);
    expect(j).toMatchObject({ name: 'Example', currency: 'EUR', petitionDate: '2026-01-15', barDate: '2026-06-30', interestRate: '0.09', claims: 0 });
    const audit = JSON.parse((await cli('audit', f, '--json')).out);
    expect(audit[0]).toMatchObject({ actor: 'alice', action: 'case.create' });
  });

  it('exits 1 with a one-line message for an error', async () => {
    const r = await cli('case', 'info', '/nowhere/missing.recourse');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/No case file/);
    const bad = await cli('case', 'new', join(dir(), 'y.recourse'), '--name', 'Y', '--petition-date', '2026-02-30');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not a real date/);
  });

  it('exits 2 for usage errors', async () => {
    expect((await cli('case', 'new')).code).toBe(2);
    expect((await cli('case', 'info', 'a', '--bogus')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});
