import { afterEach, describe, expect, it } from 'vitest';
import { saveRules } from '../../src/services/classify-rules.js';
import { classify, previewRules } from '../../src/services/classify.js';
import { approve, history, override, propose } from '../../src/services/classify-review.js';
import { AppError } from '../../src/errors.js';
import { makeCase, closeCase, claimClass, type ClaimSpec } from './fixture.js';
import type { OpenCase } from '../../src/services/case.js';
import type { RuleInput } from '../../src/api/contract/classes.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../../src/gen/synthetic.js';
import { openWrite } from '../../src/store/db.js';

const CLAIMS: ClaimSpec[] = [
  { ref: 'E1', cents: 2_000_000n, type: 'employee', classCode: 'GUC', classStatus: 'approved' },
  { ref: 'E2', cents: 300_000n, type: 'employee', classCode: 'CUST' },
  { ref: 'E3', cents: 40_000n, type: 'employee' },
  { ref: 'S1', cents: 50_000n, classCode: 'CUST' },
  { ref: 'S2', cents: 90_000n, classCode: 'CONV' },
  { ref: 'G1', cents: 7_500_000n, type: 'entity', classCode: 'CUST' },
  { ref: 'D1', cents: 10_000n, type: 'employee', status: 'disallowed' },
];
const RULES: RuleInput[] = [
  { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'], minValue: '1000.00' } },
  { name: 'Small claims', classCode: 'CONV', when: { maxValue: '1000.00' } },
];

describe('classifying by rules', () => {
  let c: OpenCase;
  afterEach(() => c && closeCase(c));

  it('previews per rule how many claims and how much value move, and from which class, without changing anything', () => {
    c = makeCase(CLAIMS);
    saveRules(c.db, 'ana', RULES);
    const p = previewRules(c.read);
    expect(p.claims).toBe(6); // the disallowed claim is not classified
    expect(p.rules[0]).toMatchObject({ name: 'Employees', classCode: 'PRIO', matched: 2, matchedValue: '23000.00', moved: 2, movedValue: '23000.00', reopened: 1 });
    expect(p.rules[0]!.from).toEqual([
      { from: 'GUC', count: 1, value: '20000.00' },
      { from: 'CUST', count: 1, value: '3000.00' },
    ]);
    // E3 (400.00, employee but under 1,000.00) falls to the second rule; S2 is already CONV
    expect(p.rules[1]).toMatchObject({ matched: 3, moved: 2, movedValue: '900.00' });
    expect(p.rules[1]!.from).toEqual([
      { from: 'CUST', count: 1, value: '500.00' },
      { from: null, count: 1, value: '400.00' },
    ]);
    expect(p).toMatchObject({ unmatched: 1, unmatchedValue: '75000.00', moved: 4, movedValue: '23900.00' });
    expect(claimClass(c, 'E1')).toEqual({ code: 'GUC', status: 'approved' });
  });

  it('previews a draft of rules before it is saved', () => {
    c = makeCase(CLAIMS);
    const p = previewRules(c.read, [{ classCode: 'SUB', when: { creditorTypes: ['entity'] } }]);
    expect(p.rules).toEqual([expect.objectContaining({ ruleId: null, name: 'Creditor entity', moved: 1, movedValue: '75000.00' })]);
    expect(() => previewRules(c.read, [{ classCode: 'SUB', when: { maxValue: '1.234' } }])).toThrow(/3 decimals/);
  });

  it('applies: records per claim the proposed class, the rule, and who ran it; the claim summary follows', async () => {
    c = makeCase(CLAIMS);
    saveRules(c.db, 'ana', RULES);
    const r = await classify(c.db, 'ana', { apply: true });
    expect(r).toMatchObject({ applied: true, moved: 4, version: 2 });
    expect(claimClass(c, 'E1')).toEqual({ code: 'PRIO', status: 'proposed' });
    expect(claimClass(c, 'E3')).toEqual({ code: 'CONV', status: 'proposed' });
    expect(claimClass(c, 'G1')).toEqual({ code: 'CUST', status: 'proposed' });
    const [now, before] = history(c.read, 'E1');
    expect(now).toMatchObject({ classCode: 'PRIO', proposedBy: 'rule:1', proposedByText: 'rule 1 (Employees)', proposer: 'ana', state: 'proposed', version: 2, current: true });
    expect(before).toMatchObject({ classCode: 'GUC', proposedBy: 'import', state: 'approved', current: false });
    const audit = c.db.prepare("SELECT actor, after FROM audit WHERE action = 'classification.apply'").get() as { actor: string; after: string };
    expect(audit.actor).toBe('ana');
    expect(JSON.parse(audit.after)).toMatchObject({ moved: 4, movedValue: '23900.00', version: 2 });
    // applying again changes nothing
    const again = await classify(c.db, 'ana', { apply: true });
    expect(again.moved).toBe(0);
    expect(history(c.read, 'E1')).toHaveLength(2);
  });

  it("never moves a claim a reviewer decided or a person proposed by hand", async () => {
    c = makeCase(CLAIMS);
    override(c.db, 'lee', 'E2', 'SUB', 'Claim relates to a shareholder loan', '11 U.S.C. § 510(b)');
    propose(c.db, 'kim', 'S1', 'ADMIN', 'Post-petition services');
    saveRules(c.db, 'ana', RULES);
    const r = await classify(c.db, 'ana', { apply: true });
    expect(r.kept).toBe(2);
    expect(r.rules[0]).toMatchObject({ kept: 1, moved: 1 });
    expect(claimClass(c, 'E2')).toEqual({ code: 'SUB', status: 'overridden' });
    expect(claimClass(c, 'S1')).toEqual({ code: 'ADMIN', status: 'proposed' });
  });

  it('writes nothing when cancelled', async () => {
    c = makeCase(CLAIMS);
    saveRules(c.db, 'ana', RULES);
    const ac = new AbortController();
    ac.abort();
    await expect(classify(c.db, 'ana', { apply: true, signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(claimClass(c, 'E1')).toEqual({ code: 'GUC', status: 'approved' });
    expect(c.db.prepare("SELECT count(*) FROM audit WHERE action = 'classification.apply'").pluck().get()).toBe(0n);
  });

  it('asks for a rule before classifying', async () => {
    c = makeCase(CLAIMS);
    await expect(classify(c.db, 'ana', { apply: false })).rejects.toThrow(/no classification rules yet/);
  });

  it('matches tags on the claim or its creditor, and jurisdictions whatever their case', async () => {
    c = makeCase([
      { ref: 'T1', cents: 100n, tags: 'Litigation, hold' },
      { ref: 'T2', cents: 100n, creditorTags: '["litigation"]' },
      { ref: 'T3', cents: 100n, jurisdiction: ' ky' },
      { ref: 'T4', cents: 100n },
    ]);
    saveRules(c.db, 'ana', [
      { classCode: 'SUB', when: { tags: ['litigation'] } },
      { classCode: 'GUC', when: { jurisdictions: ['KY'] } },
    ]);
    await classify(c.db, 'ana', { apply: true });
    expect(['T1', 'T2', 'T3', 'T4'].map((r) => claimClass(c, r).code)).toEqual(['SUB', 'SUB', 'GUC', null]);
  });

  it('lets another person approve a rule proposal, but not the one who ran the rules', async () => {
    c = makeCase(CLAIMS);
    saveRules(c.db, 'ana', RULES);
    await classify(c.db, 'ana', { apply: true });
    expect(() => approve(c.db, 'ana', 'E1')).toThrow(AppError);
    expect(() => approve(c.db, 'ana', 'E1')).toThrow('You ran rule 1 (Employees), which proposed this classification; another person must review it (nobody reviews their own proposal)');
    expect(approve(c.db, 'lee', 'E1')).toMatchObject({ state: 'approved', reviewer: 'lee', classCode: 'PRIO' });
    expect(claimClass(c, 'E1')).toEqual({ code: 'PRIO', status: 'approved' });
  });
});

describe('classifying at scale', () => {
  it('moves many claims set-wise, and leaves the indexes and triggers as they were', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'recourse-classify-bulk-')), 'case.recourse');
    generateCase({ path, claims: 70_000, seed: 5 });
    const db = openWrite(path);
    try {
      const schema = () => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'claims' ORDER BY type, name").all();
      const before = schema();
      saveRules(db, 'ana', [
        { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } },
        { name: 'Everything else', classCode: 'SUB', when: {} },
      ]);
      const r = await classify(db, 'ana', { apply: true });
      expect(r.moved).toBeGreaterThanOrEqual(50_000); // the bulk path: indexes rebuilt, quiet triggers set aside
      expect(schema()).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (sql: string) => Number(db.prepare(sql).pluck().get());
      expect(n("SELECT count(*) FROM classifications WHERE current = 1 AND proposed_by LIKE 'rule:%' AND proposer = 'ana'")).toBe(r.moved);
      expect(n('SELECT count(*) FROM claims c JOIN classifications k ON k.claim_id = c.id AND k.current = 1 WHERE k.class_code IS NOT c.class_code')).toBe(0);
      // the triggers are back: a class written straight into a claim is still recorded as proposed by the import
      const id = n("SELECT id FROM claims WHERE class_code = 'SUB' LIMIT 1");
      db.prepare("UPDATE claims SET class_code = 'GUC' WHERE id = ?").run(id);
      expect(db.prepare('SELECT class_code, proposed_by FROM classifications WHERE claim_id = ? AND current = 1').get(id)).toEqual({ class_code: 'GUC', proposed_by: 'import' });
    } finally {
      db.close();
    }
  });
});
