import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { addRule, removeRule } from '../../src/services/classify-rules.js';
import { classify } from '../../src/services/classify.js';
import { diffVersions, signOff, versions } from '../../src/services/classes-versions.js';
import { listTemplates, loadTemplate } from '../../src/services/classes-template.js';
import { importClasses } from '../../src/services/classes-csv.js';
import { getLadder, saveLadder } from '../../src/services/classes.js';
import { AppError } from '../../src/errors.js';
import { LADDER, makeCase, closeCase, tempPath, type ClaimSpec } from './fixture.js';
import type { OpenCase } from '../../src/services/case.js';

const CLAIMS: ClaimSpec[] = [
  { ref: 'E1', cents: 2_000_000n, type: 'employee', classCode: 'GUC' },
  { ref: 'E2', cents: 300_000n, type: 'employee', classCode: 'CUST' },
  { ref: 'G1', cents: 7_500_000n, type: 'entity', classCode: 'CUST' },
];

describe('ladder versions', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));

  it('makes a version for every change of the ladder or the rules, with its author', () => {
    c = makeCase(CLAIMS);
    addRule(c.db, 'ana', { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } });
    saveLadder(c.db, 'ben', LADDER.map((k) => (k.code === 'SUB' ? { ...k, name: 'Subordinated claims' } : k)));
    const vs = versions(c.read);
    expect(vs.map((v) => [v.id, v.author, v.rules, v.current])).toEqual([
      [3, 'ben', 1, true],
      [2, 'ana', 1, false],
      [1, 'setup', 0, false],
    ]);
    expect(vs[1]!.summary).toBe('Rules edited: added rule "Employees" → PRIO');
  });

  it('shows which claims move class between two versions and how much value moves', async () => {
    c = makeCase(CLAIMS);
    addRule(c.db, 'ana', { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } });
    addRule(c.db, 'ana', { name: 'Big entities', classCode: 'GUC', when: { creditorTypes: ['entity'], minValue: '50000' } });
    await classify(c.db, 'ana', { apply: true });
    const d = diffVersions(c.read, 1, 3);
    expect(d.rules).toEqual({ added: ['Employees', 'Big entities'], removed: [], changed: [], reordered: false });
    expect(d).toMatchObject({ moved: 3, movedValue: '98000.00' });
    expect(d.moves).toEqual([
      { from: 'CUST', to: 'GUC', count: 1, value: '75000.00' },
      { from: 'GUC', to: 'PRIO', count: 1, value: '20000.00' },
      { from: 'CUST', to: 'PRIO', count: 1, value: '3000.00' },
    ]);
    expect(d.claims.map((x) => x.ref)).toEqual(['G1', 'E1', 'E2']);
    // the same comparison after a rule is removed: version 4 sends entities back to their imported class
    removeRule(c.db, 'ana', 2);
    expect(diffVersions(c.read, 3, 4).moves).toEqual([{ from: 'GUC', to: 'CUST', count: 1, value: '75000.00' }]);
    expect(diffVersions(c.read, 3, 4).rules.removed).toEqual(['Big entities']);
  });

  it('lists class changes between versions field by field', () => {
    c = makeCase([]);
    saveLadder(c.db, 'ana', [...LADDER.map((k) => (k.code === 'CONV' ? { ...k, pct: '0.4' } : k)), { code: 'INTERCO', name: 'Intercompany', rank: 6 }]);
    const d = diffVersions(c.read, 1, 2);
    expect(d.classes).toEqual({ added: ['INTERCO'], removed: [], changed: [{ code: 'CONV', changes: [{ field: 'pct', from: '0.5', to: '0.4' }] }] });
  });

  it('is signed off once, by someone other than its author, and only while current', () => {
    c = makeCase([]);
    expect(() => signOff(c.db, 'setup')).toThrow('You made version 1; another person must sign it off');
    expect(signOff(c.db, 'lee')).toMatchObject({ id: 1, signedOffBy: 'lee' });
    expect(() => signOff(c.db, 'kim')).toThrow(/already signed off by lee/);
    addRule(c.db, 'ana', { classCode: 'GUC', when: {} });
    expect(() => signOff(c.db, 'lee', 1)).toThrow('Version 1 is no longer current (version 2 is); sign off the current version');
    expect(versions(c.read)[0]).toMatchObject({ id: 2, signedOffBy: null });
    const audit = c.db.prepare("SELECT actor FROM audit WHERE action = 'classes.signoff'").pluck().all();
    expect(audit).toEqual(['lee']);
  });

  it('has nothing to sign off before a ladder exists', () => {
    c = makeCase([], { ladder: false });
    expect(() => signOff(c.db, 'lee')).toThrow(/no class ladder to sign off yet/);
  });
});

describe('templates', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));

  it('ship three ladders as data, each with a legal note and its sources', () => {
    const t = listTemplates();
    expect(t.map((x) => x.id)).toEqual(['us-chapter11', 'uk-administration', 'crypto-venue']);
    const cites = t.flatMap((x) => x.sources.map((s) => s.cite)).join(' | ');
    for (const s of ['§ 503(b)', '§ 506', '507(a)(4)', '507(a)(8)', '§ 510', '§ 1122', '§ 1129(b)', 's. 175', 's. 176A', 's. 176ZA', 's. 176AZA', 'Sch. 6', 'para 99', 'para 65', 'Enterprise Act 2002', '§ 541', '§ 766', 'FTX', 'Celsius']) {
      expect(cites).toContain(s);
    }
    for (const x of t) expect(x.note).toMatch(/not legal advice/);
    expect(t[1]!.classes.map((k) => k.code)).toEqual(['FIXED', 'EXP', 'PREF_ORD', 'PREF_SEC', 'PP', 'FLOAT', 'UNSEC', 'SH']);
  });

  it('load as a new version, replacing the ladder and the rules', () => {
    c = makeCase([], { ladder: false });
    const r = loadTemplate(c.db, 'ana', 'us-chapter11');
    expect(r).toMatchObject({ changed: true, warnings: [], version: { id: 1, summary: 'Template loaded: US chapter 11' } });
    const l = getLadder(c.read);
    expect(l.classes.find((k) => k.code === 'PRIO_WAGE')).toMatchObject({ portionCap: '17150.00', overflowClass: 'GUC', rank: 3 });
    expect(l.rules.map((x) => x.classCode)).toEqual(['SEC', 'PRIO_WAGE', 'PRIO_TAX']);
    expect(loadTemplate(c.db, 'ana', 'crypto-venue').version!.id).toBe(2);
  });

  it('leave out amounts in another currency, saying so', () => {
    c = makeCase([], { ladder: false, currency: 'EUR' });
    const r = loadTemplate(c.db, 'ana', 'uk-administration');
    expect(r.warnings).toEqual([`PREF_ORD: the template's portion cap is in GBP and this case is in EUR; it was left out, set it in EUR`]);
    expect(getLadder(c.read).classes.find((k) => k.code === 'PREF_ORD')).toMatchObject({ portionCap: null, overflowClass: null });
  });

  it('keep classes that still hold claims', () => {
    c = makeCase([{ ref: 'A', cents: 100n, classCode: 'CUST' }]);
    const r = loadTemplate(c.db, 'ana', 'us-chapter11');
    expect(r.warnings).toEqual(['Kept class CUST (Customer entitlement): 1 claim still in it; reclassify them, then remove it']);
    expect(getLadder(c.read).classes.map((k) => k.code)).toContain('CUST');
  });
});

describe('importing a ladder from CSV', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));
  const HEAD = 'code,name,rank,treatment,pct,cap,deficiency_class,portion_cap,overflow_class,interest_bearing,in_kind_asset\n';

  it('replaces the ladder from the file, reading secured from the deficiency class', () => {
    c = makeCase([], { ladder: false });
    const f = tempPath('classes.csv');
    writeFileSync(f, HEAD + 'SEC,Secured,1,pro_rata,,,GUC,,,no,\nGUC,"General unsecured, trade",2,,,,,,,yes,BTC\nEQ,Equity,3,residual,,,,,,,\n');
    const r = importClasses(c.db, 'ana', { path: f });
    expect(r.version!.summary).toMatch(/^Ladder imported from classes.csv/);
    expect(getLadder(c.read).classes).toEqual([
      expect.objectContaining({ code: 'SEC', secured: true, deficiencyClass: 'GUC' }),
      expect.objectContaining({ code: 'GUC', name: 'General unsecured, trade', treatment: 'pro_rata', interestBearing: true, inKindAsset: 'BTC' }),
      expect.objectContaining({ code: 'EQ', treatment: 'residual' }),
    ]);
  });

  it('reads the bundled sample ladder', () => {
    c = makeCase([], { ladder: false });
    importClasses(c.db, 'ana', { path: new URL('../../assets/samples/classes.csv', import.meta.url).pathname });
    const l = getLadder(c.read);
    expect(l.classes.map((k) => `${k.rank}:${k.code}`)).toEqual(['1:ADMIN', '2:SEC', '3:PRIO', '4:CUST', '5:CONV', '5:GUC', '6:SUB', '7:EQ']);
    expect(l.classes.find((k) => k.code === 'CONV')).toMatchObject({ name: 'Convenience claims (50%, up to 1,000.00)', pct: '0.5', cap: '1000.00' });
  });

  it('refuses a bad file whole, naming every problem by row and column', () => {
    c = makeCase([]);
    const before = getLadder(c.read).classes;
    const bad = HEAD + 'ADMIN,Admin,0,,,,,,,,\nCONV,Convenience,2,fixed_pct,1.5,100.001,,,,maybe,\nSEC,Secured,1,,,,NOPE,,,,\n';
    try {
      importClasses(c.db, 'ana', { content: bad, fileName: 'ladder.csv' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('import_rejected');
      expect((e as AppError).message).toMatch(/^ladder.csv was not imported \(nothing changed\): 5 problems/);
      expect(((e as AppError).details as { problems: Array<{ row: number; column: string }> }).problems.map((p) => `${p.row}:${p.column}`)).toEqual([
        '2:rank',
        '3:interest_bearing',
        '3:pct',
        '3:cap',
        '4:deficiency_class',
      ]);
    }
    expect(getLadder(c.read).classes).toEqual(before);
    expect(() => importClasses(c.db, 'ana', { content: 'code,name,rnak\nA,B,1\n' })).toThrow(/Unknown column "rnak"/);
  });
});
