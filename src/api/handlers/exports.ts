import type { exportsContract } from '../contract/exports.js';
import type { HandlersFor } from './types.js';
import { join } from 'node:path';
import { taskModule } from '../../jobs/runner.js';
import { AppError } from '../../errors.js';
import { checkXlsxPath, defaultExportPath } from '../../services/export.js';
import { checkNoticesDir, defaultNoticesDir, previewNotice } from '../../services/notices.js';
import { noticeSettings, saveNoticeSettings } from '../../services/notices-settings.js';
import { exportsOverview } from '../../services/export-overview.js';
import { parseStatement, verifyStatement } from '../../proof/statement.js';

const today = () => new Date().toISOString().slice(0, 10);

export const exportsHandlers: HandlersFor<typeof exportsContract> = {
  'exports.overview': (s) => exportsOverview(s.requireCase().read, join(s.dataDir, 'exports')),
  'exports.start': (s, a) => {
    const c = s.requireCase();
    if (a.kind === 'run' && !a.run) throw new AppError('invalid_args', 'Choose the run whose distribution schedule to export');
    const out = checkXlsxPath(a.path ?? defaultExportPath(s.dataDir, a.kind, a.run));
    return s.jobs.start(`export.${a.kind}`, taskModule('services/export'), 'exportTask', { ...a, out, casePath: c.path, dataDir: s.dataDir });
  },
  'notices.start': (s, a) => {
    const c = s.requireCase();
    if (a.kind === 'distribution' && !a.run) throw new AppError('invalid_args', 'Choose the run whose distribution statements to generate');
    const dir = checkNoticesDir(a.dir ?? defaultNoticesDir(s.dataDir, a.kind, a.run));
    return s.jobs.start(`notices.${a.kind}`, taskModule('services/notices'), 'noticesTask', {
      casePath: c.path, dataDir: s.dataDir, actor: s.user, kind: a.kind, run: a.run, since: a.since, issuedOn: a.issuedOn ?? today(), dir,
    });
  },
  'notices.preview': (s, a) => previewNotice(s.requireCase().read, s.dataDir, { ...a, issuedOn: a.issuedOn ?? today() }),
  'notices.settings': (s) => noticeSettings(s.requireCase().read),
  'notices.saveSettings': (s, a) => {
    const c = s.requireCase();
    if (c.readOnly) throw new AppError('forbidden', 'This case is open read-only; notice settings cannot be changed');
    return saveNoticeSettings(c.db, s.user, { ...a, ...(a.objectionDeadline === '' ? { objectionDeadline: null } : {}) } as Parameters<typeof saveNoticeSettings>[2]);
  },
  'proof.verify': (_s, a) => {
    let raw: unknown;
    try {
      raw = JSON.parse(a.statement);
    } catch {
      throw new AppError('invalid_args', 'The statement is not valid JSON: paste the whole proof text from the statement');
    }
    const st = parseStatement(raw);
    const r = verifyStatement(st, a.root);
    return { ...r, creditor: st.creditor, run: st.run };
  },
};
