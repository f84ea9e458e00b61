// npm run test:crash: at least 200 SIGKILL points (RECOURSE_CRASH_POINTS), split across the scenarios.
import { describe, expect, it } from 'vitest';
import { runScenario, share, type Scenario } from '../../scripts/crash-harness.js';
import { SCENARIOS, WEIGHTS } from '../../scripts/crash-harness/scenarios.js';

const TOTAL = Math.max(1, Number(process.env.RECOURSE_CRASH_POINTS ?? '200'));
const POINTS = share(TOTAL, WEIGHTS);
const SEED = Number(process.env.RECOURSE_CRASH_SEED ?? '20260115');

describe(`crash recovery: ${TOTAL} kill points`, () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: every kill leaves a case that opens, checks out, and has every committed change and no partial one`, async () => {
      const r = await runScenario(sc as Scenario<unknown>, { points: POINTS[sc.name] ?? 1, seed: SEED, log: (l) => console.log(l) });
      expect(r.failures).toEqual([]);
      expect(r.points).toBe(POINTS[sc.name]);
    });
  }

  it('splits at least the requested number of kill points across the scenarios', () => {
    expect(Object.values(POINTS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TOTAL - SCENARIOS.length);
  });
});
