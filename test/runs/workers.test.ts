/**
 * The jobs store exactly what the one-thread path stores; the finalize job
 * computes the proof root in a helper worker while it takes the backup.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { closeCase } from '../../src/services/case.js';
import { computeDraftTask, draftRun } from '../../src/services/runs-compute.js';
import { approveRun, finalizeRun, finalizeRunTask } from '../../src/services/runs.js';
import { openRead, openWrite } from '../../src/store/db.js';
import { APPROVER, DRAFTER, WORKED, opts, workedCase } from './fixture.js';

const ctx = () => ({ progress: () => undefined, signal: new AbortController().signal });

function stored(path: string) {
  const db = openRead(path);
  try {
    const run = db.prepare('SELECT ref, input_hash, merkle_root, result FROM runs').raw().all();
    const input = gunzipSync(db.prepare('SELECT input FROM run_inputs').pluck().get() as Buffer).toString('utf8');
    const lines = db.prepare('SELECT * FROM run_lines ORDER BY run_id, claim_ref, class_code').raw().all();
    return { run, input, lines };
  } finally {
    db.close();
  }
}

describe('runs as jobs', () => {
  it('store the same run, input, hash, lines and proof root as the one-thread path', async () => {
    // With a claim of an unapproved class and one without a class ("U" lines in the input).
    const c = workedCase([
      ...WORKED,
      { ref: 'U1', classCode: 'GUC', amount: '50.00', status: 'allowed', classStatus: 'proposed' },
      { ref: 'N1', classCode: null, amount: '20.00', status: 'filed' },
    ]);
    const path = c.path;
    closeCase(c);
    const copy = path.replace(/\.recourse$/, '-copy.recourse');
    copyFileSync(path, copy);
    const o = opts({ release: 100_000n, includeUnapproved: true });

    const viaJob = await computeDraftTask({ casePath: path, actor: DRAFTER, options: o }, ctx());
    const w = openWrite(copy);
    const inline = await draftRun(w, DRAFTER, o);
    w.close();
    expect(viaJob.ref).toBe(inline.ref);
    const a = stored(path);
    const b = stored(copy);
    expect(a.input).toContain('\nU\tU1\t');
    expect(a.run).toEqual(b.run);
    expect(a.input).toBe(b.input);
    expect(a.lines).toEqual(b.lines);

    for (const p of [path, copy]) {
      const db = openWrite(p);
      approveRun(db, APPROVER, inline.ref);
      db.close();
    }
    const fin = await finalizeRunTask({ casePath: path, actor: APPROVER, run: inline.ref }, ctx());
    const db = openWrite(copy);
    const one = finalizeRun(db, APPROVER, inline.ref);
    db.close();
    expect(fin.merkleRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(fin.merkleRoot).toBe(one.merkleRoot);
  });

  it('reads a claim value beyond 2^53 minor units exactly', async () => {
    const c = workedCase([...WORKED, { ref: 'BIG', classCode: 'GUC', amount: '12345678901234567.89', status: 'allowed' }]);
    const d = await draftRun(c.db, DRAFTER, opts({ release: 100_000n }));
    expect(c.db.prepare("SELECT value FROM run_lines WHERE run_id = ? AND claim_ref = 'BIG'").pluck().get(d.id)).toBe(
      '1234567890123456789',
    );
    closeCase(c);
  });
});
