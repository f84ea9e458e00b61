import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RefIndex } from '../../src/services/import/refindex.js';

describe('RefIndex', () => {
  it('finds every reference added, in order or not, and nothing else (like a Map)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (refs, probes) => {
        const idx = new RefIndex();
        const map = new Map<string, number>();
        refs.forEach((r, i) => {
          expect(idx.get(r)).toBe(map.get(r));
          if (!map.has(r)) {
            idx.add(r, i);
            map.set(r, i);
          }
        });
        for (const p of [...probes, ...refs]) expect(idx.get(p)).toBe(map.get(p));
        expect(idx.size).toBe(map.size);
      }),
    );
  });

  it('keeps a long sorted run (the usual ledger) and grows past its first capacity', () => {
    const idx = new RefIndex();
    for (let i = 0; i < 5000; i++) idx.add(`CL-${String(i).padStart(6, '0')}`, i + 2);
    idx.add('AA-1', 1);
    expect([idx.get('CL-000000'), idx.get('CL-004999'), idx.get('CL-002500'), idx.get('AA-1'), idx.get('CL-005000'), idx.get('B')]).toEqual([2, 5001, 2502, 1, undefined, undefined]);
  });
});
