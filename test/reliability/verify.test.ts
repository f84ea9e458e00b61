import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Raw from 'better-sqlite3-multiple-ciphers';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { verifyFile } from '../../src/services/verify.js';
import { runCli } from '../../src/cli/main.js';
import { corruptMiddle, makeCase, tmpDir } from './helpers.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, tmpDir('cli-data'));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const failing = (r: Awaited<ReturnType<typeof verifyFile>>) => r.checks.filter((c) => !c.ok).map((c) => c.key);

describe('recourse verify', () => {
  it('passes a healthy case and says which checks it ran', async () => {
    const p = join(tmpDir(), 'ok.recourse');
    makeCase(p, { claims: 20 });
    const r = await verifyFile(p);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.key)).toEqual(['integrity', 'foreign_keys', 'audit_chain', 'runs']);
    const cliR = await cli('verify', p);
    expect(cliR.code).toBe(0);
    expect(cliR.out).toMatch(/^OK: /);
    expect(cliR.out).toMatch(/ ok  {2}Audit log hash chain \(2 entries checked\)/);
  });

  it('names an edited audit entry (exit 1)', async () => {
    const p = join(tmpDir(), 'audit.recourse');
    makeCase(p, { claims: 3 });
    const raw = new Raw(p);
    raw.exec("DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'nothing to see' WHERE id = 2");
    raw.close();
    const r = await verifyFile(p);
    expect(failing(r)).toEqual(['audit_chain']);
    expect(r.checks.find((c) => c.key === 'audit_chain')!.problems).toEqual(['Audit entry 2: content does not match its hash']);
    const cliR = await cli('verify', p);
    expect(cliR.code).toBe(1);
    expect(cliR.out).toMatch(/FAIL {2}Audit log hash chain/);
    expect(cliR.out).toMatch(/Audit entry 2: content does not match its hash/);
    expect(cliR.err).toMatch(/did not verify/);
  });

  it('names a claim whose creditor is missing', async () => {
    const p = join(tmpDir(), 'fk.recourse');
    makeCase(p, { claims: 3 });
    const raw = new Raw(p);
    raw.pragma('foreign_keys = OFF');
    raw.exec('DELETE FROM creditors WHERE id = 2');
    raw.close();
    const r = await verifyFile(p);
    expect(failing(r)).toEqual(['foreign_keys']);
    expect(r.checks.find((c) => c.key === 'foreign_keys')!.problems).toEqual(['claims row 2 points to a missing creditors']);
  });

  it('reports damaged pages, through the API too', async () => {
    const p = join(tmpDir(), 'bad.recourse');
    makeCase(p, { claims: 3000 });
    corruptMiddle(p);
    const s = new Session('cli', tmpDir('data'));
    const r = await dispatch(s, 'case.verify', { path: p });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.ok).toBe(false);
    expect(r.value.checks[0]).toMatchObject({ key: 'integrity', ok: false });
    expect(r.value.checks[0]!.problems.length).toBeGreaterThan(0);
  });

  it('verifies the open case through case.verify', async () => {
    const p = join(tmpDir(), 'open.recourse');
    makeCase(p, { claims: 2 });
    const s = new Session('cli', tmpDir('data'));
    await dispatch(s, 'case.open', { path: p });
    const r = await dispatch(s, 'case.verify', {});
    expect(r.ok && r.value.ok).toBe(true);
    s.close();
  });
});

describe('recourse verify: finalized runs', () => {
  it('recomputes every finalized run and names a stored line that was edited', async () => {
    const { workedCase, opts, DRAFTER, APPROVER } = await import('../runs/fixture.js');
    const { draftRun } = await import('../../src/services/runs-compute.js');
    const { approveRun, finalizeRun } = await import('../../src/services/runs.js');
    const { closeCase } = await import('../../src/services/case.js');
    const c = workedCase();
    const d = await draftRun(c.db, DRAFTER, opts({ release: 0n }));
    approveRun(c.db, APPROVER, d.ref);
    finalizeRun(c.db, APPROVER, d.ref);
    const path = c.path;
    closeCase(c);
    const good = await verifyFile(path);
    expect(good.checks.find((x) => x.key === 'runs')).toMatchObject({ ok: true, label: expect.stringMatching(/1 checked/) });
    const raw = new Raw(path);
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'run_lines'").pluck().all() as string[]) raw.exec(`DROP TRIGGER "${t}"`);
    raw.exec("UPDATE run_lines SET entitled = '99999' WHERE claim_ref = 'G1'");
    raw.close();
    const bad = await verifyFile(path);
    expect(failing(bad)).toEqual(['runs']);
    expect(bad.checks.find((x) => x.key === 'runs')!.problems.join('\n')).toMatch(new RegExp(`${d.ref} does NOT verify[\\s\\S]*G1`));
  });
});
