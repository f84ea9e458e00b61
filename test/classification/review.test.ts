import { afterEach, describe, expect, it } from 'vitest';
import { approve, approveAll, attributeImportedClasses, history, importMark, override, propose } from '../../src/services/classify-review.js';
import { classSummary, isClassApproved, reviewQueue, unapprovedClaims, unapprovedSummary } from '../../src/services/classify-queue.js';
import { tx } from '../../src/store/db.js';
import { addClaims, makeCase, closeCase, claimClass, type ClaimSpec } from './fixture.js';
import type { OpenCase } from '../../src/services/case.js';

const CLAIMS: ClaimSpec[] = [
  { ref: 'A', cents: 900_00n, classCode: 'GUC' },
  { ref: 'B', cents: 5_000_00n, classCode: 'GUC' },
  { ref: 'C', cents: 5_000_00n, classCode: 'CUST' },
  { ref: 'D', cents: 120_00n, classCode: 'CONV', classStatus: 'approved' },
  { ref: 'E', cents: 75_00n },
  { ref: 'X', cents: 1_000_000_00n, classCode: 'GUC', status: 'withdrawn' },
];

describe('legal review of classifications', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));

  it('overrides a proposal to another class with a reason and a citation, keeping what was proposed', () => {
    c = makeCase(CLAIMS);
    const r = override(c.db, 'lee', 'A', 'SUB', 'Shareholder loan recharacterised', '11 U.S.C. § 510(b)');
    expect(r).toMatchObject({ classCode: 'SUB', proposedClass: 'GUC', proposedBy: 'import', state: 'overridden', reviewer: 'lee', reason: 'Shareholder loan recharacterised', citation: '11 U.S.C. § 510(b)' });
    expect(claimClass(c, 'A')).toEqual({ code: 'SUB', status: 'overridden' });
    const audit = c.db.prepare("SELECT actor, reason, after FROM audit WHERE action = 'claim.class_override'").get() as Record<string, string>;
    expect(audit).toMatchObject({ actor: 'lee', reason: 'Shareholder loan recharacterised' });
    expect(JSON.parse(audit.after!)).toEqual({ class: 'SUB', classStatus: 'overridden', citation: '11 U.S.C. § 510(b)' });
    // an already decided class can be overridden again; the earlier decision stays in the history
    override(c.db, 'kim', 'A', 'GUC', 'On appeal: ordinary trade debt');
    expect(history(c.read, 'A').map((h) => [h.classCode, h.state, h.reviewer, h.current])).toEqual([
      ['GUC', 'overridden', 'kim', true],
      ['SUB', 'overridden', 'lee', false],
    ]);
  });

  it('refuses to approve what is already decided, to override to the proposed class, or to an unknown class', () => {
    c = makeCase(CLAIMS);
    expect(() => approve(c.db, 'lee', 'D')).toThrow(/already approved/);
    expect(() => override(c.db, 'lee', 'B', 'GUC', 'Same class')).toThrow('GUC is the proposed class; approve it instead');
    expect(() => override(c.db, 'lee', 'B', 'NOPE', 'Some reason')).toThrow('There is no class NOPE in the ladder');
    expect(() => approve(c.db, 'lee', 'E')).toThrow(/E has no proposed class; propose one first/);
    expect(() => approve(c.db, 'lee', 'ZZZ')).toThrow('There is no claim ZZZ');
  });

  it("takes a person's proposal for someone else to review, never the proposer", () => {
    c = makeCase(CLAIMS);
    propose(c.db, 'kim', 'E', 'ADMIN', 'Post-petition services to the estate');
    expect(claimClass(c, 'E')).toEqual({ code: 'ADMIN', status: 'proposed' });
    expect(() => approve(c.db, 'kim', 'E')).toThrow('You proposed this classification; another person must review it (nobody reviews their own proposal)');
    expect(() => override(c.db, 'kim', 'E', 'GUC', 'Changed my mind')).toThrow(/You proposed this classification/);
    expect(approve(c.db, 'lee', 'E')).toMatchObject({ state: 'approved', proposer: 'kim', reviewer: 'lee' });
  });

  it("approves all others' proposals in one go, leaving the actor's own", async () => {
    c = makeCase(CLAIMS);
    propose(c.db, 'kim', 'E', 'GUC');
    const r = await approveAll(c.db, 'kim');
    expect(r).toEqual({ approved: 3, value: '10900.00', skippedOwn: 1, currency: 'USD' });
    expect(['A', 'B', 'C', 'D', 'E', 'X'].map((ref) => claimClass(c, ref).status)).toEqual(['approved', 'approved', 'approved', 'approved', 'proposed', 'proposed']);
    const audit = c.db.prepare("SELECT actor, after FROM audit WHERE action = 'classification.approve_all'").get() as { actor: string; after: string };
    expect(audit.actor).toBe('kim');
  });

  it('approves all of one class only when asked', async () => {
    c = makeCase(CLAIMS);
    expect(await approveAll(c.db, 'lee', { classCode: 'GUC' })).toMatchObject({ approved: 2, value: '5900.00' });
    expect(claimClass(c, 'C').status).toBe('proposed');
  });

  it('lists the queue largest first, a page at a time, marking what the viewer proposed', () => {
    c = makeCase(CLAIMS);
    propose(c.db, 'kim', 'E', 'GUC');
    const p1 = reviewQueue(c.read, 'kim', { limit: 2, proposer: 'all' });
    expect(p1).toMatchObject({ total: 4, totalValue: '10975.00', mine: 1 });
    expect(p1.rows.map((r) => [r.ref, r.value])).toEqual([
      ['C', '5000.00'],
      ['B', '5000.00'],
    ]);
    const p2 = reviewQueue(c.read, 'kim', { limit: 2, proposer: 'all', after: p1.next! });
    expect(p2.rows.map((r) => [r.ref, r.canApprove, r.proposedByText])).toEqual([
      ['A', true, 'import'],
      ['E', false, 'kim'],
    ]);
    expect(p2.next).toBeNull();
    expect(reviewQueue(c.read, 'kim', { limit: 10, proposer: 'others' }).total).toBe(3);
    expect(reviewQueue(c.read, 'kim', { limit: 10, proposer: 'all', classCode: 'CUST' }).rows.map((r) => r.ref)).toEqual(['C']);
    expect(reviewQueue(c.read, 'kim', { limit: 10, proposer: 'all', search: 'b' }).rows.map((r) => r.ref)).toEqual(['B']);
  });

  it('names the claims a run must refuse: live claims with no class or an unapproved one', () => {
    c = makeCase(CLAIMS);
    override(c.db, 'lee', 'A', 'SUB', 'Shareholder loan');
    expect(unapprovedClaims(c.read).map((u) => [u.ref, u.classCode, u.classStatus, u.value])).toEqual([
      ['B', 'GUC', 'proposed', 500000n],
      ['C', 'CUST', 'proposed', 500000n],
      ['E', null, null, 7500n],
    ]);
    expect(isClassApproved('SUB', 'overridden')).toBe(true);
    expect(isClassApproved('GUC', 'proposed')).toBe(false);
    expect(unapprovedSummary(c.read, 1)).toMatchObject({ count: 3, value: '10075.00', claims: [{ ref: 'C' }] });
  });

  it('sums each class, approved against pending, over live claims', () => {
    c = makeCase(CLAIMS);
    const s = classSummary(c.read);
    expect(s.rows.find((r) => r.code === 'GUC')).toMatchObject({ count: 2, value: '5900.00', approvedCount: 0, pendingCount: 2, pendingValue: '5900.00' });
    expect(s.rows.find((r) => r.code === 'CONV')).toMatchObject({ count: 1, approvedValue: '120.00', pendingCount: 0 });
    expect(s.rows.find((r) => r.code === null)).toMatchObject({ name: 'No class', count: 1, value: '75.00' });
    expect(s.total).toMatchObject({ count: 5, value: '11095.00', approvedValue: '120.00', pendingValue: '10975.00' });
  });

  it('records a class from a claims import as proposed by the import, attributed to the person who ran it', () => {
    c = makeCase([]);
    const mark = importMark(c.db);
    addClaims(c, [{ ref: 'I1', cents: 100n, classCode: 'GUC' }]);
    tx(c.db, () => attributeImportedClasses(c.db, 'ivan', mark));
    expect(history(c.read, 'I1')[0]).toMatchObject({ proposedBy: 'import', proposer: 'ivan', state: 'proposed' });
    expect(() => approve(c.db, 'ivan', 'I1')).toThrow('You ran the import that proposed this classification; another person must review it (nobody reviews their own proposal)');
  });
});
