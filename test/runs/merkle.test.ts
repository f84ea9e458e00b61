import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RunProof } from '../../src/proof/statement.js';
import { EMPTY_ROOT } from '../../src/proof/merkle.js';
import { MerkleBuilder } from '../../src/services/runs-merkle.js';

const SECRET = 'ab'.repeat(32);
const portion = fc.record({
  creditor: fc.constantFrom('CR-1', 'CR-2', 'Zoë', '株式会社', 'CR-3'),
  claim: fc.string({ minLength: 1, maxLength: 8 }),
  class: fc.constantFrom('GUC', 'ADMIN', 'PRIO'),
  paidThisRun: fc.constantFrom('0.00', '12.34', '1000.00'),
  paidCumulative: fc.constantFrom('0.00', '99.99', '1000.00'),
});

describe('the fast proof root of a finalized run', () => {
  it('equals the root src/proof builds, for any portions', () => {
    fc.assert(
      fc.property(fc.array(portion, { maxLength: 70 }), (portions) => {
        const b = new MerkleBuilder('R-007', 'USD', SECRET, 4);
        for (const p of portions) b.add(p.creditor, p.claim, p.class, p.paidThisRun, p.paidCumulative);
        expect(b.root).toBe(new RunProof('R-007', 'USD', SECRET, portions).root);
      }),
      { numRuns: 200 },
    );
  });

  it('salts any creditor reference as HMAC-SHA256 does: long, non-ASCII, and more creditors than its salt cache holds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ creditor: fc.string({ maxLength: 400, unit: 'grapheme' }), claim: fc.string({ minLength: 1, maxLength: 8 }) }),
          { maxLength: 20 },
        ),
        (xs) => {
          const portions = xs.map((x) => ({ ...x, class: 'GUC', paidThisRun: '1.00', paidCumulative: '2.00' }));
          const b = new MerkleBuilder('R-9', 'USD', SECRET, 4);
          for (const p of portions) b.add(p.creditor, p.claim, p.class, p.paidThisRun, p.paidCumulative);
          expect(b.root).toBe(new RunProof('R-9', 'USD', SECRET, portions).root);
        },
      ),
      { numRuns: 100 },
    );
    const many = Array.from({ length: 60_000 }, (_, i) => ({
      creditor: `CR-${i % 55_000}`,
      claim: `CL-${i}`,
      class: 'GUC',
      paidThisRun: '1.00',
      paidCumulative: '1.00',
    }));
    const b = new MerkleBuilder('R-3', 'USD', SECRET);
    for (const p of many) b.add(p.creditor, p.claim, p.class, p.paidThisRun, p.paidCumulative);
    expect(b.root).toBe(new RunProof('R-3', 'USD', SECRET, many).root);
  });

  it('an empty run has the empty root; a few thousand leaves still agree', () => {
    expect(new MerkleBuilder('R-1', 'USD', SECRET).root).toBe(EMPTY_ROOT);
    const some = Array.from({ length: 5001 }, (_, i) => ({
      creditor: `CR-${i % 97}`,
      claim: `CL-${i}`,
      class: 'GUC',
      paidThisRun: `${i}.00`,
      paidCumulative: `${i * 2}.00`,
    }));
    const portions = [...some, ...some.slice(0, 7)]; // equal leaves sort next to each other (the tie path)
    const b = new MerkleBuilder('R-2', 'EUR', SECRET);
    for (const p of portions) b.add(p.creditor, p.claim, p.class, p.paidThisRun, p.paidCumulative);
    expect(b.root).toBe(new RunProof('R-2', 'EUR', SECRET, portions).root);
  });
});
