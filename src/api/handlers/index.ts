import type { Handlers } from './types.js';
import { caseHandlers } from './case.js';
import { auditHandlers } from './audit.js';
import { jobsHandlers } from './jobs.js';
import { exportsHandlers } from './exports.js';
import { importHandlers } from './import.js';
import { estateHandlers } from './estate.js';
import { classesHandlers } from './classes.js';
import { reliabilityHandlers } from './reliability.js';
import { claimsHandlers } from './claims.js';
import { creditorsHandlers } from './creditors.js';
import { runsHandlers } from './runs.js';

/** Every handler. The type makes a missing or extra handler a compile error. */
export const handlers: Handlers = {
  ...caseHandlers,
  ...auditHandlers,
  ...jobsHandlers,
  ...exportsHandlers,
  ...importHandlers,
  ...estateHandlers,
  ...classesHandlers,
  ...reliabilityHandlers,
  ...claimsHandlers,
  ...creditorsHandlers,
  ...runsHandlers,
};
