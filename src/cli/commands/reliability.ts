import { basename, dirname, resolve } from 'node:path';
import type { Command } from '../types.js';
import type { Session } from '../../api/session.js';
import { call, json } from '../call.js';
import { has, str, UsageError } from '../args.js';
import { AppError } from '../../errors.js';
import { backupDir } from '../../store/backup.js';
import { newPassphrase } from '../passphrase.js';
import type { BackupEntry, VerifyReport } from '../../api/contract/reliability.js';

function size(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function backupLine(b: BackupEntry): string {
  return `  ${b.at.slice(0, 19).replace('T', ' ')}  ${b.reason.padEnd(28)} ${size(b.size).padStart(9)}  ${b.name}`;
}

/** Open for reading: read-only (so it works while the app has the case open), or for writing when it needs an upgrade. */
async function openForReading(session: Session, file: string): Promise<void> {
  try {
    await call(session, 'case.open', { path: file, readOnly: true });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'invalid_state') throw err;
    await call(session, 'case.open', { path: file });
  }
}

function needsPassphrase(err: unknown): boolean {
  return err instanceof AppError && err.code === 'case_locked' && Boolean((err.details as { needsPassphrase?: boolean } | undefined)?.needsPassphrase);
}

export function printVerify(r: VerifyReport, out: (l: string) => void): void {
  out(`${r.ok ? 'OK' : 'PROBLEMS FOUND'}: ${r.path}`);
  for (const c of r.checks) {
    out(`  ${c.skipped ? 'skip' : c.ok ? ' ok ' : 'FAIL'}  ${c.label}${c.note ? ` (${c.note})` : ''}`);
    for (const p of c.problems.slice(0, 20)) out(`          ${p}`);
    if (c.problems.length > 20) out(`          … and ${c.problems.length - 20} more`);
  }
}

const passFlags = { 'new-passphrase-file': { value: true }, json: { value: false } };

export const reliabilityCommands: Command[] = [
  {
    words: ['backup'],
    usage: 'backup FILE [--reason WORD] [--json]',
    summary: 'Take a checked backup of a case now (kept in FILE.backups/)',
    positionals: [1, 1],
    flags: { reason: { value: true }, json: { value: false } },
    run: async ({ session, args, io }) => {
      await openForReading(session, args.positionals[0]!);
      const reason = str(args, 'reason');
      const b = await call(session, 'backup.create', reason ? { reason } : {});
      io.out(has(args, 'json') ? json(b) : `Backed up to ${b.path} (checked)`);
    },
  },
  {
    words: ['backups'],
    usage: 'backups FILE [--json]',
    summary: "List a case's backups, newest first",
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      const list = await call(session, 'backup.list', { path: args.positionals[0]! });
      if (has(args, 'json')) return io.out(json(list));
      if (!list.length) return io.out(`No backups beside ${resolve(args.positionals[0]!)} yet. Take one with: recourse backup FILE`);
      io.out(`Backups in ${backupDir(args.positionals[0]!)}:`);
      for (const b of list) io.out(backupLine(b));
    },
  },
  {
    words: ['restore'],
    usage: 'restore FILE BACKUP [--json]',
    summary: 'Replace a case with one of its backups (the current file is kept as a before-restore backup)',
    positionals: [2, 2],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      const file = resolve(args.positionals[0]!);
      let backup = args.positionals[1]!;
      if (backup.includes('/') || backup.includes('\\')) {
        if (dirname(resolve(backup)) !== backupDir(file)) {
          throw new UsageError(`BACKUP must be one of the backups in ${backupDir(file)} (see recourse backups FILE)`);
        }
        backup = basename(backup);
      }
      const r = await call(session, 'backup.restore', { path: file, backup });
      if (has(args, 'json')) return io.out(json(r));
      io.out(`Restored ${r.case.path} from ${r.restored.name}`);
      if (r.safetyCopy) io.out(`The file as it was is kept in ${r.safetyCopy}`);
    },
  },
  {
    words: ['verify'],
    usage: 'verify FILE [--json]',
    summary: 'Check a case: file integrity, references, the audit hash chain and finalized runs (exit 1 if anything fails)',
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      const path = args.positionals[0]!;
      let r: VerifyReport;
      try {
        r = await call(session, 'case.verify', { path });
      } catch (err) {
        const pass = needsPassphrase(err) ? await session.passphrases?.get(resolve(path), 0) : undefined;
        if (pass === undefined) throw err;
        r = await call(session, 'case.verify', { path, passphrase: pass });
      }
      if (has(args, 'json')) io.out(json(r));
      else printVerify(r, io.out);
      if (!r.ok) throw new AppError('case_corrupt', `${path} did not verify: ${r.checks.filter((c) => !c.ok).map((c) => c.label).join('; ')}`);
    },
  },
  {
    words: ['case', 'encrypt'],
    usage: 'case encrypt FILE [--new-passphrase-file F] [--json]',
    summary: 'Protect a case with a passphrase (from RECOURSE_NEW_PASSPHRASE, the file, or asked twice)',
    positionals: [1, 1],
    flags: passFlags,
    run: async ({ session, args, io }) => {
      await call(session, 'case.open', { path: args.positionals[0]! });
      if (session.requireCase() && (await call(session, 'case.info', {})).encrypted) {
        throw new AppError('invalid_state', 'This case already has a passphrase; change it with recourse case rekey FILE');
      }
      const next = await newPassphrase(str(args, 'new-passphrase-file'));
      const r = await call(session, 'case.setPassphrase', { next });
      io.out(has(args, 'json') ? json(r) : `Encrypted ${r.case.path}; ${r.backupsRekeyed} backup(s) now use the same passphrase.`);
    },
  },
  {
    words: ['case', 'rekey'],
    usage: 'case rekey FILE [--new-passphrase-file F] [--json]',
    summary: "Change a case's passphrase (the current one from RECOURSE_PASSPHRASE, --passphrase-file or a prompt)",
    positionals: [1, 1],
    flags: passFlags,
    run: async ({ session, args, io }) => {
      await call(session, 'case.open', { path: args.positionals[0]! });
      if (!(await call(session, 'case.info', {})).encrypted) throw new AppError('invalid_state', 'This case has no passphrase; add one with recourse case encrypt FILE');
      const next = await newPassphrase(str(args, 'new-passphrase-file'));
      const r = await call(session, 'case.setPassphrase', { next });
      io.out(has(args, 'json') ? json(r) : `Changed the passphrase of ${r.case.path}; ${r.backupsRekeyed} backup(s) follow it.`);
      if (r.backupsSkipped.length) io.out(`These backups still need an older passphrase: ${r.backupsSkipped.join(', ')}`);
    },
  },
  {
    words: ['case', 'decrypt'],
    usage: 'case decrypt FILE [--json]',
    summary: "Remove a case's passphrase (stores it unencrypted)",
    positionals: [1, 1],
    flags: { json: { value: false } },
    run: async ({ session, args, io }) => {
      await call(session, 'case.open', { path: args.positionals[0]! });
      const r = await call(session, 'case.setPassphrase', { next: null });
      io.out(has(args, 'json') ? json(r) : `Removed the passphrase of ${r.case.path}; it is now stored unencrypted.`);
    },
  },
];
