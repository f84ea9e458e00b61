/**
 * The renderer's only way to the core: `send(name, args)`, typed from the API
 * contract. In Electron it goes through the preload's named functions; in
 * browser mode over HTTP with the session token.
 */
import type { ApiName, ArgsIn, ResultOf, Result } from '../../src/api/contract/index.js';
import type { ApiErrorBody } from '../../src/errors.js';

export type { ApiName };

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
  get code() {
    return this.body.code;
  }
}

export type PreloadApi = { [K in ApiName]: (args: ArgsIn<K>) => Promise<Result<ResultOf<K>>> };

export interface PreloadShell {
  pickPath: (opts: { mode: 'open' | 'save'; title: string; defaultPath?: string; extensions?: string[] }) => Promise<string | null>;
}

declare global {
  interface Window {
    recourse?: { api: PreloadApi; shell: PreloadShell };
  }
}

let tokenPromise: Promise<string> | null = null;
function token(): Promise<string> {
  tokenPromise ??= fetch('/session-token', { credentials: 'same-origin' }).then(async (r) => {
    if (!r.ok) throw new ApiError({ code: 'forbidden', message: 'This page needs the link Recourse printed when it started (it carries the access token).' });
    return ((await r.json()) as { token: string }).token;
  });
  return tokenPromise;
}

export async function sessionToken(): Promise<string> {
  return token();
}

export async function sendResult<K extends ApiName>(name: K, args: ArgsIn<K>): Promise<Result<ResultOf<K>>> {
  if (window.recourse) return window.recourse.api[name](args);
  const res = await fetch(`/api/${name}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-recourse-token': await token() },
    body: JSON.stringify(args),
  });
  if (res.status !== 200) return { ok: false, error: { code: 'forbidden', message: (await res.text()) || `HTTP ${res.status}` } };
  return (await res.json()) as Result<ResultOf<K>>;
}

/** Call the API; a failed result throws an ApiError with the message to show. */
export async function send<K extends ApiName>(name: K, args: ArgsIn<K>): Promise<ResultOf<K>> {
  const r = await sendResult(name, args);
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

export const isElectron = () => Boolean(window.recourse);
