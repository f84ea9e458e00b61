/** Errors that cross the API's doors as typed results with a message a person can act on. */
export const ERROR_CODES = [
  'invalid_args',
  'not_found',
  'conflict',
  'invalid_state',
  'forbidden',
  'no_case',
  'case_too_new',
  'case_corrupt',
  'case_locked',
  'import_rejected',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Structured detail, e.g. an import's per-row report. */
  details?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toBody(): ApiErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof AppError) return err.toBody();
  if (err instanceof Error && err.name === 'DecimalError') return { code: 'invalid_args', message: err.message };
  // A write on a case opened read-only: SQLite itself refuses it.
  if (err instanceof Error && String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')) {
    return { code: 'forbidden', message: 'This case is open read-only, so nothing was changed. Open it for writing (where it is not open elsewhere) to make changes.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}
