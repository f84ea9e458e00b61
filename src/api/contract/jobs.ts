import { z } from 'zod';
import { rpc } from './rpc.js';
import type { JobStatus } from '../../jobs/types.js';

export type { JobStatus };

export const jobsContract = {
  'jobs.get': rpc(z.object({ id: z.string().uuid() }).strict()).returns<JobStatus>(),
  'jobs.cancel': rpc(z.object({ id: z.string().uuid() }).strict()).returns<JobStatus>(),
  'jobs.list': rpc(z.object({}).strict()).returns<JobStatus[]>(),
};
