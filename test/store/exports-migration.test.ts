import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCase, closeCase } from '../../src/services/case.js';
import { openWrite } from '../../src/store/db.js';
import { caseInfo, proofSecret } from '../../src/export/load.js';
import { noticeSettings, saveNoticeSettings } from '../../src/services/notices-settings.js';

const newCase = () => {
  const path = join(mkdtempSync(join(tmpdir(), 'recourse-m006-')), 'c.recourse');
  closeCase(createCase({ path, name: 'Example Exchange Ltd', currency: 'USD', petitionDate: '2026-01-15' }, 'tester'));
  return path;
};

describe('migration 006 (exports and notices)', () => {
  it('creates the notices log and a random proof secret per case, and a 30-day objection period', () => {
    const a = openWrite(newCase());
    const b = openWrite(newCase());
    expect(a.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notices'").pluck().get()).toBe(1n);
    expect(proofSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(proofSecret(a)).not.toBe(proofSecret(b));
    expect(caseInfo(a)).toMatchObject({ objectionDays: 30, objectionDeadline: null, letterhead: { name: 'Example Exchange Ltd', address: '', contact: '' } });
    expect(() => a.prepare("INSERT INTO notices (kind, creditor_ref, batch, file, sha256, generated_at, generated_by) VALUES ('letter', 'CR-1', 'b', 'f.pdf', ?, 'now', 'x')").run('0'.repeat(64))).toThrow(/CHECK/);
    a.close();
    b.close();
  });

  it('keeps notice settings as case settings, audited; an empty text restores the default', () => {
    const db = openWrite(newCase());
    const s = saveNoticeSettings(db, 'dana', { letterheadName: 'Joint Liquidators of Example Exchange', letterheadContact: 'claims@example.org', objectionDays: 21 });
    expect(s).toMatchObject({ letterheadName: 'Joint Liquidators of Example Exchange', letterheadContact: 'claims@example.org', objectionDays: 21 });
    const audit = db.prepare("SELECT actor, before, after FROM audit WHERE action = 'case.notice_settings'").get() as { actor: string; before: string; after: string };
    expect(audit.actor).toBe('dana');
    expect(JSON.parse(audit.before).letterheadName).toBe('Example Exchange Ltd');
    expect(saveNoticeSettings(db, 'dana', { letterheadName: '' }).letterheadName).toBe('Example Exchange Ltd');
    expect(() => saveNoticeSettings(db, 'dana', { objectionDays: 0 })).toThrow(/1 to 365/);
    expect(noticeSettings(db).objectionDays).toBe(21);
    db.close();
  });
});
