/**
 * The whole API contract: every area's calls in one map. The CLI, the HTTP
 * server of browser mode, and Electron's IPC all dispatch through it, and the
 * renderer's client is typed from it.
 */
import type { z } from 'zod';
import type { Rpc } from './rpc.js';
import { caseContract } from './case.js';
import { auditContract } from './audit.js';
import { jobsContract } from './jobs.js';

export const contract = {
  ...caseContract,
  ...auditContract,
  ...jobsContract,
};

export type Contract = typeof contract;
export type ApiName = keyof Contract;
export type ArgsIn<K extends ApiName> = z.input<Contract[K]['args']>;
export type ArgsOf<K extends ApiName> = z.output<Contract[K]['args']>;
export type ResultOf<K extends ApiName> = Contract[K] extends Rpc<z.ZodType, infer R> ? R : never;

export const API_NAMES = Object.keys(contract) as ApiName[];

export type { Result } from './rpc.js';
export * from './case.js';
export * from './audit.js';
export * from './jobs.js';
