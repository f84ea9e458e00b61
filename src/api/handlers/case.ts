import type { caseContract } from '../contract/case.js';
import type { HandlersFor } from './types.js';
import { createCase, demoCopyPath, openCase, saveCopy, summary } from '../../services/case.js';
import { dashboardSummary } from '../../services/dashboard.js';
import { openCaseWith } from '../../services/case-open.js';
import type { Session } from '../session.js';

function state(s: Session) {
  return { user: s.user, mode: s.mode, dataDir: s.dataDir, case: s.current ? summary(s.current) : null, recent: s.recent, openProblem: s.openProblem };
}

export const caseHandlers: HandlersFor<typeof caseContract> = {
  'app.state': (s) => state(s),
  'app.setUser': (s, { name }) => {
    s.setUser(name);
    return state(s);
  },
  'case.create': (s, args) => {
    const c = createCase(args, s.user);
    s.setCase(c);
    return summary(c);
  },
  'case.open': async (s, { path, passphrase, readOnly, remember }) => {
    const c = await openCaseWith(path, { passphrase, readOnly, remember }, s.passphrases);
    s.setCase(c);
    return summary(c);
  },
  'case.openDemo': (s, { fresh }) => {
    if (fresh) s.setCase(null);
    const c = openCase(demoCopyPath(s.dataDir, fresh ?? false));
    s.setCase(c);
    return summary(c);
  },
  'case.close': (s) => {
    s.setCase(null);
    return null;
  },
  'case.info': (s) => summary(s.requireCase()),
  'case.saveCopy': async (s, { path }) => ({ path: await saveCopy(s.requireCase(), path) }),
  'dashboard.summary': (s) => dashboardSummary(s.requireCase()),
};
