/**
 * Applying rules with the evaluation on a second thread (classify-eval.ts):
 * the same results, records and claims as on one thread; an encrypted case is
 * read by the helper with this thread's passphrase; a cancel stops both.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../../src/gen/synthetic.js';
import { openWrite, setCaseAccess, type WriteDb } from '../../src/store/db.js';
import { changePassphrase } from '../../src/store/crypto.js';
import { readRules } from '../../src/store/ladder-versions.js';
import { compile } from '../../src/domain/class-rules.js';
import { saveRules } from '../../src/services/classify-rules.js';
import { classify, previewRules } from '../../src/services/classify.js';
import { override, propose } from '../../src/services/classify-review.js';
import { evaluateChunks } from '../../src/services/classify-eval.js';
import { idRange } from '../../src/services/classify-sql.js';
import type { RuleInput } from '../../src/api/contract/classes.js';

const RULES: RuleInput[] = [
  { name: 'Claims on collateral', classCode: 'SEC', when: { secured: true } },
  { name: 'Employees', classCode: 'PRIO', when: { creditorTypes: ['employee'] } },
  { name: 'Offshore affiliates', classCode: 'SUB', when: { creditorTypes: ['affiliate'], jurisdictions: ['KY', 'VG'] } },
  { name: 'Small claims', classCode: 'CONV', when: { maxValue: '1000.00' } },
  { name: 'Coins from the ledger', classCode: 'CUST', when: { sources: ['scheduled'], assets: ['BTC', 'ETH', 'USDT'] } },
  { name: 'Tagged equity', classCode: 'EQ', when: { tags: ['equity', 'shareholder'] } },
  { name: 'Everything else', classCode: 'GUC', when: {} },
];

function newCase(claims: number): { path: string; db: WriteDb } {
  const path = join(mkdtempSync(join(tmpdir(), 'recourse-classify-par-')), 'case.recourse');
  generateCase({ path, claims, seed: 11 });
  return { path, db: openWrite(path) };
}

/** Everything an application writes, but its times. */
function written(db: WriteDb) {
  return {
    records: db
      .prepare('SELECT id, claim_id, class_code, proposed_class, proposed_by, proposer, state, reviewer, version, current FROM classifications ORDER BY id')
      .all(),
    claims: db.prepare('SELECT id, class_code, class_status FROM claims ORDER BY id').all(),
    audit: db.prepare("SELECT actor, entity_ref, after FROM audit WHERE action = 'classification.apply'").all(),
  };
}

function prepare(db: WriteDb): void {
  // a person's decisions, which the rules leave alone
  const refs = db.prepare('SELECT ref FROM claims ORDER BY id LIMIT 4').pluck().all() as string[];
  override(db, 'lee', refs[0]!, 'SUB', 'Shareholder loan');
  propose(db, 'kim', refs[1]!, 'ADMIN', 'Post-petition services');
  saveRules(db, 'ana', RULES);
}

describe('applying rules with the evaluation on a second thread', () => {
  it('gives the same result, records, claims and audit as on one thread', async () => {
    const one = newCase(6_000);
    const two = newCase(6_000);
    try {
      prepare(one.db);
      prepare(two.db);
      const a = await classify(one.db, 'ana', { apply: true, parallel: false });
      const b = await classify(two.db, 'ana', { apply: true, parallel: true, chunk: 700 });
      expect(a.moved).toBeGreaterThan(1_000);
      expect(a.kept).toBe(2);
      expect(b).toEqual(a);
      expect(written(two.db)).toEqual(written(one.db));
      // applying again moves nothing, on either path
      expect((await classify(two.db, 'ana', { apply: true, parallel: true, chunk: 700 })).moved).toBe(0);
      expect(two.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      one.db.close();
      two.db.close();
    }
  });

  it('reads an encrypted case on the helper thread with this thread’s passphrase, in claim order', async () => {
    const c = newCase(3_000);
    c.db.close();
    changePassphrase(c.path, null, 'correct horse battery staple');
    const db = openWrite(c.path);
    try {
      saveRules(db, 'ana', RULES);
      const preview = previewRules(db);
      const rules = compile(readRules(db));
      const { lo, hi } = idRange(db);
      db.exec('BEGIN IMMEDIATE');
      const seen: Array<{ lo: number; by: string }> = [];
      let moved = 0;
      // the writer waits for the helper rather than evaluate chunks itself: every chunk must come from the helper
      for await (const ch of evaluateChunks(db, rules, { lo, hi, size: 400, parallel: true, steal: false })) {
        seen.push({ lo: ch.lo, by: ch.by });
        moved += ch.result.moves.reduce((n, m) => n + m.ids.length, 0);
      }
      db.exec('ROLLBACK');
      expect(seen.map((s) => s.lo)).toEqual(Array.from({ length: Math.ceil((hi - lo + 1) / 400) }, (_, i) => lo + i * 400));
      expect(new Set(seen.map((s) => s.by))).toEqual(new Set(['helper']));
      expect(moved).toBe(preview.moved);
    } finally {
      db.close();
      setCaseAccess(c.path, null);
    }
  });

  it('writes nothing when cancelled half-way, and stops the helper', async () => {
    const c = newCase(4_000);
    try {
      prepare(c.db);
      const before = written(c.db);
      const ac = new AbortController();
      const run = classify(c.db, 'ana', {
        apply: true,
        parallel: true,
        chunk: 500,
        signal: ac.signal,
        progress: (done) => done >= 1_000 && ac.abort(),
      });
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect(c.db.inTransaction).toBe(false);
      expect(written(c.db)).toEqual(before);
    } finally {
      c.db.close();
    }
  });
});
