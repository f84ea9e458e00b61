import type { Handlers } from './types.js';
import { caseHandlers } from './case.js';
import { auditHandlers } from './audit.js';
import { jobsHandlers } from './jobs.js';

/** Every handler. The type makes a missing or extra handler a compile error. */
export const handlers: Handlers = {
  ...caseHandlers,
  ...auditHandlers,
  ...jobsHandlers,
};
