import { afterEach, describe, expect, it } from 'vitest';
import { closeCase, type OpenCase } from '../../src/services/case.js';
import { draftRun } from '../../src/services/runs-compute.js';
import { approveRun, discardRun, finalizeRun, verifyRun } from '../../src/services/runs.js';
import { runLines, runView } from '../../src/services/runs-view.js';
import { runJson } from '../../src/services/runs-json.js';
import { bulkStatus } from '../../src/services/claims-lifecycle.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { APPROVER, DRAFTER, addClaims, linesOf, opts, workedCase } from './fixture.js';

let c: OpenCase | null = null;
afterEach(() => {
  if (c) closeCase(c);
  c = null;
});

async function finalized(cs: OpenCase, release: bigint, date = '2026-03-01') {
  const r = await draftRun(cs.db, DRAFTER, opts({ release, date }));
  approveRun(cs.db, APPROVER, r.ref);
  return finalizeRun(cs.db, APPROVER, r.ref);
}

describe('run lifecycle', () => {
  it('refuses approval by the person who drafted the run, naming the rule and the way out', async () => {
    c = workedCase();
    const r = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    expect(() => approveRun(c!.db, DRAFTER, r.ref)).toThrow(
      /drafted by alice; another person must approve it \(four-eyes rule\)\. Change the user under Settings/,
    );
    expect(() => approveRun(c!.db, 'ALICE', r.ref)).toThrow(/another person/);
    expect(() => finalizeRun(c!.db, APPROVER, r.ref)).toThrow(/is draft and cannot be finalized\. It must be approved first/);
    expect(runView(c.read, r.ref).state).toBe('draft');
  });

  it('keeps a finalized run and its lines immutable, even to SQL written by hand', async () => {
    c = workedCase();
    const f = await finalized(c, 100000n);
    expect(() => c!.db.prepare("UPDATE run_lines SET paid = '1' WHERE run_id = ?").run(f.id)).toThrow(/never change/);
    expect(() => c!.db.prepare('DELETE FROM run_lines WHERE run_id = ?').run(f.id)).toThrow(/never deleted/);
    expect(() => c!.db.prepare("UPDATE runs SET release = '1' WHERE id = ?").run(f.id)).toThrow(/never changes/);
    expect(() => c!.db.prepare('DELETE FROM runs WHERE id = ?').run(f.id)).toThrow(/never deleted/);
    expect(() => c!.db.prepare("UPDATE run_inputs SET input = X'00' WHERE run_id = ?").run(f.id)).toThrow(/never changes/);
    expect(() => discardRun(c!.db, APPROVER, f.ref, 'Changed my mind')).toThrow(/finalized and cannot be discarded/);
    expect(linesOf(c, f.id).G1!.paid).toBe('28000');
  });

  it('records finalized payments in the distributions ledger, which reduces the estate cash', async () => {
    c = workedCase();
    const draft = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    expect(estateCash(c.read).USD!.distributed).toBe(0n);
    approveRun(c.db, APPROVER, draft.ref);
    expect(estateCash(c.read).USD!.distributed).toBe(0n);
    finalizeRun(c.db, APPROVER, draft.ref);
    expect(c.read.prepare('SELECT currency, amount FROM distributions_ledger').all()).toEqual([{ currency: 'USD', amount: '88000' }]);
    expect(estateCash(c.read).USD!.distributed).toBe(88000n);
  });

  it('refuses to approve a draft once the case changed or another run was finalized after it', async () => {
    c = workedCase();
    const a = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    const b = await draftRun(c.db, DRAFTER, opts({ release: 100000n }));
    approveRun(c.db, APPROVER, a.ref);
    finalizeRun(c.db, APPROVER, a.ref);
    expect(() => approveRun(c!.db, APPROVER, b.ref)).toThrow(/R-001 was finalized after R-002 was drafted/);
    const d = await draftRun(c.db, DRAFTER, opts({ release: 1000n, date: '2026-03-02' }));
    bulkStatus(c.db, 'reviewer', { refs: ['G3'], status: 'disallowed', reason: 'No account in the ledger' });
    expect(runView(c.read, d.ref).stale).toMatch(/The case changed after R-003 was drafted \(claim.status G3 by reviewer/);
    expect(() => approveRun(c!.db, APPROVER, d.ref)).toThrow(/draft the run again/);
    const gone = discardRun(c.db, APPROVER, d.ref, 'Stale after G3 was disallowed');
    expect(gone.state).toBe('discarded');
    expect(c.read.prepare('SELECT count(*) FROM run_lines WHERE run_id = ?').pluck().get(d.id)).toBe(0n);
    const audit = c.read.prepare("SELECT action, actor, reason FROM audit WHERE entity = 'run' ORDER BY id").all();
    expect(audit).toContainEqual({ action: 'run.discard', actor: APPROVER, reason: 'Stale after G3 was disallowed' });
    expect(audit.filter((x) => (x as { action: string }).action === 'run.finalize')).toHaveLength(1);
  });

  it('verify recomputes a run and names a tampered line', async () => {
    c = workedCase();
    const f = await finalized(c, 100000n);
    expect(verifyRun(c.read, f.ref)).toMatchObject({ ok: true, hashOk: true, mismatchCount: 0, linesChecked: 5 });
    // Someone edits the file with a SQLite tool: the trigger has to go first.
    c.db.exec('DROP TRIGGER run_lines_frozen');
    c.db.prepare("UPDATE run_lines SET paid = '29000' WHERE run_id = ? AND claim_ref = 'G1'").run(f.id);
    const rep = verifyRun(c.read, f.ref);
    expect(rep.ok).toBe(false);
    expect(rep.hashOk).toBe(true);
    expect(rep.mismatches).toEqual([{ claim: 'G1', class: 'GUC', field: 'paid', stored: '29000', computed: '28000' }]);
    expect(rep.message).toMatch(/R-001 does NOT verify: 1 difference/);
    c.db.exec('DROP TRIGGER run_inputs_frozen');
    c.db.prepare('UPDATE run_inputs SET input = (SELECT input FROM run_inputs WHERE run_id = ?) WHERE run_id = ?').run(f.id, f.id);
    const d = await draftRun(c.db, DRAFTER, opts({ release: 0n, date: '2026-03-02' }));
    c.db.prepare('UPDATE run_inputs SET input = (SELECT input FROM run_inputs WHERE run_id = ?) WHERE run_id = ?').run(f.id, d.id);
    const swapped = verifyRun(c.read, d.ref);
    expect(swapped.hashOk).toBe(false);
    expect(swapped.message).toMatch(/the stored input does not match its hash/);
  });

  it('the second run builds on what the first paid (paid_before), and the schedule shows the change per claim', async () => {
    c = workedCase();
    await finalized(c, 100000n);
    const r2 = await draftRun(c.db, DRAFTER, opts({ release: 30000n, date: '2026-04-01' }));
    const page = runLines(c.read, { run: r2.ref, limit: 10 });
    expect(page.basis).toBe('R-001');
    expect(page.total).toBe(5);
    const g1 = page.rows.find((r) => r.claim === 'G1')!;
    // D = 1,300.00: GUC gets 900 of 1,500 (60%): G1 420.00 of which 280.00 paid before.
    expect(g1).toMatchObject({ entitled: '420.00', paidBefore: '280.00', paid: '140.00', previous: '280.00', change: '140.00' });
    const first = runLines(c.read, { run: r2.ref, limit: 2 });
    expect(first.rows.map((r) => r.claim)).toEqual(['A1', 'G1']);
    const second = runLines(c.read, { run: r2.ref, limit: 2, after: first.next! });
    expect(second.rows.map((r) => r.claim)).toEqual(['G2', 'G3']);
    expect(runLines(c.read, { run: r2.ref, limit: 10, changedOnly: true }).rows.map((r) => r.claim)).toEqual(['G1', 'G2', 'G3']);
  });

  it('withholds payment from creditors whose KYC is not verified only when asked', async () => {
    c = workedCase([
      { ref: 'A1', classCode: 'GUC', amount: '600.00', status: 'allowed', kyc: 'pending' },
      { ref: 'B1', classCode: 'GUC', amount: '400.00', status: 'allowed' },
    ]);
    const plain = await draftRun(c.db, DRAFTER, opts({ release: 50000n }));
    expect(linesOf(c, plain.id).A1).toMatchObject({ paid: '30000', withheld: '0' });
    const kyc = await draftRun(c.db, DRAFTER, opts({ release: 50000n, withholdUnverified: true }));
    expect(linesOf(c, kyc.id).A1).toMatchObject({ entitled: '30000', paid: '0', withheld: '30000' });
    expect(linesOf(c, kyc.id).B1).toMatchObject({ paid: '20000', withheld: '0' });
    expect(runView(c.read, kyc.ref).totals).toMatchObject({ paidThisRun: '200.00', withheld: '300.00' });
  });

  it('leaves out claims whose class is not approved and lists them; includes them only when asked', async () => {
    c = workedCase([
      { ref: 'G1', classCode: 'GUC', amount: '700.00', status: 'allowed' },
      { ref: 'G2', classCode: 'GUC', amount: '300.00', status: 'allowed', classStatus: 'proposed' },
      { ref: 'N1', classCode: null, amount: '50.00', status: 'filed' },
      { ref: 'X1', classCode: null, amount: '80.00', status: 'withdrawn' },
    ]);
    const r = await draftRun(c.db, DRAFTER, opts({ release: 70000n }));
    expect(Object.keys(linesOf(c, r.id))).toEqual(['G1']);
    const v = runView(c.read, r.ref);
    expect(v.unapproved).toMatchObject({ count: 2, excluded: 1, noClass: 1, included: 0, value: '350.00' });
    expect(v.unapproved.sample).toEqual([
      { ref: 'G2', classCode: 'GUC', status: 'allowed', value: '300.00', state: 'excluded' },
      { ref: 'N1', classCode: null, status: 'filed', value: '50.00', state: 'no_class' },
    ]);
    expect(v.warnings.join(' ')).toMatch(/1 claim is left out because its class is not approved yet/);
    const doc = JSON.parse(runJson(c.read, r.ref)) as { unapproved: unknown[] };
    expect(doc.unapproved).toEqual([
      { ref: 'G2', class: 'GUC', status: 'allowed', value: '300.00', state: 'excluded' },
      { ref: 'N1', class: null, status: 'filed', value: '50.00', state: 'no_class' },
    ]);
    const inc = await draftRun(c.db, DRAFTER, opts({ release: 70000n, includeUnapproved: true }));
    expect(linesOf(c, inc.id).G2).toMatchObject({ paid: '21000' });
    expect(runView(c.read, inc.ref).unapproved).toMatchObject({ included: 1, excluded: 0 });
  });

  it('refuses to leave out an unapproved claim that earlier runs paid', async () => {
    c = workedCase();
    await finalized(c, 100000n);
    c.db.prepare("UPDATE claims SET class_status = 'proposed' WHERE ref = 'G1'").run();
    await expect(draftRun(c.db, DRAFTER, opts({ release: 0n, date: '2026-04-01' }))).rejects.toThrow(
      /Claim G1 was paid in finalized run R-001 but its class is no longer approved/,
    );
    expect(c.read.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1n);
  });

  it('adds a claim to the register between runs: it catches up in the next run', async () => {
    c = workedCase();
    await finalized(c, 100000n);
    addClaims(c, [{ ref: 'G4', classCode: 'GUC', amount: '500.00', status: 'allowed' }]);
    const r2 = await draftRun(c.db, DRAFTER, opts({ release: 0n, date: '2026-04-01' }));
    // GUC: 600 for 2,000 of demand (30%): G1 (280.00 paid, entitled to 210.00) is overpaid by 70.00 and leaves the
    // computation with what it was paid; 320 for 1,300 leaves G2 (200.00 paid) overpaid too; 120 for 800: G4 gets 15%.
    const l = linesOf(c, r2.id);
    expect(l.G4).toMatchObject({ entitled: '7500', paid: '7500' });
    expect(l.G3).toMatchObject({ reserved: '4500' });
    expect(c.read.prepare("SELECT receivable FROM run_lines WHERE run_id = ? AND claim_ref = 'G1'").pluck().get(r2.id)).toBe('7000');
    expect(verifyRun(c.read, r2.ref).ok).toBe(true);
  });
});
