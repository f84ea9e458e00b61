import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWrite, tx } from '../../src/store/db.js';
import { appendAudit, verifyAuditChain } from '../../src/store/audit.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'recourse-audit-')), 'case.recourse');

describe('audit log', () => {
  it('chains entries and verifies them', () => {
    const db = openWrite(tmp(), { create: true });
    tx(db, () => {
      appendAudit(db, { actor: 'ann', action: 'claim.status', entity: 'claim', entityRef: 'C1', before: { status: 'filed' }, after: { status: 'under_review' }, reason: 'review' });
      appendAudit(db, { actor: 'bob', action: 'claim.status', entity: 'claim', entityRef: 'C1', before: { status: 'under_review' }, after: { status: 'allowed' }, reason: 'ok' });
    });
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 2 });
    db.close();
  });

  it('refuses to append outside a transaction', () => {
    const db = openWrite(tmp(), { create: true });
    expect(() => appendAudit(db, { actor: 'a', action: 'x', entity: 'y' })).toThrow(/inside the transaction/);
    db.close();
  });

  it('cannot be edited or deleted through SQL, and a forged edit breaks the chain', () => {
    const p = tmp();
    const db = openWrite(p, { create: true });
    tx(db, () => {
      for (let i = 0; i < 3; i++) appendAudit(db, { actor: 'ann', action: 'a', entity: 'e', entityRef: `R${i}`, reason: 'r' });
    });
    expect(() => db.exec("UPDATE audit SET actor = 'mallory'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit')).toThrow(/append-only/);
    db.close();
    // A forger who drops the trigger still breaks the hash chain.
    const raw = new Database(p);
    raw.exec("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 2");
    raw.close();
    const again = openWrite(p);
    const r = verifyAuditChain(again);
    expect(r.ok).toBe(false);
    expect(r.brokenAt?.id).toBe(2);
    again.close();
  });
});
