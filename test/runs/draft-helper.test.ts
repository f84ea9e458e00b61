/**
 * A large draft has its canonical input written by a helper worker while the
 * job's worker computes (src/services/runs-input.ts): forced here on a small
 * case, it stores exactly what the one-thread path stores, paid-before amounts
 * of a finalized run included; and should the helper fail, the draft writes
 * the input itself.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, renameSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { closeCase } from '../../src/services/case.js';
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

async function draftWithHelper(db: WriteDb, o: RunOptions) {
  db.exec('BEGIN IMMEDIATE');
  try {
    const r = await computeDraft(db, DRAFTER, o, { parallelFrom: 1 });
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
  ]);
  const r1 = await draftRun(c.db, DRAFTER, opts({ release: 50_000n, withholdUnverified: true }));
  approveRun(c.db, APPROVER, r1.ref);
  finalizeRun(c.db, APPROVER, r1.ref);
  const path = c.path;
  closeCase(c);
  const copy = path.replace(/\.recourse$/, '-copy.recourse');
  copyFileSync(path, copy);
  return { path, copy };
}

describe('the canonical input written by a helper worker', () => {
  it('is the one the one-thread path writes, with the same run, lines and audit entry', async () => {
    const { path, copy } = await twoCopies();
    for (const o of [
      opts({ release: 100_000n, includeUnapproved: true, withholdUnverified: true }),
      opts({ release: 0n, final: true, deMinimis: 500n, disputedAs: '50' }),
    ]) {
      const a = openWrite(path);
      const viaHelper = await draftWithHelper(a, o);
      a.close();
      const b = openWrite(copy);
      const inline = await draftRun(b, DRAFTER, o);
      b.close();
      expect(viaHelper).toEqual(inline);
    }
    const a = stored(path);
    const b = stored(copy);
    expect(a.input[1]).toContain('\nU\tU1\t');
    expect(a.input[1]).toContain('Tab\\tand\\\\slash');
    expect(a.input[1]).toMatch(/\nC\tG1\t[^\n]*\tGUC=\d+\n/); // paid before, from the finalized run
    expect(a).toEqual(b);
    const db = openWrite(path);
    for (const ref of ['R-002', 'R-003']) expect(verifyRun(db, ref).ok).toBe(true);
    db.close();
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
