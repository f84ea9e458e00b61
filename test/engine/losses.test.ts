/** Loss allocation (spec §7): ordered layers, pro rata with largest remainders in the layer that covers the rest. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateLoss, EngineError } from '../../src/engine/index.js';
import { usd } from './helpers.js';

const layers = [
  { name: 'defaulter margin', contributors: [{ ref: 'D', capacity: usd('100.00') }] },
  { name: 'insurance fund', contributors: [{ ref: 'IF', capacity: usd('50.00') }] },
  {
    name: 'default fund',
    contributors: [
      { ref: 'M3', capacity: usd('100.00') },
      { ref: 'M1', capacity: usd('100.00') },
      { ref: 'M2', capacity: usd('100.00') },
    ],
  },
  { name: 'socialized', contributors: [{ ref: 'P1', capacity: usd('1000.00') }] },
];

describe('allocateLoss', () => {
  it('takes full layers in order and the partial layer pro rata, residue by remainder then reference', () => {
    const r = allocateLoss(usd('250.00'), layers);
    expect(r.layers[0]!.covered).toBe(usd('100.00'));
    expect(r.layers[1]!.covered).toBe(usd('50.00'));
    // 100.00 over three equal capacities: 33.33 each, the extra cent to M1 (first in byte order).
    expect(r.layers[2]!.contributors.map((c) => [c.ref, c.amount])).toEqual([
      ['M1', 3334n],
      ['M2', 3333n],
      ['M3', 3333n],
    ]);
    expect(r.layers[2]!.contributors[0]!.haircut).toEqual({ num: 3334n, den: 10000n });
    expect(r.layers[2]!.contributors[0]!.haircutPercent).toBe('33.34%');
    expect(r.layers[3]!.covered).toBe(0n);
    expect(r.uncovered).toBe(0n);
  });

  it('reports the shortfall no layer covers', () => {
    const r = allocateLoss(usd('2000.00'), layers);
    expect(r.covered).toBe(usd('1450.00'));
    expect(r.uncovered).toBe(usd('550.00'));
    expect(r.layers[0]!.contributors[0]!.haircutPercent).toBe('100.00%');
  });

  it('refuses a negative shortfall or capacity', () => {
    expect(() => allocateLoss(-1n, layers)).toThrow(EngineError);
    expect(() => allocateLoss(1n, [{ name: 'x', contributors: [{ ref: 'a', capacity: -1n }] }])).toThrow(EngineError);
  });

  it('covers exactly min(S, Σ capacity), never beyond a capacity, each within one unit of pro rata', () => {
    const layer = fc.array(fc.record({ ref: fc.string({ maxLength: 4 }), capacity: fc.bigInt({ min: 0n, max: 10n ** 6n }) }), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.array(layer, { maxLength: 4 }), (S, raw) => {
        const ls = raw.map((cs, i) => ({
          name: `L${i}`,
          contributors: cs.filter((c, j) => cs.findIndex((d) => d.ref === c.ref) === j),
        }));
        const total = ls.reduce((a, l) => a + l.contributors.reduce((b, c) => b + c.capacity, 0n), 0n);
        const r = allocateLoss(S, ls);
        expect(r.covered).toBe(S < total ? S : total);
        expect(r.covered + r.uncovered).toBe(S);
        let left = S;
        for (const l of r.layers) {
          for (const c of l.contributors) {
            expect(c.amount >= 0n && c.amount <= c.capacity).toBe(true);
            if (left < l.capacity) {
              // |amount × capacity_total − left × capacity| < capacity_total
              const diff = c.amount * l.capacity - left * c.capacity;
              expect(diff < l.capacity && -diff < l.capacity).toBe(true);
            }
          }
          left -= l.covered;
        }
      }),
    );
  });
});
