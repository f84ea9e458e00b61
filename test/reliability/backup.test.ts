import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Raw from 'better-sqlite3-multiple-ciphers';
import { Session } from '../../src/api/session.js';
import { dispatch } from '../../src/api/dispatch.js';
import { backupBefore, backupDir, checkFile, listBackups, rotate } from '../../src/store/backup.js';
import { openWrite, userVersion } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { closeCase, openCase } from '../../src/services/case.js';
import { runCli } from '../../src/cli/main.js';
import { addClaims, corruptMiddle, makeCase, tmpDir } from './helpers.js';

const claimCount = (p: string) => {
  const c = openCase(p);
  try {
    return Number(c.read.prepare('SELECT count(*) FROM claims').pluck().get());
  } finally {
    closeCase(c);
  }
};

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, tmpDir('cli-data'));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('backups', () => {
  it('writes a checked snapshot beside the case while it is open, with its reason in the name', () => {
    const p = join(tmpDir(), 'a.recourse');
    const c = makeCase(p, { claims: 30, keepOpen: true })!;
    const b = backupBefore(p, 'import');
    expect(b.path.startsWith(backupDir(p) + '/')).toBe(true);
    expect(b.name).toMatch(/^\d{8}T\d{9}Z-import\.recourse$/);
    expect(checkFile(b.path, null)).toEqual([]);
    addClaims(c, 5, 'LATER');
    closeCase(c);
    // The backup holds the state at its time, not later changes.
    const raw = new Raw(b.path, { readonly: true });
    expect(raw.prepare('SELECT count(*) n FROM claims').get()).toEqual({ n: 30 });
    raw.close();
    expect(listBackups(p).map((x) => x.name)).toEqual([b.name]);
    expect(readdirSync(backupDir(p)).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('backs up an existing file before migrating it', () => {
    const p = join(tmpDir(), 'old.recourse');
    const raw = new Raw(p);
    raw.pragma('journal_mode = WAL');
    MIGRATIONS[0]!.up(raw as never);
    raw.pragma('user_version = 1');
    raw.pragma('application_id = 1380143699');
    raw.exec("INSERT INTO case_meta VALUES ('name','Old'),('currency','USD'),('petition_date','2025-01-01')");
    raw.close();
    const db = openWrite(p);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
    const [b] = listBackups(p);
    expect(b?.reason).toBe('before-migration-from-v1');
    const copy = new Raw(b!.path, { readonly: true });
    expect(Number(copy.pragma('user_version', { simple: true }))).toBe(1);
    copy.close();
  });

  it('does not back up a brand-new file for its first migration', () => {
    const p = join(tmpDir(), 'new.recourse');
    makeCase(p);
    expect(listBackups(p)).toEqual([]);
  });

  it('keeps the newest 10 and the newest of each of the last 30 days', () => {
    const p = join(tmpDir(), 'r.recourse');
    makeCase(p);
    const dir = backupDir(p);
    backupBefore(p, 'seed');
    const [seed] = listBackups(p);
    mkdirSync(dir, { recursive: true });
    const names: string[] = [];
    const now = new Date('2026-03-31T12:00:00Z');
    // 12 backups today, 2 on each of 5 earlier days, and one 60 days ago.
    for (let i = 0; i < 12; i++) names.push(`20260331T1000${String(i).padStart(2, '0')}000Z-manual.recourse`);
    for (const d of ['20260325', '20260320', '20260315', '20260310', '20260305']) names.push(`${d}T080000000Z-import.recourse`, `${d}T090000000Z-import.recourse`);
    names.push('20260130T090000000Z-import.recourse');
    for (const n of names) copyFileSync(seed!.path, join(dir, n));
    rmSync(seed!.path);
    rotate(p, now);
    const kept = listBackups(p).map((b) => b.name);
    expect(kept.filter((n) => n.startsWith('20260331'))).toHaveLength(10);
    for (const d of ['20260325', '20260320', '20260315', '20260310', '20260305']) expect(kept).toEqual(expect.arrayContaining([`${d}T090000000Z-import.recourse`]));
    expect(kept).not.toContain('20260325T080000000Z-import.recourse');
    expect(kept).not.toContain('20260130T090000000Z-import.recourse');
  });

  it('restores through the API: closes the case, keeps a safety copy of the current file, reopens the backup', async () => {
    const p = join(tmpDir(), 'b.recourse');
    makeCase(p, { claims: 10 });
    const s = new Session('cli', tmpDir('data'));
    expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
    const made = await dispatch(s, 'backup.create', {});
    if (!made.ok) throw new Error(made.error.message);
    addClaims(s.requireCase(), 7, 'AFTER');
    const listed = await dispatch(s, 'backup.list', {});
    expect(listed.ok && listed.value.map((b) => b.name)).toEqual([made.value.name]);
    const r = await dispatch(s, 'backup.restore', { backup: made.value.name });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.case.path).toBe(p);
    expect(Number(s.requireCase().read.prepare('SELECT count(*) FROM claims').pluck().get())).toBe(10);
    // The safety copy still has the 17 claims the file had before the restore.
    const safety = new Raw(r.value.safetyCopy!, { readonly: true });
    expect(safety.prepare('SELECT count(*) n FROM claims').get()).toEqual({ n: 17 });
    safety.close();
    s.close();
    const bad = await dispatch(new Session('cli', tmpDir('data')), 'backup.restore', { path: p, backup: '../../etc/passwd' });
    expect(!bad.ok && bad.error.code).toBe('invalid_args');
  });

  it('offers the backups instead of crashing when the case fails its check on open, and restores from there', async () => {
    const p = join(tmpDir(), 'c.recourse');
    makeCase(p, { claims: 3000 });
    backupBefore(p, 'import');
    corruptMiddle(p);
    const s = new Session('cli', tmpDir('data'));
    const r = await dispatch(s, 'case.open', { path: p });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('case_corrupt');
    expect(r.error.message).toMatch(/damaged.*Restore it from a backup/);
    const details = r.error.details as { backups: Array<{ name: string; reason: string }>; path: string };
    expect(details.path).toBe(p);
    expect(details.backups.map((b) => b.reason)).toEqual(['import']);
    const restored = await dispatch(s, 'backup.restore', { path: p, backup: details.backups[0]!.name });
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.case.path).toBe(p);
    s.close();
    expect(claimCount(p)).toBe(3000);
  });

  it('CLI: backup, backups and restore', async () => {
    const dir = tmpDir();
    const p = join(dir, 'cli.recourse');
    makeCase(p, { claims: 4 });
    const b = await cli('backup', p, '--json');
    expect(b.code).toBe(0);
    const made = JSON.parse(b.out) as { name: string; path: string };
    const list = await cli('backups', p);
    expect(list.out).toContain(made.name);
    const c = openCase(p);
    addClaims(c, 2, 'X');
    closeCase(c);
    const r = await cli('restore', p, made.path);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Restored .* from /);
    expect(claimCount(p)).toBe(4);
    const outside = join(dir, 'elsewhere.recourse');
    writeFileSync(outside, 'x');
    expect((await cli('restore', p, outside)).code).toBe(2);
    expect(existsSync(p)).toBe(true);
  });
});

describe('backups before risky work', () => {
  it('an import job backs up first (a dry run does not); a finalize job backs up first', async () => {
    const { workedCase, opts, DRAFTER, APPROVER } = await import('../runs/fixture.js');
    const { draftRun } = await import('../../src/services/runs-compute.js');
    const { approveRun } = await import('../../src/services/runs.js');
    const c = workedCase();
    const d = await draftRun(c.db, DRAFTER, opts({ release: 0n }));
    approveRun(c.db, APPROVER, d.ref);
    const p = c.path;
    closeCase(c);
    const dir = tmpDir();
    const csvFile = join(dir, 'claims.csv');
    writeFileSync(csvFile, 'ref,creditor_ref,creditor_name,asset,amount\nN1,CRN1,New Person,USD,5.00\n');
    const s = new Session('cli', tmpDir('data'), APPROVER);
    expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
    const reasons = () => listBackups(p).map((b) => b.reason);
    s.user = DRAFTER;
    const fin = await dispatch(s, 'runs.finalize', { run: d.ref });
    if (!fin.ok) throw new Error(fin.error.message);
    expect((await s.jobs.wait(fin.value.id)).error).toBeNull();
    expect(reasons()).toEqual(['before-finalize']);
    const dry = await dispatch(s, 'import.start', { path: csvFile, kind: 'claims', dryRun: true });
    if (!dry.ok) throw new Error(dry.error.message);
    await s.jobs.wait(dry.value.id);
    expect(reasons()).toEqual(['before-finalize']);
    const imp = await dispatch(s, 'import.start', { path: csvFile, kind: 'claims' });
    if (!imp.ok) throw new Error(imp.error.message);
    expect((await s.jobs.wait(imp.value.id)).state).toBe('done');
    expect(reasons()).toEqual(['before-import', 'before-finalize']);
    // The backup is the case as it was before the import.
    const before = new Raw(listBackups(p)[0]!.path, { readonly: true });
    expect(before.prepare("SELECT count(*) n FROM claims WHERE ref = 'N1'").get()).toEqual({ n: 0 });
    before.close();
    s.close();
  });
});

describe('scheduled backups', () => {
  it('while a case is open in the app, backs it up on a timer when it has changed, and not when it has not', async () => {
    const saved = process.env.RECOURSE_BACKUP_MINUTES;
    process.env.RECOURSE_BACKUP_MINUTES = '0.002'; // ~120 ms
    try {
      const p = join(tmpDir(), 'timer.recourse');
      makeCase(p, { claims: 2 });
      const s = new Session('browser', tmpDir('data'));
      expect((await dispatch(s, 'case.open', { path: p })).ok).toBe(true);
      const until = async (cond: () => boolean) => {
        for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
        return cond();
      };
      expect(await until(() => listBackups(p).some((b) => b.reason === 'scheduled'))).toBe(true);
      // Unchanged since: the next ticks add nothing.
      await until(() => s.jobs.list().filter((j) => j.kind === 'backup').length >= 4);
      await until(() => s.jobs.list().every((j) => j.state !== 'running'));
      expect(listBackups(p).filter((b) => b.reason === 'scheduled')).toHaveLength(1);
      addClaims(s.requireCase(), 1, 'NEW');
      expect(await until(() => listBackups(p).filter((b) => b.reason === 'scheduled').length === 2)).toBe(true);
      s.close();
      // The CLI never schedules.
      const cliSession = new Session('cli', tmpDir('data'));
      await dispatch(cliSession, 'case.open', { path: p });
      await new Promise((r) => setTimeout(r, 400));
      expect(cliSession.jobs.list()).toEqual([]);
      cliSession.close();
    } finally {
      if (saved === undefined) delete process.env.RECOURSE_BACKUP_MINUTES;
      else process.env.RECOURSE_BACKUP_MINUTES = saved;
    }
  });
});
