import { z } from 'zod';
import { rpc, text, limit } from './rpc.js';

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityRef: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  hash: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `beforeId` for the next (older) page; null at the end. */
  nextBeforeId: number | null;
  total: number;
  actions: string[];
  actors: string[];
  entities: string[];
}

export interface AuditVerify {
  ok: boolean;
  entries: number;
  brokenAt: { id: number; problem: string } | null;
}

export const auditContract = {
  'audit.list': rpc(
    z
      .object({
        entity: text(60).optional(),
        action: text(80).optional(),
        actor: text(200).optional(),
        search: text(200).optional(),
        beforeId: z.number().int().positive().optional(),
        limit: limit.default(100),
      })
      .strict(),
  ).returns<AuditPage>(),
  'audit.verify': rpc(z.object({}).strict()).returns<AuditVerify>(),
};
