/** Where Recourse keeps its settings and case files, per OS, and the user's settings file. */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Matches Electron's userData folder for an app named Recourse, so every door shares one folder. */
export function defaultDataDir(): string {
  if (process.env.RECOURSE_DATA_DIR) return process.env.RECOURSE_DATA_DIR;
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Recourse');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Recourse');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Recourse');
}

export function osUser(): string {
  try {
    return userInfo().username || 'administrator';
  } catch {
    return 'administrator';
  }
}

export interface Settings {
  user?: string;
  recent: string[];
}

export function loadSettings(dataDir: string): Settings {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Partial<Settings>;
    return {
      ...(typeof raw.user === 'string' ? { user: raw.user } : {}),
      recent: Array.isArray(raw.recent) ? raw.recent.filter((p): p is string => typeof p === 'string').slice(0, 10) : [],
    };
  } catch {
    return { recent: [] };
  }
}

export function saveSettings(dataDir: string, s: Settings): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'settings.json');
  writeFileSync(file + '.tmp', JSON.stringify(s, null, 2));
  renameSync(file + '.tmp', file);
}
