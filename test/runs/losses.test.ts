import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../src/services/case.js';
import { allocateLosses, lossTemplates, saveLossRun } from '../../src/services/losses.js';
import { approveRun, finalizeRun, listRuns, verifyRun } from '../../src/services/runs.js';
import { runView } from '../../src/services/runs-view.js';
import { APPROVER, DRAFTER, workedCase } from './fixture.js';

let c: OpenCase | null = null;
afterEach(() => {
  if (c) closeCase(c);
  c = null;
});

const CSV =
  'layer,layer_name,contributor,capacity\n1,Margin,DEF,100.00\n2,Insurance fund,IF,50.00\n3,Socialized,A,2.00\n3,Socialized,B,1.00\n3,Socialized,C,1.00\n';

describe('loss allocation (spec §7)', () => {
  it('covers layer by layer; the first layer larger than what is left covers it exactly, residue to the largest remainders', () => {
    c = workedCase([]);
    const v = allocateLosses(c.read, { csv: CSV, shortfall: '152.01' });
    expect(v.layers.map((l) => [l.name, l.covered])).toEqual([
      ['Margin', '100.00'],
      ['Insurance fund', '50.00'],
      ['Socialized', '2.01'],
    ]);
    // 201 cents over capacities 2:1:1: floors 100, 50, 50 = 200; the cent goes to A (remainder 2/4 > 1/4).
    expect(v.layers[2]!.contributors).toEqual([
      { ref: 'A', capacity: '2.00', amount: '1.01', haircut: '50.50%' },
      { ref: 'B', capacity: '1.00', amount: '0.50', haircut: '50.00%' },
      { ref: 'C', capacity: '1.00', amount: '0.50', haircut: '50.00%' },
    ]);
    expect(v.uncovered).toBe('0.00');
    const over = allocateLosses(c.read, { csv: CSV, shortfall: '200.00' });
    expect(over.uncovered).toBe('46.00');
    expect(over.layers[2]!.contributors.every((x) => x.haircut === '100.00%')).toBe(true);
  });

  it('names the row and column of every problem in the layers CSV and allocates nothing', () => {
    c = workedCase([]);
    expect(() => allocateLosses(c!.read, { csv: 'layer,contributor,capacity\n1,A,1\n', shortfall: '1' })).toThrow(/no column layer_name/);
    expect(() => allocateLosses(c!.read, { csv: 'layer,layer_name,contributor,capacity\n1,M,A,1.001\n', shortfall: '1' })).toThrow(
      /Row 2, column capacity: .*2 decimals/,
    );
    expect(() => allocateLosses(c!.read, { csv: 'layer,layer_name,contributor,capacity\n1,M,A,-5\n', shortfall: '1' })).toThrow(
      /Row 2, column capacity/,
    );
    expect(() => allocateLosses(c!.read, { csv: 'layer,layer_name,contributor,capacity\n1,M,A,5\n1,Other,B,5\n', shortfall: '1' })).toThrow(
      /Row 3, column layer_name: layer 1 is named "M"/,
    );
    expect(() =>
      allocateLosses(c!.read, { csv: 'layer,layer_name,contributor,capacity\nfirst,M,A,5\n1,M,A,5\n1,M,A,6\n', shortfall: '1' }),
    ).toThrow(
      /Row 2, column layer: "first" is not a layer number .*\(and 1 more problem\).\nRow 4, column contributor: A is listed twice in layer 1/,
    );
    expect(() => allocateLosses(c!.read, { csv: CSV, shortfall: '1', template: 'ccp-default-waterfall' })).toThrow(/exactly one of/);
  });

  it('ships the CCP default waterfall and the exchange insurance-fund templates as data', () => {
    c = workedCase([]);
    const t = lossTemplates();
    expect(t.map((x) => x.name)).toEqual(['ccp-default-waterfall', 'exchange-insurance-fund']);
    const ccp = allocateLosses(c.read, { template: 'ccp-default-waterfall', shortfall: '70000000.00' });
    expect(ccp.layers.map((l) => l.name)).toEqual([
      "Defaulter's initial margin",
      "Defaulter's default-fund contribution",
      "CCP's own capital (skin in the game)",
      "Survivors' default fund",
      'Assessments (capped at one default-fund contribution)',
    ]);
    // 42m + 9m + 6.5m used up; 12.5m of the survivors' 49m default fund: 25.51…% each.
    expect(ccp.layers.map((l) => l.covered)).toEqual(['42000000.00', '9000000.00', '6500000.00', '12500000.00', '0.00']);
    expect(new Set(ccp.layers[3]!.contributors.map((x) => x.haircut))).toEqual(new Set(['25.51%']));
    const ex = allocateLosses(c.read, { template: 'exchange-insurance-fund', shortfall: '3000000.00' });
    expect(ex.layers.map((l) => l.covered)).toEqual(['150000.00', '2500000.00', '350000.00']);
    expect(ex.layers[2]!.contributors.reduce((a, x) => a + BigInt(x.amount.replace('.', '')), 0n)).toBe(35000000n);
  });

  it('saves an allocation as a loss run: drafted, approved by another person, finalized, verified, audited', () => {
    c = workedCase([]);
    const v = saveLossRun(c.db, DRAFTER, { csv: CSV, shortfall: '152.01', date: '2026-03-01', note: 'Default of DEF on 2026-02-27' });
    expect(v.run).toBe('L-001');
    expect(() => approveRun(c!.db, DRAFTER, 'L-001')).toThrow(/another person/);
    approveRun(c.db, APPROVER, 'L-001');
    finalizeRun(c.db, APPROVER, 'L-001');
    const shown = runView(c.read, 'L-001');
    expect(shown).toMatchObject({ kind: 'loss', state: 'finalized' });
    expect(shown.loss!.layers[2]!.contributors[0]).toEqual({ ref: 'A', capacity: '2.00', amount: '1.01', haircut: '50.50%' });
    expect(listRuns(c.read).map((r) => [r.ref, r.kind])).toEqual([['L-001', 'loss']]);
    expect(verifyRun(c.read, 'L-001')).toMatchObject({ ok: true, hashOk: true });
    expect(c.read.prepare('SELECT count(*) FROM distributions_ledger').pluck().get()).toBe(0n);
    const audit = c.read.prepare("SELECT action, actor, reason FROM audit WHERE entity = 'run' ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'loss.allocate', actor: DRAFTER, reason: 'Default of DEF on 2026-02-27' },
      { action: 'run.approve', actor: APPROVER, reason: null },
      { action: 'run.finalize', actor: APPROVER, reason: null },
    ]);
  });
});
