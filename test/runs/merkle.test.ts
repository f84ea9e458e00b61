import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RunProof } from '../../src/proof/statement.js';
import { EMPTY_ROOT } from '../../src/proof/merkle.js';
import { MerkleBuilder, merkleRoot, mergeSorted, proofCounter, proofRootFromShares, proofShareTask, rootOfSorted } from '../../src/services/runs-merkle.js';
import { draftRun } from '../../src/services/runs-compute.js';
import { approveRun } from '../../src/services/runs.js';
import { findRun } from '../../src/services/runs-common.js';
import { closeCase } from '../../src/services/case.js';
import { openRead } from '../../src/store/db.js';
import { APPROVER, DRAFTER, opts, workedCase, type ClaimSpec } from './fixture.js';

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

  it('salts any creditor reference as HMAC-SHA256 does: long, non-ASCII, and creditors that come back after others', () => {
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

  it('two sorted halves, merged, give the same root (the finalize job hashes the lines in two threads)', () => {
    fc.assert(
      fc.property(fc.array(portion, { maxLength: 70 }), fc.nat(), (portions, cut) => {
        const k = portions.length ? cut % (portions.length + 1) : 0;
        const [a, b] = [new MerkleBuilder('R-5', 'USD', SECRET), new MerkleBuilder('R-5', 'USD', SECRET)];
        portions.forEach((p, i) => (i < k ? a : b).add(p.creditor, p.claim, p.class, p.paidThisRun, p.paidCumulative));
        expect(rootOfSorted(mergeSorted(a.sorted(), b.sorted()))).toBe(new RunProof('R-5', 'USD', SECRET, portions).root);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the proof root from two ends of an approved run', () => {
  it('equals merkleRoot wherever the ends meet, and is refused when they leave a gap or overlap', async () => {
    const claims: ClaimSpec[] = Array.from({ length: 60 }, (_, i) => ({
      ref: `C${String(i).padStart(3, '0')}`,
      classCode: (['ADMIN', 'PRIORITY', 'GUC'] as const)[i % 3]!,
      amount: `${100 + i}.25`,
      status: 'allowed' as const,
    }));
    const c = workedCase(claims);
    const d = await draftRun(c.db, DRAFTER, opts({ release: 300_000n }));
    approveRun(c.db, APPROVER, d.ref);
    const casePath = c.path;
    closeCase(c);
    const db = openRead(casePath);
    try {
      const r = findRun(db, d.ref);
      const count = r.result!.portion_count;
      const want = merkleRoot(db, r);
      /** The helper takes the first `first` lines, then this end takes `last` from the end (via the shared counter). */
      const ends = async (first: number, last: number) => {
        const claimed = proofCounter();
        const n = new Int32Array(claimed);
        n[0] = count - first;
        const theirs = await proofShareTask({ casePath, run: d.ref, claimed });
        n[0] = count - last;
        return proofRootFromShares(db, d.ref, claimed, Promise.resolve(theirs));
      };
      for (const k of [0, 1, Math.floor(count / 2), count - 1, count]) expect((await ends(k, count - k))?.root).toBe(want);
      expect(await ends(10, count - 11)).toBeNull(); // a line left out
      expect(await ends(10, count - 9)).toBeNull(); // a line hashed twice
    } finally {
      db.close();
    }
  });
});
