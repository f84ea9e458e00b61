import { afterEach, describe, expect, it } from 'vitest';
import { rowFromInput, validateLadder, type ClassRow, type LadderProblem } from '../../src/domain/ladder.js';
import { classInput, type ClassInput } from '../../src/api/contract/classes.js';
import { getLadder, saveLadder } from '../../src/services/classes.js';
import { AppError } from '../../src/errors.js';
import { LADDER, makeCase, closeCase } from './fixture.js';
import type { OpenCase } from '../../src/services/case.js';

const ctx = { assets: new Set(['USD', 'BTC']), currency: 'USD' };
function check(ladder: ClassInput[]): LadderProblem[] {
  const problems: LadderProblem[] = [];
  const rows: ClassRow[] = ladder.map((c, i) => rowFromInput(classInput.parse(c), 2, i, problems));
  return [...problems, ...validateLadder(rows, ctx)];
}
const messages = (ladder: ClassInput[]) => check(ladder).map((p) => p.message);
const withClass = (code: string, patch: Partial<ClassInput>) => LADDER.map((c) => (c.code === code ? { ...c, ...patch } : c));

describe('ladder validation', () => {
  it('accepts a full ladder with shared ranks, a convenience class, a split class, a secured class and equity', () => {
    expect(check(LADDER)).toEqual([]);
  });

  it('refuses a percentage outside 0 to 1, or one on a class that is not fixed-percentage', () => {
    expect(messages(withClass('CONV', { pct: '1.5' }))).toEqual(['The percentage 1.5 is outside 0 to 1 (write 0.5 for 50%)', expect.stringMatching(/fixed-percentage class: give its percentage/)]);
    expect(messages(withClass('GUC', { pct: '0.5' }))).toEqual(['Class GUC: a percentage applies only to a fixed-percentage class']);
  });

  it('refuses a cap with more decimals than the case currency, never rounding it', () => {
    expect(messages(withClass('CONV', { cap: '1000.005' }))[0]).toMatch(/CONV cap: "1000.005" has 3 decimals; at most 2 allowed in the case currency/);
  });

  it('holds caps exactly in minor units', () => {
    const problems: LadderProblem[] = [];
    expect(rowFromInput(classInput.parse({ code: 'PRIO', name: 'P', rank: 1, portionCap: '17150.5', overflowClass: 'GUC' }), 2, 0, problems).portionCap).toBe('1715050');
  });

  it('requires deficiency and overflow classes to exist, and an overflow class to rank below', () => {
    expect(messages(withClass('SEC', { deficiencyClass: 'NOPE' }))).toEqual(['Class SEC: its deficiency class NOPE is not in the ladder']);
    expect(messages(withClass('PRIO', { overflowClass: 'ADMIN' }))).toEqual(['Class PRIO: its overflow class ADMIN (rank 1) must rank below it (rank 3)']);
    expect(messages(withClass('PRIO', { overflowClass: null }))[0]).toMatch(/a portion cap and an overflow class go together/);
    expect(messages(withClass('GUC', { deficiencyClass: 'SUB' }))).toEqual(['Class GUC: only a secured class has a deficiency class (tick secured, or clear it)']);
  });

  it('keeps the residual class alone at the bottom, without caps, splits, security or interest', () => {
    expect(messages(withClass('EQ', { rank: 6 }))[0]).toMatch(/EQ is residual: it must rank below every other class, alone/);
    expect(messages(withClass('EQ', { interestBearing: true }))[0]).toMatch(/EQ is residual.*clear interestBearing/);
    expect(messages(withClass('SUB', { treatment: 'residual' }))[0]).toMatch(/Only one class can be residual/);
  });

  it('refuses ranks below 1, bad codes, duplicate codes and unknown in-kind assets', () => {
    expect(() => classInput.parse({ code: 'X', name: 'x', rank: 0 })).toThrow(/1 or more/);
    expect(messages([...LADDER, { code: 'gUC 2', name: 'x', rank: 9 }])).toContain('Class code "GUC 2" must be capital letters, digits or _ (up to 24), starting with a letter');
    expect(messages([...LADDER, { code: 'GUC', name: 'again', rank: 9 }])).toContain('Class code GUC is used twice');
    expect(messages(withClass('CUST', { inKindAsset: 'ETH' }))).toEqual(['Class CUST: ETH is not an asset of this case']);
    expect(messages(withClass('CUST', { inKindAsset: 'USD' }))).toEqual(['Class CUST: USD is the case currency; in-kind payment names another asset']);
  });
});

describe('saving a ladder', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));

  it('saves, audits each class change, and refuses to drop a class that holds claims', () => {
    c = makeCase([{ ref: 'A', cents: 500n, classCode: 'SUB' }]);
    const r = saveLadder(c.db, 'ana', withClass('GUC', { rank: 4, name: 'General unsecured creditors' }));
    expect(r.changed).toBe(true);
    expect(r.version!.summary).toBe('Ladder edited: GUC name General unsecured → General unsecured creditors, rank 5 → 4');
    expect(getLadder(c.read).classes.find((k) => k.code === 'GUC')).toMatchObject({ rank: 4, name: 'General unsecured creditors' });
    const audit = c.db.prepare("SELECT actor, before, after FROM audit WHERE action = 'class.update'").all();
    expect(audit).toEqual([{ actor: 'ana', before: '{"name":"General unsecured","rank":"5"}', after: '{"name":"General unsecured creditors","rank":"4"}' }]);
    try {
      saveLadder(c.db, 'ana', LADDER.filter((k) => k.code !== 'SUB'));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).message).toMatch(/class SUB still holds 1 claim \(reclassify them first\)/);
    }
    expect(getLadder(c.read).classes.map((k) => k.code)).toContain('SUB');
  });

  it('makes no new version when nothing changed', () => {
    c = makeCase([]);
    const r = saveLadder(c.db, 'ana', LADDER);
    expect(r.changed).toBe(false);
    expect(r.version!.id).toBe(1);
  });
});
