/**
 * The single entry point every door uses: validate the payload against the
 * contract's strict schema, run the handler, and return a typed result.
 */
import { z } from 'zod';
import { contract, type ApiName, type ResultOf, type Result } from './contract/index.js';
import { handlers } from './handlers/index.js';
import type { Session } from './session.js';
import { AppError, toErrorBody } from '../errors.js';

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : 'arguments';
      return i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : `${where} ${i.message}`;
    })
    .join('; ');
}

/** Refuse keys that could pollute prototypes before zod even looks. */
function hasForbiddenKey(v: unknown, depth = 0): boolean {
  if (depth > 20) return true;
  if (Array.isArray(v)) return v.some((x) => hasForbiddenKey(x, depth + 1));
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') return true;
      if (hasForbiddenKey((v as Record<string, unknown>)[k], depth + 1)) return true;
    }
  }
  return false;
}

export async function dispatch<K extends ApiName>(session: Session, name: K, rawArgs: unknown): Promise<Result<ResultOf<K>>>;
export async function dispatch(session: Session, name: string, rawArgs: unknown): Promise<Result<unknown>>;
export async function dispatch(session: Session, name: string, rawArgs: unknown): Promise<Result<unknown>> {
  try {
    if (!isApiName(name)) throw new AppError('not_found', `Unknown API call "${name}"`);
    if (hasForbiddenKey(rawArgs)) throw new AppError('invalid_args', 'The request contains a forbidden key (__proto__, constructor or prototype)');
    const parsed = contract[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) throw new AppError('invalid_args', `Invalid request for ${name}: ${describeIssues(parsed.error)}`);
    const handler = handlers[name] as (s: Session, a: unknown) => unknown;
    const value = await handler(session, parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
