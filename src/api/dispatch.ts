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

/** Limits every payload meets before zod looks at it (the IPC door can carry what JSON cannot). */
export const PAYLOAD_LIMITS = { maxString: 1024 * 1024, maxDepth: 20, maxNodes: 200_000 };

/**
 * Refuse keys that could pollute prototypes, strings over 1 MB, nesting deeper
 * than 20 levels, more than 200,000 values, and numbers that are not finite
 * (NaN, Infinity). Returns what is wrong, or null.
 */
export function payloadProblem(root: unknown): string | null {
  let nodes = 0;
  const walk = (v: unknown, depth: number): string | null => {
    if (++nodes > PAYLOAD_LIMITS.maxNodes) return `The request has more than ${PAYLOAD_LIMITS.maxNodes} values`;
    if (typeof v === 'string') return v.length > PAYLOAD_LIMITS.maxString ? 'The request contains a text over 1 MB' : null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : 'The request contains a number that is not finite (NaN or Infinity)';
    if (v === null || typeof v !== 'object') return null;
    if (depth >= PAYLOAD_LIMITS.maxDepth) return `The request is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`;
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = walk(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    for (const k of Reflect.ownKeys(v)) {
      if (typeof k !== 'string') return 'The request contains a symbol key';
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') return 'The request contains a forbidden key (__proto__, constructor or prototype)';
      if (k.length > PAYLOAD_LIMITS.maxString) return 'The request contains a text over 1 MB';
      const p = walk((v as Record<string, unknown>)[k], depth + 1);
      if (p) return p;
    }
    return null;
  };
  return walk(root, 0);
}

export async function dispatch<K extends ApiName>(session: Session, name: K, rawArgs: unknown): Promise<Result<ResultOf<K>>>;
export async function dispatch(session: Session, name: string, rawArgs: unknown): Promise<Result<unknown>>;
export async function dispatch(session: Session, name: string, rawArgs: unknown): Promise<Result<unknown>> {
  try {
    if (!isApiName(name)) throw new AppError('not_found', `Unknown API call "${name}"`);
    const problem = payloadProblem(rawArgs);
    if (problem) throw new AppError('invalid_args', `Invalid request for ${name}: ${problem}`);
    const parsed = contract[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) throw new AppError('invalid_args', `Invalid request for ${name}: ${describeIssues(parsed.error)}`);
    const handler = handlers[name] as (s: Session, a: unknown) => unknown;
    const value = await handler(session, parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorBody(err) };
  }
}
