/**
 * A run drafted, approved and finalized by the runs service (migration 005's
 * tables), read back for exports, statements and proofs, and the CLI doors:
 * `recourse export FILE run RUN`, `recourse notices`, `recourse verify-statement`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createCase, closeCase } from '../../src/services/case.js';
import { openRead, openWrite, tx } from '../../src/store/db.js';
import { draftRun } from '../../src/services/runs-compute.js';
import { approveRun, finalizeRun } from '../../src/services/runs.js';
import { loadRun, merkleRootOfRun, paidByCreditor } from '../../src/export/load-run.js';
import { planStoredStatements } from '../../src/export/notices.js';
import { verifyStatement } from '../../src/proof/statement.js';
import { runCli } from '../../src/cli/main.js';
import { CLASSES, CREDITORS, run1 } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'recourse-run-'));
const casePath = join(dir, 'case.recourse');
const { result } = run1();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, mkdtempSync(join(tmpdir(), 'recourse-cli-data-')));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a stored run', () => {
  let ref = '';
  beforeAll(async () => {
    const c = createCase({ path: casePath, name: 'Meridian Derivatives Ltd (in liquidation)', currency: 'USD', petitionDate: '2025-11-14' }, 'tester');
    closeCase(c);
    const db = openWrite(casePath);
    tx(db, () => {
      const now = '2026-06-30T12:00:00.000Z';
      for (const k of CLASSES) db.prepare('INSERT INTO classes (code, name, rank) VALUES (?, ?, ?)').run(k.code, k.name, k.rank);
      const ids = new Map<string, bigint>();
      for (const cr of CREDITORS.values()) {
        const r = db.prepare("INSERT INTO creditors (ref, name, name_key, type, address, email, kyc, updated_at) VALUES (?, ?, ?, 'individual', ?, ?, 'verified', ?)").run(cr.ref, cr.name, cr.name, cr.address, cr.email, now);
        ids.set(cr.ref, BigInt(r.lastInsertRowid));
      }
      for (const cl of result.claims) {
        const value = cl.portions.reduce((a, p) => a + p.value, 0n);
        db.prepare("INSERT INTO claims (ref, creditor_id, asset, asserted, status, class_code, class_status, value_minor, updated_at) VALUES (?, ?, 'USD', ?, ?, ?, 'approved', ?, ?)")
          .run(cl.ref, ids.get(cl.creditorRef)!, value.toString(), cl.status, cl.portions[0]!.classCode, value, now);
      }
    });
    const opts = { date: '2026-06-30', release: 100000n, final: false, deMinimis: 0n, withholdUnverified: false, includeUnapproved: true, disputedAs: 'reserve' as const };
    ref = (await draftRun(db, 'a.okafor', opts)).ref;
    approveRun(db, 'm.lindqvist', ref);
    finalizeRun(db, 'm.lindqvist', ref);
    db.close();
  });

  it('reads back exactly what the engine computed, with creditors and statuses from the claims', () => {
    const db = openRead(casePath);
    const run = loadRun(db, ref);
    expect(run.identity).toMatchObject({ ref, state: 'finalized', final: false, release: 100000n, draftedBy: 'a.okafor', approvedBy: 'm.lindqvist' });
    expect(run.identity.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.claims.map((c) => [c.ref, c.creditorRef, c.status, c.portions.map((p) => [p.classCode, p.value, p.paid, p.reserved])])).toEqual(
      result.claims.map((c) => [c.ref, c.creditorRef, c.status, c.portions.map((p) => [p.classCode, p.value, p.paid, p.reserved])]),
    );
    expect(run.totals.paidThisRun).toBe(88000n);
    expect(paidByCreditor(db)!.get('CR-0003')).toBe(58000n);
    db.close();
  });

  it('gives each creditor a proof against the root the runs service published at finalization', () => {
    const db = openRead(casePath);
    const p = planStoredStatements(db, ref);
    const stored = db.prepare('SELECT merkle_root FROM runs WHERE ref = ?').pluck().get(ref) as string;
    // the runs service published the same root this area computes
    expect(merkleRootOfRun(db, ref)).toBe(stored);
    expect(p.root).toBe(stored);
    const st = p.build(CREDITORS.get('CR-0004')!, p.creditors.find((c) => c.ref === 'CR-0004')!.claims);
    expect(verifyStatement(st.proof!, stored).ok).toBe(true);
    db.close();
  });

  it('exports its schedule from the command line', async () => {
    const out = join(dir, 'schedule.xlsx');
    const r = await cli('export', casePath, 'run', ref, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote .*schedule\.xlsx: 5 rows/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Schedule', 'By class']);
    const missing = await cli('export', casePath, 'run', 'R-9', '--out', join(dir, 'x.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No run R-9/);
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });

  it('generates one statement per creditor with an index, logs them, and a creditor verifies theirs from the command line', async () => {
    const out = join(dir, 'statements');
    const r = await cli('notices', casePath, '--run', ref, '--out', out, '--as', 'dana');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wrote 4 notices/);
    expect(readdirSync(out).sort()).toEqual(['CR-0001.pdf', 'CR-0003.pdf', 'CR-0004.pdf', 'CR-0005.pdf', 'index.csv']);
    const index = readFileSync(join(out, 'index.csv'), 'utf8').trim().split('\r\n');
    expect(index[0]).toBe('file,creditor,name,paid_this_run,bytes,sha256');
    expect(index.find((l) => l.startsWith('CR-0003.pdf'))).toMatch(/^CR-0003\.pdf,CR-0003,محمد العلي 12,580\.00,\d+,[0-9a-f]{64}$/);
    const db = openRead(casePath);
    expect(db.prepare("SELECT count(*) FROM notices WHERE run_ref = ? AND kind = 'distribution'").pluck().get(ref)).toBe(4n);
    expect(db.prepare("SELECT actor FROM audit WHERE action = 'notices.generate'").pluck().get()).toBe('dana');
    const p = planStoredStatements(db, ref);
    db.close();
    // the same folder again would mix batches: refused
    const again = await cli('notices', casePath, '--run', ref, '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds PDF files/);

    const st = p.build(CREDITORS.get('CR-0003')!, p.creditors.find((c) => c.ref === 'CR-0003')!.claims).proof!;
    const file = join(dir, 'statement.json');
    writeFileSync(file, JSON.stringify(st));
    const ok = await cli('verify-statement', file, '--root', p.root);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Included: claim G1, class GUC');
    expect(ok.out).toContain('All 2 entries of CR-0003 are included');
    writeFileSync(file, JSON.stringify({ ...st, entries: [{ ...st.entries[0]!, paid_this_run: '2800.00' }] }));
    const bad = await cli('verify-statement', file, '--root', p.root);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('NOT included: claim G1');
  });

  it('asks for what is missing', async () => {
    expect((await cli('notices', casePath, '--out', join(dir, 'n'))).err).toMatch(/need --run RUN/);
    expect((await cli('export', casePath, 'everything', '--out', join(dir, 'e.xlsx'))).code).toBe(2);
    expect((await cli('verify-statement', join(dir, 'statement.json'))).err).toMatch(/--root/);
  });
});
