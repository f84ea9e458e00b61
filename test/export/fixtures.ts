/**
 * Inputs for export tests, computed by the pure engine (no faked figures):
 * the worked example of spec §8, with creditors whose names and addresses
 * are in many scripts.
 */
import { computeRun } from '../../src/engine/index.js';
import type { ClaimStatus, RunResult } from '../../src/engine/index.js';
import { fromEngineResult } from '../../src/export/load-run.js';
import { planStatements } from '../../src/export/notices.js';
import type { CaseInfo, ClassInfo, CreditorBlock, RunData, RunIdentity } from '../../src/export/types.js';

export const SECRET = '7f'.repeat(32);

export const CASE: CaseInfo = {
  name: 'Meridian Derivatives Ltd (in liquidation)',
  currency: 'USD',
  currencyScale: 2,
  petitionDate: '2025-11-14',
  letterhead: { name: 'Meridian Derivatives Ltd (in liquidation)', address: 'c/o Joint Liquidators, 1 King Street, London EC2V 8AU', contact: 'claims@meridian-liquidation.example · +44 20 7946 0000' },
  paymentMethod: 'Bank transfer to the account you registered with the administrator',
  objectionDays: 30,
  objectionDeadline: null,
};

export const CLASSES: ClassInfo[] = [
  { code: 'ADMIN', name: 'Administrative expenses', rank: 1 },
  { code: 'PRIORITY', name: 'Priority claims', rank: 2 },
  { code: 'GUC', name: 'General unsecured', rank: 3 },
];

export const CREDITORS = new Map<string, CreditorBlock>([
  ['CR-0001', { ref: 'CR-0001', name: 'Jörg Müller', address: 'Hauptstraße 5, 10115 Berlin, DE', email: 'joerg@example.org' }],
  ['CR-0003', { ref: 'CR-0003', name: 'محمد العلي 12', address: 'شارع الملك فهد 42, الرياض', email: null }],
  ['CR-0004', { ref: 'CR-0004', name: 'דוד כהן 345', address: 'Οδός Ερμού 12, Αθήνα, GR', email: 'david@example.org' }],
  ['CR-0005', { ref: 'CR-0005', name: '王伟 佐藤健 김민준', address: 'ул. Ленина 7, Москва, Nguyễn Văn Lefèvre c/o', email: null }],
]);

/** Spec §8's claims; P1 and G1 belong to the same (Arabic-named) creditor. */
const CLAIMS: Array<[string, string, string, ClaimStatus, bigint]> = [
  ['A1', 'CR-0001', 'ADMIN', 'allowed', 10000n],
  ['P1', 'CR-0003', 'PRIORITY', 'allowed', 30000n],
  ['G1', 'CR-0003', 'GUC', 'allowed', 70000n],
  ['G2', 'CR-0004', 'GUC', 'allowed', 50000n],
  ['G3', 'CR-0005', 'GUC', 'disputed', 30000n],
];

export function identity(ref: string, date: string, final: boolean, release: bigint): RunIdentity {
  return {
    id: null, ref, date, state: 'finalized', final, release, deMinimis: 0n, options: { withholdUnverifiedKyc: false }, inputHash: 'ab'.repeat(32),
    merkleRoot: null, draftedBy: 'a.okafor', approvedBy: 'm.lindqvist', finalizedBy: 'm.lindqvist', createdAt: date + 'T12:00:00.000Z',
  };
}

/** Run 1 of the worked example: interim, releases 1,000.00. */
export function run1(): { result: RunResult; data: RunData } {
  const result = computeRun({
    currencyScale: 2,
    classes: CLASSES.map((c) => ({ code: c.code, rank: c.rank, treatment: 'pro_rata' as const })),
    claims: CLAIMS.map(([ref, creditorRef, classCode, status, value]) => ({ ref, creditorRef, classCode, status, value })),
    cumulativeReleased: 100000n,
    runDate: '2026-06-30',
    petitionDate: '2025-11-14',
    final: false,
  });
  return { result, data: fromEngineResult(result, identity('R-2026-01', '2026-06-30', false, 100000n), 'USD') };
}

export function plan(data: RunData) {
  return planStatements(data, CASE, CLASSES, new Map([['USD', 2], ['BTC', 8]]), SECRET);
}
