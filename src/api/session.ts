/** One user's session with the API: who they are and which case is open. Shared by every door. */
import { closeCase, type OpenCase } from '../services/case.js';
import { defaultDataDir, loadSettings, osUser, saveSettings } from '../services/settings.js';
import { AppError } from '../errors.js';
import { JobRunner } from '../jobs/runner.js';

export type Mode = 'electron' | 'browser' | 'cli';

export class Session {
  user: string;
  current: OpenCase | null = null;
  recent: string[];
  /** Long work running off the main thread, polled by jobs.get. */
  readonly jobs = new JobRunner();

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
    if (this.current && this.current !== c) closeCase(this.current);
    this.current = c;
    if (c) {
      this.recent = [c.path, ...this.recent.filter((p) => p !== c.path)].slice(0, 10);
      this.persist();
    }
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
