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
import { exportsContract } from './exports.js';
import { importContract } from './import.js';
import { estateContract } from './estate.js';
import { classesContract } from './classes.js';
import { reliabilityContract } from './reliability.js';
import { claimsContract } from './claims.js';
import { creditorsContract } from './creditors.js';
import { runsContract } from './runs.js';

export const contract = {
  ...caseContract,
  ...auditContract,
  ...jobsContract,
  ...exportsContract,
  ...importContract,
  ...estateContract,
  ...classesContract,
  ...reliabilityContract,
  ...claimsContract,
  ...creditorsContract,
  ...runsContract,
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
export * from './exports.js';
export * from './import.js';
export * from './estate.js';
export * from './classes.js';
export * from './reliability.js';
export * from './claims.js';
export * from './creditors.js';
export * from './runs.js';
