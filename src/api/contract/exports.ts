import { z } from 'zod';
import { rpc, empty, filePath, isoDate, ref, text } from './rpc.js';
import type { JobStatus } from '../../jobs/types.js';

export interface ExportRunItem {
  ref: string;
  date: string;
  state: string;
  final: boolean;
}

export interface ExportsOverview {
  claims: number;
  creditors: number;
  estateAssets: number;
  auditEntries: number;
  runs: ExportRunItem[];
  /** Notices generated so far (all batches). */
  notices: number;
  /** Where exports land when no path is chosen: <dataDir>/exports. */
  exportsDir: string;
}

export interface NoticeSettingsView {
  letterheadName: string;
  letterheadAddress: string;
  letterheadContact: string;
  paymentMethod: string;
  objectionDays: number;
  objectionDeadline: string | null;
}

export interface NoticePreviewView {
  file: string;
  path: string;
  download: string | null;
  bytes: number;
  pdfBase64: string;
  summary: string;
}

export interface VerifyView {
  ok: boolean;
  root: string;
  creditor: string;
  run: string;
  entries: Array<{ claim: string; class: string; included: boolean; computedRoot: string }>;
}

export const sheetKind = z.enum(['register', 'creditors', 'estate', 'audit', 'run']);
export const noticeKind = z.enum(['distribution', 'determination']);

export const exportsContract = {
  'exports.overview': rpc(empty).returns<ExportsOverview>(),
  /** Start writing a workbook; without a path it goes to <dataDir>/exports (browser mode's download folder). */
  'exports.start': rpc(
    z
      .object({
        kind: sheetKind,
        run: ref.optional(),
        path: filePath.optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        entity: text(60).optional(),
        asOf: isoDate.optional(),
      })
      .strict(),
  ).returns<JobStatus>(),
  'notices.start': rpc(
    z
      .object({
        kind: noticeKind,
        run: ref.optional(),
        since: isoDate.optional(),
        issuedOn: isoDate.optional(),
        dir: filePath.optional(),
      })
      .strict(),
  ).returns<JobStatus>(),
  'notices.preview': rpc(
    z.object({ kind: noticeKind, run: ref.optional(), creditor: ref.optional(), claim: ref.optional(), issuedOn: isoDate.optional() }).strict(),
  ).returns<NoticePreviewView>(),
  'notices.settings': rpc(empty).returns<NoticeSettingsView>(),
  'notices.saveSettings': rpc(
    z
      .object({
        letterheadName: text(200).optional(),
        letterheadAddress: text(500).optional(),
        letterheadContact: text(300).optional(),
        paymentMethod: text(500).optional(),
        objectionDays: z.number().int().min(1).max(365).optional(),
        objectionDeadline: z.union([isoDate, z.literal('')]).optional(),
      })
      .strict(),
  ).returns<NoticeSettingsView>(),
  /** Check a creditor's statement JSON against a published run root (no case needed). */
  'proof.verify': rpc(z.object({ statement: z.string().min(2).max(2_000_000), root: z.string().trim().min(1).max(200) }).strict()).returns<VerifyView>(),
};
