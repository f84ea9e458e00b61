import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { EMPTY_ROOT, leafHash, MerkleTree, nodeHash, rootFrom, saltFor } from '../../src/proof/merkle.js';
import { parseStatement, verifyStatement } from '../../src/proof/statement.js';
import { CREDITORS, SECRET, plan, run1 } from '../export/fixtures.js';

describe('proof of distribution', () => {
  const { data } = run1();
  const p = plan(data);
  const statement = (ref: string) => p.build(CREDITORS.get(ref)!, p.creditors.find((c) => c.ref === ref)!.claims).proof!;

  it('every creditor can prove each of their entries against the published root', () => {
    expect(p.root).toMatch(/^[0-9a-f]{64}$/);
    for (const c of p.creditors) {
      const st = statement(c.ref);
      const r = verifyStatement(st, p.root);
      expect(r.ok).toBe(true);
      expect(r.entries.map((e) => e.claim)).toEqual(c.claims.map((i) => data.claims[i]!.ref));
    }
  });

  it('carries the amounts the statement prints (spec §8 run 1: G1 is paid 280.00)', () => {
    const st = statement('CR-0003');
    const g1 = st.entries.find((e) => e.claim === 'G1')!;
    expect(g1).toMatchObject({ class: 'GUC', paid_this_run: '280.00', paid_cumulative: '280.00' });
  });

  it('fails when an amount, the class, the salt or the root is changed', () => {
    const st = statement('CR-0003');
    const tampered = (f: (s: typeof st) => void) => {
      const copy = JSON.parse(JSON.stringify(st)) as typeof st;
      f(copy);
      return verifyStatement(copy, p.root);
    };
    expect(tampered((s) => (s.entries[0]!.paid_this_run = '280.01')).ok).toBe(false);
    expect(tampered((s) => (s.entries[0]!.paid_cumulative = '281.00')).ok).toBe(false);
    expect(tampered((s) => (s.entries[0]!.class = 'ADMIN')).ok).toBe(false);
    expect(tampered((s) => (s.salt = '00'.repeat(32))).ok).toBe(false);
    expect(verifyStatement(st, 'ff'.repeat(32)).ok).toBe(false);
    // only the tampered entry fails; the other still verifies
    const r = tampered((s) => (s.entries[0]!.paid_this_run = '999.99'));
    expect(r.entries.map((e) => e.included)).toEqual([false, true]);
  });

  it("reveals no other creditor's amounts: nothing of theirs is in the proof, and their leaves cannot be recomputed without their salt", () => {
    const st = statement('CR-0001');
    const text = JSON.stringify(st);
    for (const other of ['G1', 'G2', 'G3', 'P1', 'CR-0003', 'CR-0004', '280.00', '200.00', '300.00']) expect(text).not.toContain(other);
    // G2 (CR-0004) was paid 200.00: an attacker who guesses the figures but lacks the salt gets a leaf that is not in the tree.
    const guess = { run: 'R-2026-01', claim: 'G2', class: 'GUC', paidThisRun: '200.00', paidCumulative: '200.00', currency: 'USD' };
    for (const salt of ['', '00'.repeat(32), saltFor('00'.repeat(32), 'CR-0004', 'R-2026-01'), st.salt]) {
      const leaf = leafHash({ ...guess, salt });
      expect(st.entries[0]!.proof).not.toContain(leaf.toString('hex'));
    }
    // with the real salt (which only CR-0004 receives) the same figures are a leaf: the salt is what protects them
    const real = leafHash({ ...guess, salt: saltFor(SECRET, 'CR-0004', 'R-2026-01') });
    const tree = new MerkleTree(p.creditors.flatMap((c) => statement(c.ref).entries.map((e) => leafHash({ run: 'R-2026-01', claim: e.claim, class: e.class, paidThisRun: e.paid_this_run, paidCumulative: e.paid_cumulative, currency: 'USD', salt: statement(c.ref).salt }))));
    expect(tree.root).toBe(p.root);
    expect(tree.indexOf(real)).toBeGreaterThanOrEqual(0);
  });

  it('builds trees of any size: odd levels carry the last node up, one leaf is its own root, none has the empty root', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => createHash('sha256').update(String(i)).digest());
    for (let n = 1; n <= 13; n++) {
      const t = new MerkleTree(leaves.slice(0, n));
      for (const l of leaves.slice(0, n)) expect(rootFrom(l, t.proof(l))).toBe(t.root);
    }
    expect(new MerkleTree([leaves[0]!]).root).toBe(leaves[0]!.toString('hex'));
    expect(new MerkleTree([]).root).toBe(EMPTY_ROOT);
    // sorted pairs: the order of children does not matter
    expect(nodeHash(leaves[0]!, leaves[1]!).equals(nodeHash(leaves[1]!, leaves[0]!))).toBe(true);
    expect(() => new MerkleTree(leaves.slice(0, 3)).proof(leaves[5]!)).toThrow(/not a leaf/);
  });

  it('matches the documented leaf bytes', () => {
    const d = { run: 'R-1', claim: 'C-1', class: 'GUC', paidThisRun: '361.66', paidCumulative: '641.66', currency: 'USD', salt: 'ab'.repeat(32) };
    const text = `recourse-leaf-v1\nR-1\nC-1\nGUC\n361.66\n641.66\nUSD\n${'ab'.repeat(32)}`;
    expect(leafHash(d).toString('hex')).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('refuses malformed statements with a message that says what is wrong', () => {
    expect(() => parseStatement({})).toThrow(/format must be/);
    expect(() => parseStatement({ ...statement('CR-0001'), salt: 'xyz' })).toThrow(/salt/);
    expect(() => parseStatement({ ...statement('CR-0001'), entries: [] })).toThrow(/at least one entry/);
    expect(() => verifyStatement(statement('CR-0001'), 'not-a-root')).toThrow(/64 hex/);
  });
});
