import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../../src/gen/synthetic.js';
import { openCase, closeCase } from '../../src/services/case.js';
import { estateLedger } from '../../src/services/estate.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { assetDetail, estateSummary } from '../../src/services/estate-view.js';
import { dashboardSummary } from '../../src/services/dashboard.js';

describe('the generated demo estate', () => {
  it('backs realized assets with sales, balances every unit, and shows cash and the amount available', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'recourse-demo-')), 'demo.recourse');
    generateCase({ path, claims: 40, seed: 7 });
    const c = openCase(path);
    try {
      expect(estateLedger(c.read).every((l) => l.balanced)).toBe(true);
      for (const ref of ['EA-004', 'EA-012']) expect(assetDetail(c.read, ref)).toMatchObject({ status: 'realized', held: expect.stringMatching(/^0\.0+$/) });
      expect(assetDetail(c.read, 'EA-006').held).toBe('60000.000000000');
      expect(assetDetail(c.read, 'EA-011').ledger.writtenOff).toBe('350.000000000000000000');
      expect(estateCash(c.read).USD).toEqual({
        proceeds: 1752715500n,
        costs: 890600n,
        expenses: 252030000n,
        distributed: 0n,
        cash: 1499794900n,
        holdbacks: 250000000n,
        available: 1249794900n,
      });
      // SOL sold below its petition-date mark (142.371): 30,000 × 142.371 = 4,271,130.00 vs 4,119,744.00 net
      expect(assetDetail(c.read, 'EA-006').realizations[0]!.gainLoss).toBe('-151386.00');
      expect(estateSummary(c.read).ledger.balanced).toBe(true);
      const step = dashboardSummary(c).steps.find((s) => s.key === 'assets_realised')!;
      expect(step.left).toBe('9 assets not yet realised');
    } finally {
      closeCase(c);
    }
  });
});
