import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { isEncryptedFile, openWrite, setCaseAccess } from '../../src/store/db.js';
import { backupBefore, listBackups } from '../../src/store/backup.js';
import { closeCase, openCase } from '../../src/services/case.js';
import { runCli } from '../../src/cli/main.js';
import { SECRET_NAME, addClaims, fileContains, makeCase, tmpDir } from './helpers.js';

const PASS = 'correct horse battery staple';
const writeTask = fileURLToPath(new URL('./fixtures/write-task.ts', import.meta.url));

async function cli(env: Record<string, string>, ...argv: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, tmpDir('cli-data'));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('encryption at rest', () => {
  it('creates a protected case: no creditor name in the file or its WAL, readable with the passphrase', async () => {
    const p = join(tmpDir(), 'enc.recourse');
    const s = new Session('cli', tmpDir('data'));
    const made = await dispatch(s, 'case.create', { path: p, name: 'Secret estate', petitionDate: '2026-01-15', passphrase: PASS });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.encrypted).toBe(true);
    addClaims(s.requireCase(), 200);
    expect(existsSync(p + '-wal')).toBe(true); // the writes are still in the WAL
    expect(fileContains(p + '-wal', SECRET_NAME)).toBe(false);
    expect(fileContains(p, SECRET_NAME)).toBe(false);
    expect(fileContains(p, 'SQLite format 3')).toBe(false);
    expect(fileContains(p, 'Secret estate')).toBe(false);
    // The audit entry of the creation does not record the passphrase.
    const audit = s.requireCase().read.prepare("SELECT after FROM audit WHERE action = 'case.create'").pluck().get() as string;
    expect(audit).not.toContain(PASS);
    expect(JSON.parse(audit)).toMatchObject({ encrypted: true });
    s.close();
    expect(fileContains(p, SECRET_NAME)).toBe(false);

    const again = new Session('cli', tmpDir('data'));
    const opened = await dispatch(again, 'case.open', { path: p, passphrase: PASS });
    expect(opened.ok && opened.value.name).toBe('Secret estate');
    expect(Number(again.requireCase().read.prepare('SELECT count(*) FROM claims').pluck().get())).toBe(200);
    again.close();
  });

  it('refuses a wrong or missing passphrase with case_locked and a clear message, and forgets it', async () => {
    const p = join(tmpDir(), 'enc.recourse');
    makeCase(p, { passphrase: PASS });
    setCaseAccess(p, null); // as in a new process: nothing remembered
    const s = new Session('cli', tmpDir('data'));
    const none = await dispatch(s, 'case.open', { path: p });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error).toMatchObject({ code: 'case_locked', message: expect.stringMatching(/protected by a passphrase/), details: { needsPassphrase: true } });
    const wrong = await dispatch(s, 'case.open', { path: p, passphrase: 'wrong passphrase' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error).toMatchObject({ code: 'case_locked', message: expect.stringMatching(/passphrase is wrong/), details: { wrongPassphrase: true } });
    expect(() => openWrite(p)).toThrow(/protected by a passphrase/);
    expect(s.current).toBeNull();
  });

  it('asks the session passphrase source (keychain, env or prompt) when none is given, and lets it forget a wrong one', async () => {
    const p = join(tmpDir(), 'enc.recourse');
    makeCase(p, { passphrase: PASS });
    const s = new Session('cli', tmpDir('data'));
    const forgotten: string[] = [];
    const tries = ['stale remembered one', PASS];
    s.passphrases = { get: (_p, attempt) => tries[attempt], forget: (path) => forgotten.push(path) };
    const r = await dispatch(s, 'case.open', { path: p });
    expect(r.ok).toBe(true);
    expect(forgotten).toEqual([p]);
    s.close();
  });

  it('encrypts an existing case and its backups, changes the passphrase, and removes it', async () => {
    const p = join(tmpDir(), 'plain.recourse');
    makeCase(p, { claims: 50 });
    backupBefore(p, 'manual');
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
    expect(fileContains(p, SECRET_NAME)).toBe(true);
    const short = await dispatch(s, 'case.setPassphrase', { next: 'short' });
    expect(!short.ok && short.error.message).toMatch(/at least 8/);

    const enc = await dispatch(s, 'case.setPassphrase', { next: PASS });
    if (!enc.ok) throw new Error(enc.error.message);
    expect(enc.value.case.encrypted).toBe(true);
    expect(isEncryptedFile(p)).toBe(true);
    expect(fileContains(p, SECRET_NAME)).toBe(false);
    for (const b of listBackups(p)) expect(fileContains(b.path, SECRET_NAME)).toBe(false);
    expect(enc.value.backupsRekeyed).toBe(listBackups(p).length);
    addClaims(s.requireCase(), 3, 'AFTER');
    expect(fileContains(p + '-wal', SECRET_NAME)).toBe(false);

    const rekey = await dispatch(s, 'case.setPassphrase', { current: PASS, next: 'a new long passphrase' });
    if (!rekey.ok) throw new Error(rekey.error.message);
    s.close();
    const old = await dispatch(new Session('cli', tmpDir('data')), 'case.open', { path: p, passphrase: PASS });
    expect(!old.ok && old.error.code).toBe('case_locked');
    const s2 = new Session('cli', tmpDir('data'));
    expect((await dispatch(s2, 'case.open', { path: p, passphrase: 'a new long passphrase' })).ok).toBe(true);
    expect(Number(s2.requireCase().read.prepare('SELECT count(*) FROM claims').pluck().get())).toBe(53);
    const dec = await dispatch(s2, 'case.setPassphrase', { next: null });
    if (!dec.ok) throw new Error(dec.error.message);
    expect(dec.value.case.encrypted).toBe(false);
    s2.close();
    expect(fileContains(p, SECRET_NAME)).toBe(true);
    closeCase(openCase(p));
  });

  it('keeps copies and backups encrypted, and lets job workers open the case with the same key', async () => {
    const dir = tmpDir();
    const p = join(dir, 'enc.recourse');
    makeCase(p, { passphrase: PASS, claims: 20 });
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p, passphrase: PASS })).ok).toBe(true);
    const copy = await dispatch(s, 'case.saveCopy', { path: join(dir, 'copy.recourse') });
    if (!copy.ok) throw new Error(copy.error.message);
    expect(isEncryptedFile(copy.value.path)).toBe(true);
    expect(fileContains(copy.value.path, SECRET_NAME)).toBe(false);
    const b = await dispatch(s, 'backup.create', {});
    if (!b.ok) throw new Error(b.error.message);
    expect(fileContains(b.value.path, SECRET_NAME)).toBe(false);
    const end = await s.jobs.wait(s.jobs.start('test', writeTask, 'writeAudit', { casePath: p }).id);
    expect(end.error).toBeNull();
    s.close();
    setCaseAccess(p, null);
  });

  it('CLI: encrypt, open with RECOURSE_PASSPHRASE or --passphrase-file, rekey, decrypt', async () => {
    const dir = tmpDir();
    const p = join(dir, 'c.recourse');
    makeCase(p, { claims: 5 });
    const enc = await cli({ RECOURSE_NEW_PASSPHRASE: PASS }, 'case', 'encrypt', p);
    expect(enc.code).toBe(0);
    expect(isEncryptedFile(p)).toBe(true);
    expect((await cli({}, 'case', 'info', p)).err).toMatch(/protected by a passphrase/);
    const info = await cli({ RECOURSE_PASSPHRASE: PASS }, 'case', 'info', p, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out)).toMatchObject({ encrypted: true, claims: 5 });
    const passFile = join(dir, 'pass.txt');
    (await import('node:fs')).writeFileSync(passFile, `${PASS}\n`);
    expect((await cli({}, 'case', 'info', p, '--passphrase-file', passFile)).code).toBe(0);
    expect((await cli({ RECOURSE_PASSPHRASE: 'nope nope nope' }, 'case', 'info', p)).err).toMatch(/passphrase is wrong/);
    expect((await cli({ RECOURSE_PASSPHRASE: PASS, RECOURSE_NEW_PASSPHRASE: 'second passphrase' }, 'case', 'rekey', p)).code).toBe(0);
    expect((await cli({ RECOURSE_PASSPHRASE: 'second passphrase' }, 'verify', p)).code).toBe(0);
    expect((await cli({ RECOURSE_PASSPHRASE: 'second passphrase' }, 'case', 'decrypt', p)).code).toBe(0);
    expect(isEncryptedFile(p)).toBe(false);
    expect(readFileSync(p).subarray(0, 15).toString()).toBe('SQLite format 3');
    const fresh = join(dir, 'fresh.recourse');
    expect((await cli({ RECOURSE_NEW_PASSPHRASE: PASS }, 'case', 'new', fresh, '--name', 'Fresh', '--petition-date', '2026-01-01', '--encrypt')).code).toBe(0);
    expect(isEncryptedFile(fresh)).toBe(true);
    expect(fileContains(fresh, 'Fresh')).toBe(false);
  });
});
