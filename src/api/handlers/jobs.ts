import type { jobsContract } from '../contract/jobs.js';
import type { HandlersFor } from './types.js';

export const jobsHandlers: HandlersFor<typeof jobsContract> = {
  'jobs.get': (s, { id }) => s.jobs.get(id),
  'jobs.cancel': (s, { id }) => s.jobs.cancel(id),
  'jobs.list': (s) => s.jobs.list(),
};
