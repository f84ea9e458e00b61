import { dispatch } from '../api/dispatch.js';
import type { ApiName, ArgsIn, ResultOf } from '../api/contract/index.js';
import type { Session } from '../api/session.js';
import { AppError } from '../errors.js';

/** Call the API as the CLI: a failed result becomes an AppError (exit 1 with its message). */
export async function call<K extends ApiName>(session: Session, name: K, args: ArgsIn<K>): Promise<ResultOf<K>> {
  const r = await dispatch(session, name, args);
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as ResultOf<K>;
}

/** Open FILE for the command (migrating it if needed). */
export async function openFile(session: Session, file: string): Promise<void> {
  await call(session, 'case.open', { path: file });
}

export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
