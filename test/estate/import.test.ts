import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importAssets, type ImportProblem } from '../../src/services/estate-import.js';
import { estateLedger } from '../../src/services/estate.js';
import { estateCash } from '../../src/services/estate-cash.js';
import { assetDetail } from '../../src/services/estate-view.js';
import { AppError } from '../../src/errors.js';
import { tmpCase } from './helpers.js';

const file = (name: string, content: string | Buffer) => {
  const p = join(mkdtempSync(join(tmpdir(), 'recourse-assets-')), name);
  writeFileSync(p, content);
  return p;
};
const rejected = (fn: () => unknown): { message: string; problems: ImportProblem[] } => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('import_rejected');
    return { message: (e as Error).message, problems: ((e as AppError).details as { problems: ImportProblem[] }).problems };
  }
  throw new Error('expected the import to be rejected');
};

describe('assets CSV import', () => {
  it('imports the sample file: sales for realizing/realized rows, write-offs, and a balanced ledger', () => {
    const c = tmpCase();
    const r = importAssets(c.db, resolve('assets/samples/assets.csv'), 'imp');
    expect(r).toMatchObject({ assets: 7, realizations: 2, writtenOff: 1 });
    expect(assetDetail(c.read, 'EA-103')).toMatchObject({ status: 'realizing', held: '4200000.000000', location: 'Kraken sub-account, frozen by court order' });
    expect(assetDetail(c.read, 'EA-104')).toMatchObject({ status: 'realized', held: '0.00' });
    expect(assetDetail(c.read, 'EA-107')).toMatchObject({ status: 'written_off' });
    expect(assetDetail(c.read, 'EA-101')).toMatchObject({ chain: 'bitcoin', custodian: 'Anchor Custody' });
    expect(estateLedger(c.read).every((l) => l.balanced)).toBe(true);
    expect(estateCash(c.read).USD).toMatchObject({ proceeds: 1693500000n, costs: 420000n });
    expect(c.db.prepare("SELECT count(*) FROM audit WHERE action = 'estate.import'").pluck().get()).toBe(1n);
  });

  it('rejects the whole file with every problem by row and column, and writes nothing', () => {
    const c = tmpCase();
    const csv = [
      'ref,kind,asset,quantity,status,proceeds,costs,location',
      'EA-1,wallet,BTC,1.5,under_control,,,Vault',
      'EA-2,yacht,BTC,1,identified,,,',
      'EA-3,wallet,BTC,"1,000",identified,,,',
      'EA-1,wallet,DOGE,1,frozen,,,',
      'EA-4,bank_account,USD,10.001,realized,,,',
      'EA-5,bank_account,USD,10,frozen,10,,',
    ].join('\n');
    const { message, problems } = rejected(() => importAssets(c.db, file('bad.csv', csv), 'imp'));
    expect(message).toMatch(/^bad\.csv: \d+ problems, nothing was imported\. row 3, column kind/);
    const at = problems.map((p) => `${p.row}:${p.column}`);
    expect(at).toEqual(expect.arrayContaining(['3:kind', '4:quantity', '5:ref', '5:asset', '6:quantity', '6:proceeds', '7:proceeds']));
    expect(problems.find((p) => p.row === 4)!.message).toMatch(/ambiguous/);
    expect(problems.find((p) => p.row === 5 && p.column === 'ref')!.message).toMatch(/also on row 2/);
    expect(c.db.prepare('SELECT count(*) FROM estate_assets').pluck().get()).toBe(0n);
  });

  it('names missing and unknown columns', () => {
    const c = tmpCase();
    const { problems } = rejected(() => importAssets(c.db, file('cols.csv', 'ref,kind,asset,qty\nEA-1,wallet,BTC,1\n'), 'imp'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: 'qty', message: expect.stringMatching(/unknown column/) }),
        expect.objectContaining({ row: 1, column: 'quantity', message: 'required column missing' }),
        expect.objectContaining({ row: 1, column: 'status', message: 'required column missing' }),
      ]),
    );
  });

  it('reads a UTF-8 file with a byte order mark, semicolons and CRLF line ends', () => {
    const c = tmpCase();
    const body = 'Ref;Kind;Asset;Quantity;Status;Notes\r\nEA-9;other;EUR;12.50;identified;"Caisse d’épargne; compte n° 7"\r\n';
    importAssets(c.db, file('semi.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')])), 'imp');
    expect(assetDetail(c.read, 'EA-9')).toMatchObject({ held: '12.50', notes: 'Caisse d’épargne; compte n° 7' });
  });

  it('refuses an asset already in the case', () => {
    const c = tmpCase();
    const p = file('a.csv', 'ref,kind,asset,quantity,status\nEA-1,wallet,BTC,1,identified\n');
    importAssets(c.db, p, 'imp');
    expect(rejected(() => importAssets(c.db, p, 'imp')).problems[0]).toMatchObject({ row: 2, column: 'ref', message: 'EA-1 is already in the case' });
  });
});
