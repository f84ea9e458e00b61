/**
 * Opening a case the way a person does: with its passphrase if it has one
 * (given, remembered in the desktop keychain, or asked for on the CLI), for
 * writing or read-only. Registers the passphrase for the path so job workers
 * open the file the same way; clears it again when the open fails.
 */
import { resolve } from 'node:path';
import { AppError } from '../errors.js';
import { caseAccess, setCaseAccess } from '../store/db.js';
import { changePassphrase, type PassphraseChange } from '../store/crypto.js';
import { restoreBackup, type BackupInfo } from '../store/backup.js';
import { openCase, type OpenCase } from './case.js';

/** Where a passphrase comes from when the caller gave none: the OS keychain (desktop), the environment or a prompt (CLI). */
export interface PassphraseSource {
  /** A passphrase to try for the case; attempt 0 first, then after each wrong one. undefined: none (stop). */
  get(path: string, attempt: number): Promise<string | undefined> | string | undefined;
  /** Keep it for next time (desktop keychain). */
  remember?(path: string, passphrase: string): void;
  /** Drop a remembered one that turned out wrong, or after the passphrase changed. */
  forget?(path: string): void;
}

export interface OpenOptions {
  passphrase?: string | undefined;
  readOnly?: boolean | undefined;
  remember?: boolean | undefined;
}

function needsPassphrase(err: unknown): boolean {
  return err instanceof AppError && err.code === 'case_locked' && Boolean((err.details as { needsPassphrase?: boolean } | undefined)?.needsPassphrase);
}

export async function openCaseWith(pathIn: string, o: OpenOptions, source: PassphraseSource | null): Promise<OpenCase> {
  const path = resolve(pathIn);
  const previous = caseAccess(path);
  let pass = o.passphrase;
  let fromSource = false;
  for (let attempt = 0; ; attempt++) {
    setCaseAccess(path, { ...(pass !== undefined ? { passphrase: pass } : {}), ...(o.readOnly ? { readOnly: true } : {}) });
    try {
      const c = openCase(path, { readOnly: o.readOnly ?? false });
      if (o.remember && pass !== undefined) source?.remember?.(path, pass);
      return c;
    } catch (err) {
      if (fromSource && pass !== undefined && needsPassphrase(err)) source?.forget?.(path);
      const canAsk = needsPassphrase(err) && o.passphrase === undefined && source !== null && attempt < 3;
      const next = canAsk ? await source.get(path, attempt) : undefined;
      if (next === undefined) {
        setCaseAccess(path, previous);
        throw err;
      }
      pass = next;
      fromSource = true;
    }
  }
}

/** The session's case, closed for a file operation and reopened after it (even when the operation fails). */
export interface CaseHolder {
  current: OpenCase | null;
  setCase(c: OpenCase | null): void;
}

/** Reopen after a file operation; when the operation failed, a failed reopen must not hide its error. */
function reopen(holder: CaseHolder, path: string, mustSucceed: boolean): void {
  try {
    holder.setCase(openCase(path));
  } catch (err) {
    if (mustSucceed) throw err;
  }
}

export function setPassphrase(holder: CaseHolder, current: string | undefined, next: string | null, source: PassphraseSource | null): PassphraseChange {
  const c = holder.current;
  if (!c) throw new AppError('no_case', 'No case is open');
  if (c.readOnly) throw new AppError('forbidden', 'This case is open read-only; open it for writing to change its passphrase');
  const path = c.path;
  const known = caseAccess(path);
  holder.setCase(null);
  let r: PassphraseChange;
  try {
    r = changePassphrase(path, current ?? known.passphrase ?? null, next);
  } catch (err) {
    // Nothing changed (a rekey is one transaction): reopen as before.
    setCaseAccess(path, known);
    reopen(holder, path, false);
    throw err;
  }
  source?.forget?.(path);
  reopen(holder, path, true);
  return r;
}

/** Restore a backup over a case: close it if it is the open one, replace the file, reopen it. */
export function restoreCase(holder: CaseHolder, casePath: string, backup: string): { restored: BackupInfo; safetyCopy: string | null; path: string } {
  const path = resolve(casePath);
  const wasOpen = holder.current?.path === path;
  const known = caseAccess(path);
  if (wasOpen) {
    if (holder.current!.readOnly) throw new AppError('forbidden', 'This case is open read-only; open it for writing to restore a backup');
    holder.setCase(null);
  }
  setCaseAccess(path, known);
  let r: { restored: BackupInfo; safetyCopy: string | null };
  try {
    r = restoreBackup(path, backup, known.passphrase ?? null);
  } catch (err) {
    if (wasOpen) reopen(holder, path, false);
    throw err;
  }
  reopen(holder, path, true);
  return { ...r, path };
}
