import type { auditContract } from '../contract/audit.js';
import type { HandlersFor } from './types.js';
import { listAudit } from '../../services/audit.js';
import { verifyAuditChain } from '../../store/audit.js';

export const auditHandlers: HandlersFor<typeof auditContract> = {
  'audit.list': (s, args) => listAudit(s.requireCase().read, args),
  'audit.verify': (s) => {
    const r = verifyAuditChain(s.requireCase().read);
    return { ok: r.ok, entries: r.entries, brokenAt: r.brokenAt ?? null };
  },
};
