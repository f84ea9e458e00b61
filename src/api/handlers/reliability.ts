import type { reliabilityContract } from '../contract/reliability.js';
import type { HandlersFor } from './types.js';
import { AppError } from '../../errors.js';
import { backupBefore, backupIntervalMinutes, listBackups } from '../../store/backup.js';
import { restoreCase, setPassphrase } from '../../services/case-open.js';
import { summary } from '../../services/case.js';
import { verifyDb, verifyFile } from '../../services/verify.js';
import { resolve } from 'node:path';

export const reliabilityHandlers: HandlersFor<typeof reliabilityContract> = {
  'backup.list': (s, { path }) => {
    const p = path ?? s.current?.path;
    if (!p) throw new AppError('no_case', 'No case is open; give the path of the case whose backups you want');
    return listBackups(p);
  },
  'backup.create': (s, { reason }) => {
    const c = s.requireCase();
    return backupBefore(c.path, reason ?? 'manual');
  },
  'backup.restore': (s, { backup, path }) => {
    const target = path ? resolve(path) : s.requireCase().path;
    if (s.jobs.list().some((j) => j.state === 'running')) throw new AppError('invalid_state', 'Wait for the running jobs to finish (or cancel them) before restoring a backup');
    const r = restoreCase(s, target, backup);
    return { restored: r.restored, safetyCopy: r.safetyCopy, case: summary(s.requireCase()) };
  },
  'case.verify': async (s, { path, passphrase }) => {
    if (!path || (s.current && resolve(path) === s.current.path)) return verifyDb(s.requireCase().read, s.requireCase().path);
    return verifyFile(resolve(path), passphrase);
  },
  'case.setPassphrase': (s, { current, next }) => {
    if (s.jobs.list().some((j) => j.state === 'running')) throw new AppError('invalid_state', 'Wait for the running jobs to finish (or cancel them) before changing the passphrase');
    const r = setPassphrase(s, current, next, s.passphrases);
    return { case: summary(s.requireCase()), ...r };
  },
  'backup.schedule': () => ({ minutes: backupIntervalMinutes() }),
};
