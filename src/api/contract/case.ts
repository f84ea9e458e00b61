import { z } from 'zod';
import { rpc, empty, name, filePath, isoDate, assetCode, decimalText, passphrase } from './rpc.js';

export interface CaseSummary {
  path: string;
  name: string;
  currency: string;
  petitionDate: string;
  barDate: string | null;
  interestRate: string | null;
  schemaVersion: number;
  readOnly: boolean;
  /** Protected by a passphrase (encrypted at rest). */
  encrypted: boolean;
}

export interface AppState {
  user: string;
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  case: CaseSummary | null;
  recent: string[];
  /** The case that could not be opened at start, and why (locked elsewhere, damaged, needs a passphrase). */
  openProblem?: { path: string; error: { code: string; message: string; details?: unknown } } | null;
}

export interface StepStatus {
  key: 'claims_in' | 'reviewed' | 'classified' | 'signed_off' | 'assets_realised' | 'run_drafted' | 'approved' | 'finalized' | 'notices_sent';
  label: string;
  done: boolean;
  /** What is left, in words: "412 claims still to review". */
  left: string;
  action: { label: string; section: string };
}

export interface DashboardSummary {
  creditors: number;
  claims: number;
  byStatus: Array<{ status: string; count: number; value: string }>;
  byAsset: Array<{ asset: string; scale: number; claims: number; asserted: string; value: string }>;
  assetsHeld: Array<{ asset: string; scale: number; count: number; quantity: string }>;
  estateAssets: number;
  totalValue: string;
  currency: string;
  steps: StepStatus[];
}

export const caseContract = {
  'app.state': rpc(empty).returns<AppState>(),
  'app.setUser': rpc(z.object({ name }).strict()).returns<AppState>(),
  'case.create': rpc(
    z
      .object({
        path: filePath,
        name,
        currency: assetCode.default('USD'),
        petitionDate: isoDate,
        barDate: isoDate.optional(),
        interestRate: decimalText.optional(),
        passphrase: passphrase.optional(),
      })
      .strict(),
  ).returns<CaseSummary>(),
  /** passphrase: for an encrypted case; readOnly: when it is open for writing elsewhere; remember: keep the passphrase in the OS keychain (desktop). */
  'case.open': rpc(z.object({ path: filePath, passphrase: passphrase.optional(), readOnly: z.boolean().optional(), remember: z.boolean().optional() }).strict()).returns<CaseSummary>(),
  'case.openDemo': rpc(z.object({ fresh: z.boolean().optional() }).strict()).returns<CaseSummary>(),
  'case.close': rpc(empty).returns<null>(),
  'case.info': rpc(empty).returns<CaseSummary>(),
  'case.saveCopy': rpc(z.object({ path: filePath }).strict()).returns<{ path: string }>(),
  'dashboard.summary': rpc(empty).returns<DashboardSummary>(),
};
