/** What an import needs to know about the case, loaded once at its start. */
import { readMeta } from '../case.js';
import { assetScales, tableExists } from '../../store/util.js';
import { parseRatio, type Ratio } from '../../money/index.js';
import type { WriteDb } from '../../store/db.js';
import { AppError } from '../../errors.js';
import { IssueSink } from './rows.js';

export interface CaseContext {
  db: WriteDb;
  actor: string;
  fileName: string;
  at: string;
  currency: string;
  caseScale: number;
  petitionDate: string;
  barDate: string | null;
  scales: Map<string, number>;
  /** Petition-date price per asset (the case currency is worth its quantity). */
  prices: Map<string, Ratio>;
  estate: Map<string, bigint>;
  classes: Set<string>;
  issues: IssueSink;
}

export function loadContext(db: WriteDb, actor: string, fileName: string): CaseContext {
  const meta = readMeta(db);
  const scales = assetScales(db);
  const caseScale = scales.get(meta.currency);
  if (caseScale === undefined) throw new AppError('case_corrupt', `The case currency ${meta.currency} is not among the case's assets`);
  const prices = new Map<string, Ratio>();
  for (const r of db.prepare('SELECT asset, price FROM prices WHERE date = ?').all(meta.petitionDate) as Array<{ asset: string; price: string }>) {
    prices.set(r.asset, parseRatio(r.price));
  }
  prices.set(meta.currency, { num: 1n, den: 1n });
  const estate = new Map<string, bigint>();
  if (tableExists(db, 'estate_assets')) {
    for (const r of db.prepare('SELECT id, ref FROM estate_assets').all() as Array<{ id: bigint; ref: string }>) estate.set(r.ref, r.id);
  }
  const classes = new Set((db.prepare('SELECT code FROM classes').all() as Array<{ code: string }>).map((r) => r.code));
  return {
    db,
    actor,
    fileName,
    at: new Date().toISOString(),
    currency: meta.currency,
    caseScale,
    petitionDate: meta.petitionDate,
    barDate: meta.barDate,
    scales,
    prices,
    estate,
    classes,
    issues: new IssueSink(),
  };
}
