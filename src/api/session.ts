/** One user's session with the API: who they are and which case is open. Shared by every door. */
import { closeCase, type OpenCase } from '../services/case.js';
import { defaultDataDir, loadSettings, osUser, saveSettings } from '../services/settings.js';
import { AppError, type ApiErrorBody } from '../errors.js';
import { JobRunner, taskModule } from '../jobs/runner.js';
import { setCaseAccess } from '../store/db.js';
import { backupIntervalMinutes } from '../store/backup.js';
import type { PassphraseSource } from '../services/case-open.js';

export type Mode = 'electron' | 'browser' | 'cli';

export class Session {
  user: string;
  current: OpenCase | null = null;
  recent: string[];
  /** Long work running off the main thread, polled by jobs.get. */
  readonly jobs = new JobRunner();
  /** Asked for a case's passphrase when a call gives none: the OS keychain (desktop) or env/prompt (CLI). */
  passphrases: PassphraseSource | null = null;
  private backupTimer: ReturnType<typeof setInterval> | null = null;
  /** Why the case the app tried to open at start could not be opened (the window offers a way out). */
  openProblem: { path: string; error: ApiErrorBody } | null = null;

  constructor(
    readonly mode: Mode,
    readonly dataDir: string = defaultDataDir(),
    user?: string,
  ) {
    const settings = mode === 'cli' ? { recent: [] } : loadSettings(dataDir);
    this.user = user ?? process.env.RECOURSE_USER ?? ('user' in settings && settings.user ? settings.user : osUser());
    this.recent = settings.recent;
  }

  requireCase(): OpenCase {
    if (!this.current) throw new AppError('no_case', 'No case is open. Open a case file or the demo case first.');
    return this.current;
  }

  setCase(c: OpenCase | null): void {
    if (this.current && this.current !== c) {
      closeCase(this.current);
      // Keep a passphrase in memory only while its case is open.
      if (this.current.path !== c?.path) setCaseAccess(this.current.path, null);
    }
    this.current = c;
    this.scheduleBackups();
    if (c) {
      this.openProblem = null;
      this.recent = [c.path, ...this.recent.filter((p) => p !== c.path)].slice(0, 10);
      this.persist();
    }
  }

  /** Scheduled backups while a case is open for writing (desktop and browser mode), in a job worker. */
  private scheduleBackups(): void {
    if (this.backupTimer) clearInterval(this.backupTimer);
    this.backupTimer = null;
    const c = this.current;
    const minutes = backupIntervalMinutes();
    if (!c || c.readOnly || this.mode === 'cli' || minutes <= 0) return;
    this.backupTimer = setInterval(() => {
      if (this.current !== c || this.jobs.list().some((j) => j.kind === 'backup' && j.state === 'running')) return;
      this.jobs.start('backup', taskModule('store/backup'), 'scheduledBackupTask', { casePath: c.path });
    }, minutes * 60_000);
    this.backupTimer.unref();
  }

  setUser(name: string): void {
    this.user = name;
    this.persist();
  }

  private persist(): void {
    if (this.mode === 'cli') return;
    saveSettings(this.dataDir, { user: this.user, recent: this.recent });
  }

  close(): void {
    void this.jobs.terminateAll();
    this.setCase(null);
  }
}
