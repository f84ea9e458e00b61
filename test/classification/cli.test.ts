import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { closeCase } from '../../src/services/case.js';
import { makeCase } from './fixture.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'recourse-cls-cli-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A case file with the test ladder and a few claims, closed so the CLI can open it. */
function caseFile(): string {
  const c = makeCase([
    { ref: 'E1', cents: 2_000_000n, type: 'employee', classCode: 'GUC' },
    { ref: 'G1', cents: 7_500_000n, type: 'entity', classCode: 'CUST' },
    { ref: 'S1', cents: 40_000n },
  ]);
  const p = c.path;
  closeCase(c);
  return p;
}

describe('recourse classes / rules / classify / review', () => {
  it('loads a template, lists the ladder, and refuses an unknown template as a usage error', async () => {
    const f = caseFile();
    const t = await cli('classes', 'template', f, 'us-chapter11', '--as', 'ana');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^Loaded us-chapter11: version 2 \(Template loaded: US chapter 11\)/);
    expect(t.err).toContain('warning: Kept class CUST (Customer entitlement): 1 claim still in it; reclassify them, then remove it');
    const l = await cli('classes', 'list', f, '--json');
    expect(JSON.parse(l.out).classes.map((c: { code: string }) => c.code)).toEqual(['ADMIN', 'SEC', 'PRIO_WAGE', 'PRIO_TAX', 'CUST', 'CONV', 'GUC', 'SUB', 'EQ']);
    const text = await cli('classes', 'list', f);
    expect(text.out).toContain('3  PRIO_WAGE    Priority wages (capped)  [up to 17150.00, rest → GUC]  (0 claims)');
    expect((await cli('classes', 'template', f, 'mars-law')).code).toBe(2);
  });

  it('imports a ladder CSV whole or not at all, listing each bad row and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recourse-cls-csv-'));
    const f = caseFile();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'code,name,rank,cap\nGUC,General,x,\nSUB,Sub,2,1.234\n');
    const r = await cli('classes', 'import', f, bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 2, column rank: "x" is not a rank');
    expect(r.err).toContain('row 3, column cap: SUB cap: "1.234" has 3 decimals');
  });

  it('adds rules, previews and applies them as a job, then a second person reviews', async () => {
    const f = caseFile();
    expect((await cli('rules', 'add', f, '--class', 'PRIO', '--creditor-type', 'employee', '--name', 'Employees', '--as', 'ana')).out).toMatch(/Added the rule: version 2/);
    expect((await cli('rules', 'add', f, '--class', 'CONV', '--max', '1000.00', '--as', 'ana')).code).toBe(0);
    const list = await cli('rules', 'list', f);
    expect(list.out).toContain('1. #1 Employees (creditor employee) → PRIO');
    expect(list.out).toContain('2. #2 Value ≤ 1,000.00 → CONV');

    const preview = await cli('classify', f, '--json');
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.out)).toMatchObject({ applied: false, moved: 2, movedValue: '20400.00' });
    const applied = await cli('classify', f, '--apply', '--as', 'ana');
    expect(applied.out).toMatch(/^Applied: 3 live claims; 2 moved class \(20400.00 USD\)/);

    const own = await cli('review', f, 'E1', '--approve', '--as', 'ana');
    expect(own.code).toBe(1);
    expect(own.err).toMatch(/You ran rule 1 \(Employees\), which proposed this classification/);
    expect((await cli('review', f, 'E1', '--approve', '--as', 'lee')).out).toMatch(/^E1: PRIO approved, proposed by rule 1 \(Employees\) \(run by ana\)/);
    expect((await cli('review', f, 'G1', '--override', 'SUB', '--as', 'lee')).code).toBe(2);
    const ov = await cli('review', f, 'G1', '--override', 'SUB', '--reason', 'Insider lender', '--citation', '11 U.S.C. § 510(c)', '--as', 'lee');
    expect(ov.out).toContain('SUB overridden');
    expect(ov.out).toContain('citation: 11 U.S.C. § 510(c)');

    const all = await cli('review', f, '--approve-all', '--as', 'ana');
    expect(all.out).toBe('Approved 0 proposals (0.00 USD) as ana; 1 of your own proposals are left for someone else');
    expect((await cli('review', f, '--approve-all', '--as', 'lee')).out).toMatch(/^Approved 1 proposals \(400.00 USD\)/);
    expect(JSON.parse((await cli('review', f, '--json')).out)).toMatchObject({ total: 0 });
    const hist = await cli('review', f, 'G1', '--history');
    expect(hist.out).toMatch(/\* SUB overridden/);
  });

  it('diffs versions, removes a rule, and signs off only as someone other than the author', async () => {
    const f = caseFile();
    await cli('rules', 'add', f, '--class', 'SUB', '--creditor-type', 'entity', '--as', 'ana');
    const d = await cli('classes', 'diff', f, '1', '2', '--json');
    expect(JSON.parse(d.out)).toMatchObject({ moved: 1, movedValue: '75000.00', moves: [{ from: 'CUST', to: 'SUB', count: 1 }] });
    expect((await cli('classes', 'signoff', f, '--as', 'ana')).err).toMatch(/You made version 2; another person must sign it off/);
    expect((await cli('classes', 'signoff', f, '--as', 'lee')).out).toBe('Version 2 signed off by lee');
    expect((await cli('rules', 'remove', f, '#1', '--as', 'ana')).out).toMatch(/Removed the rule: version 3/);
    const vs = JSON.parse((await cli('classes', 'versions', f, '--json')).out);
    expect(vs.map((v: { id: number; signedOffBy: string | null }) => [v.id, v.signedOffBy])).toEqual([
      [3, null],
      [2, 'lee'],
      [1, null],
    ]);
    expect((await cli('rules', 'remove', f, '99')).err).toMatch(/There is no rule 99/);
    expect((await cli('classes', 'diff', f, '1', 'x')).code).toBe(2);
  });
});
