/** Long work (imports, runs, exports, notices): progress, cancel, and a result or an error. */
import type { ApiErrorBody } from '../errors.js';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  label: string;
  startedAt: string;
  result: unknown;
  error: ApiErrorBody | null;
}

export interface JobContext {
  /** Report progress; cheap to call often (throttled). */
  progress: (done: number, total: number, label?: string) => void;
  /** Aborted when the user cancels. Check it between chunks and throw `cancelled()` to roll back. */
  signal: AbortSignal;
}
