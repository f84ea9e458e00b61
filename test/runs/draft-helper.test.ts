/**
 * A large draft reads its claims in two threads, split by reference, and a
 * helper worker writes the canonical input while the job's worker computes
 * (src/services/runs-input-split.ts): forced here on a small case, at split
 * points from the first claims to past the last, it stores exactly what the
 * one-thread path stores (paid-before amounts of a finalized run and
 * unapproved claims on both sides of the split); should the helper fail, the
 * draft reads what is missing itself; a cancel while it waits for the helper
 * leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, renameSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { closeCase } from '../../src/services/case.js';
import { AppError } from '../../src/errors.js';
import { computeDraft, draftRun } from '../../src/services/runs-compute.js';
import { approveRun, finalizeRun } from '../../src/services/runs.js';
import { verifyRun } from '../../src/services/runs-verify.js';
import { creditorIndex } from '../../src/services/runs-common.js';
import { openRead, openWrite, type WriteDb } from '../../src/store/db.js';
import { APPROVER, DRAFTER, WORKED, opts, workedCase } from './fixture.js';
import type { RunOptions } from '../../src/services/runs-input.js';

function stored(path: string) {
  const db = openRead(path);
  try {
    const run = db.prepare('SELECT ref, input_hash, result FROM runs ORDER BY id').raw().all();
    const input = (db.prepare('SELECT input FROM run_inputs ORDER BY run_id').pluck().all() as Buffer[]).map((b) =>
      gunzipSync(b).toString('utf8'),
    );
    const lines = db.prepare('SELECT * FROM run_lines ORDER BY run_id, claim_ref, class_code').raw().all();
    const audit = db.prepare("SELECT action, entity_ref, after FROM audit WHERE action LIKE 'run.%' ORDER BY id").raw().all();
    return { run, input, lines, audit: audit.map((a) => JSON.stringify(a).replace(/"at":"[^"]*"/g, '')) };
  } finally {
    db.close();
  }
}

async function draftWithHelper(db: WriteDb, o: RunOptions, jobShare?: number, next?: () => Promise<void>) {
  db.exec('BEGIN IMMEDIATE');
  try {
    const r = await computeDraft(db, DRAFTER, o, { parallelFrom: 1, jobShare, next });
    db.exec('COMMIT');
    return r;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** Two copies of a case with a finalized first run (so the second has paid-before amounts). */
async function twoCopies() {
  const c = workedCase([
    ...WORKED,
    { ref: 'U1', classCode: 'GUC', amount: '50.00', status: 'allowed', classStatus: 'proposed' },
    { ref: 'N1', classCode: null, amount: '20.00', status: 'filed' },
    { ref: 'R1', classCode: 'GUC', amount: '80.00', status: 'under_review', reserve: '40.00' },
    { ref: 'K1', classCode: 'GUC', amount: '60.00', status: 'allowed', kyc: 'pending' },
    { ref: 'Tab\tand\\slash', classCode: 'GUC', amount: '10.00', status: 'allowed' },
    { ref: 'W1', classCode: 'GUC', amount: '40.00', status: 'allowed' },
  ]);
  const r1 = await draftRun(c.db, DRAFTER, opts({ release: 50_000n, withholdUnverified: true }));
  approveRun(c.db, APPROVER, r1.ref);
  finalizeRun(c.db, APPROVER, r1.ref);
  // Paid in R-001, withdrawn since: it stays in later runs with what it was paid.
  c.db.prepare("UPDATE claims SET status = 'withdrawn' WHERE ref = 'W1'").run();
  const path = c.path;
  closeCase(c);
  const copy = path.replace(/\.recourse$/, '-copy.recourse');
  copyFileSync(path, copy);
  return { path, copy };
}

describe('the canonical input written by a helper worker', () => {
  it('is the one the one-thread path writes, with the same run, lines and audit entry, wherever the claims are split', async () => {
    const { path, copy } = await twoCopies();
    // 11 claims in reference order: A1 G1 G2 G3 K1 N1 P1 R1 Tab… U1 W1. The job reads up to the one at 11 × share.
    const refs: string[] = [];
    for (const share of [0.1, 0.3, 0.6, 0.95]) {
      for (const o of [
        opts({ release: 100_000n, includeUnapproved: true, withholdUnverified: true }),
        opts({ release: 0n, final: true, deMinimis: 500n, disputedAs: '50' }),
      ]) {
        const a = openWrite(path);
        const viaHelper = await draftWithHelper(a, o, share);
        a.close();
        const b = openWrite(copy);
        const inline = await draftRun(b, DRAFTER, o);
        b.close();
        expect(viaHelper).toEqual(inline);
        refs.push(viaHelper.ref);
      }
    }
    const a = stored(path);
    const b = stored(copy);
    expect(a.input[1]).toContain('\nU\tU1\t');
    expect(a.input[1]).toContain('\nU\tN1\t');
    expect(a.input[1]).toContain('Tab\\tand\\\\slash');
    expect(a.input[1]).toMatch(/\nC\tG1\t[^\n]*\tGUC=\d+\n/); // paid before, from the finalized run
    expect(a.input[1]).toMatch(/\nC\tW1\t[^\n]*\twithdrawn\t[^\n]*\tGUC=\d+\n/);
    expect(a).toEqual(b);
    const db = openWrite(path);
    for (const ref of refs) expect(verifyRun(db, ref).ok).toBe(true);
    db.close();
  });

  it('leaves nothing behind when cancelled while it waits for the helper', async () => {
    const { path } = await twoCopies();
    const before = stored(path);
    const a = openWrite(path);
    const cancel = () => Promise.reject(new AppError('cancelled', 'Cancelled: nothing was written'));
    await expect(draftWithHelper(a, opts({ release: 100_000n }), 0.5, cancel)).rejects.toThrow(/Cancelled/);
    a.close();
    expect(stored(path)).toEqual(before);
  });

  it('falls back to writing the input in the job’s thread when the helper cannot read the case', async () => {
    const { path, copy } = await twoCopies();
    const o = opts({ release: 100_000n, includeUnapproved: true });
    const a = openWrite(path);
    const moved = path.replace(/\.recourse$/, '-moved.recourse');
    // The helper opens the case by its path: moved away, it fails to open it (this connection keeps its file).
    renameSync(path, moved);
    let viaFallback;
    try {
      viaFallback = await draftWithHelper(a, o);
    } finally {
      renameSync(moved, path);
    }
    a.close();
    const b = openWrite(copy);
    const inline = await draftRun(b, DRAFTER, o);
    b.close();
    expect(viaFallback).toEqual(inline);
    expect(stored(path)).toEqual(stored(copy));
  });
});

describe('creditorIndex', () => {
  it('finds every creditor by id, with ids from 1 without a gap and with gaps', () => {
    const c = workedCase();
    const check = () => {
      const idx = creditorIndex(c.db);
      const rows = c.db.prepare("SELECT id, ref, kyc = 'verified' AS ok FROM creditors").all() as Array<{
        id: bigint;
        ref: string;
        ok: bigint;
      }>;
      for (const r of rows) {
        expect(idx.ref(Number(r.id))).toBe(r.ref);
        expect(idx.verified(Number(r.id))).toBe(r.ok === 1n);
      }
      expect(() => idx.ref(999)).toThrow(/creditor id 999/);
    };
    check();
    c.db.prepare("UPDATE creditors SET kyc = 'pending' WHERE ref = 'CR-G2'").run();
    const add = c.db.prepare(
      "INSERT INTO creditors (id, ref, name, name_key, type, kyc, updated_at) VALUES (?, ?, 'Gap', 'gap', 'entity', ?, 't')",
    );
    add.run(40, 'CR-GAP', 'verified'); // a gap: ids up to 40, still dense
    check();
    add.run(50_000, 'CR-FAR', 'failed'); // sparse: a Map
    check();
    closeCase(c);
  });
});
