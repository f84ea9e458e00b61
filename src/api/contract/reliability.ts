import { z } from 'zod';
import { rpc, empty, filePath, passphrase } from './rpc.js';
import type { CaseSummary } from './case.js';

export interface BackupEntry {
  /** File name in the backups folder beside the case; pass it to backup.restore. */
  name: string;
  path: string;
  /** Why it was taken: import, finalize, before-migration-from-v3, scheduled, manual… */
  reason: string;
  at: string;
  size: number;
}

export interface VerifyCheck {
  key: 'integrity' | 'foreign_keys' | 'audit_chain' | 'runs';
  label: string;
  ok: boolean;
  /** The check could not run here (nothing to check, or not supported yet); see note. */
  skipped?: boolean;
  note?: string;
  /** What does not match, in words. */
  problems: string[];
}

export interface VerifyReport {
  path: string;
  ok: boolean;
  checks: VerifyCheck[];
  at: string;
}

export interface PassphraseResult {
  case: CaseSummary;
  /** The backup taken before the change, and how many older backups now follow the new key. */
  backup: string;
  backupsRekeyed: number;
  backupsSkipped: string[];
}

/** A backup's file name as listed (no folders: restore only from the case's own backups folder). */
const backupName = z.string().regex(/^\d{8}T\d{9}Z-[a-z0-9-]{1,40}\.recourse$/, 'must be the name of a backup as listed');

export const reliabilityContract = {
  /** Backups beside a case, newest first: the open case, or the one at path (e.g. a damaged case that would not open). */
  'backup.list': rpc(z.object({ path: filePath.optional() }).strict()).returns<BackupEntry[]>(),
  'backup.create': rpc(z.object({ reason: z.string().regex(/^[a-z0-9-]{1,30}$/, 'must be a short word such as manual').optional() }).strict()).returns<BackupEntry>(),
  /** Replace a case with one of its backups (a safety copy of the current file is kept), then open it. */
  'backup.restore': rpc(z.object({ backup: backupName, path: filePath.optional() }).strict()).returns<{ restored: BackupEntry; safetyCopy: string | null; case: CaseSummary }>(),
  /** Integrity, foreign keys, audit chain and run hashes of the open case, or of the file at path. */
  'case.verify': rpc(z.object({ path: filePath.optional(), passphrase: passphrase.optional() }).strict()).returns<VerifyReport>(),
  /** Protect the open case with a passphrase, change it, or remove it (next: null). */
  'case.setPassphrase': rpc(z.object({ current: passphrase.optional(), next: passphrase.nullable() }).strict()).returns<PassphraseResult>(),
  'backup.schedule': rpc(empty).returns<{ minutes: number }>(),
};
