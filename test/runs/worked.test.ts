import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../src/services/case.js';
import { draftRun } from '../../src/services/runs-compute.js';
import { approveRun, finalizeRun } from '../../src/services/runs.js';
import { bulkStatus } from '../../src/services/claims-lifecycle.js';
import { RunProof } from '../../src/proof/statement.js';
import { proofSecret } from '../../src/export/load.js';
import { runProof } from '../../src/export/load-run.js';
import { readRunData } from '../../src/services/runs-data.js';
import { formatDecimal } from '../../src/money/index.js';
import { APPROVER, DRAFTER, linesOf, opts, workedCase } from './fixture.js';

let c: OpenCase | null = null;
afterEach(() => {
  if (c) closeCase(c);
  c = null;
});

describe('the worked example of spec §8 through the services', () => {
  it('pays 880.00 then 361.66/258.33 then the residue cent to G1', async () => {
    c = workedCase();
    const r1 = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    approveRun(c.db, APPROVER, r1.ref);
    finalizeRun(c.db, APPROVER, r1.ref);
    const l1 = linesOf(c, r1.id);
    expect(l1.A1!.paid).toBe('10000');
    expect(l1.P1!.paid).toBe('30000');
    expect(l1.G1!.paid).toBe('28000');
    expect(l1.G2!.paid).toBe('20000');
    expect(l1.G3!.reserved).toBe('12000');
    bulkStatus(c.db, 'reviewer', { refs: ['G3'], status: 'disallowed', reason: 'No account in the ledger' });
    const r2 = await draftRun(c.db, DRAFTER, opts({ release: 50000n, date: '2026-04-01' }));
    approveRun(c.db, APPROVER, r2.ref);
    finalizeRun(c.db, APPROVER, r2.ref);
    const l2 = linesOf(c, r2.id);
    expect(l2.G1).toMatchObject({ entitled: '64166', paid_before: '28000', paid: '36166' });
    expect(l2.G2).toMatchObject({ entitled: '45833', paid_before: '20000', paid: '25833' });
    const r3 = await draftRun(c.db, DRAFTER, opts({ final: true, date: '2026-05-01' }));
    approveRun(c.db, APPROVER, r3.ref);
    const fin = finalizeRun(c.db, APPROVER, r3.ref);
    const l3 = linesOf(c, r3.id);
    expect(l3.G1!.paid).toBe('1');
    expect(l3.G2!.paid).toBe('0');
    expect(fin.result!.totals.paid_cumulative).toBe('150000');
    // The published root is src/proof's: one salted leaf per claim portion.
    const rows = c.read
      .prepare('SELECT creditor_ref, claim_ref, class_code, paid_before, paid FROM run_lines WHERE run_id = ?')
      .all(r3.id) as Array<Record<string, string>>;
    const portions = rows.map((r) => ({
      creditor: r.creditor_ref!,
      claim: r.claim_ref!,
      class: r.class_code!,
      paidThisRun: formatDecimal(BigInt(r.paid!), 2),
      paidCumulative: formatDecimal(BigInt(r.paid_before!) + BigInt(r.paid!), 2),
    }));
    expect(fin.merkleRoot).toBe(new RunProof('R-003', 'USD', proofSecret(c.read), portions).root);
    // The exporters' view of the stored run gives the same proof.
    expect(runProof(readRunData(c.read, 'R-003'), proofSecret(c.read)).root).toBe(fin.merkleRoot);
    expect(readRunData(c.read, 'R-002').claims.find((x) => x.ref === 'G1')).toMatchObject({
      creditorRef: 'CR-G1',
      status: 'allowed',
      portions: [{ classCode: 'GUC', paid: 36166n, paidBefore: 28000n }],
    });
  });
});
