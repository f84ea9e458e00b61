// The regular suite's share of the crash tests: 10 SIGKILL points (npm run test:crash runs 200+).
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../scripts/crash-harness.js';
import { SCENARIOS } from '../../scripts/crash-harness/scenarios.js';

const SMOKE: Record<string, number> = { claims: 5, encrypted: 2, backup: 3 };

describe('crash recovery (smoke: 10 kill points)', () => {
  for (const sc of SCENARIOS.filter((s) => SMOKE[s.name])) {
    it(`${sc.name}: the case survives SIGKILL with every committed batch whole`, async () => {
      const r = await runScenario(sc as Scenario<unknown>, { points: SMOKE[sc.name]!, seed: 7 });
      expect(r.failures).toEqual([]);
      expect(r.commits).toBeGreaterThan(0); // the kills landed while the child was writing
    });
  }
});

describe('crash harness self-test', () => {
  it('catches a writer that commits claims one by one and reports batches before writing them', async () => {
    const { BROKEN } = await import('../../scripts/crash-harness/scenarios.js');
    const r = await runScenario(BROKEN as Scenario<unknown>, { points: 4, seed: 11 });
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures.map((f) => f.error).join('\n')).toMatch(/is partial|is missing|without its claims|no audit entry/);
  });
});
