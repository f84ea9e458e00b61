import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../src/services/import/fields.js';
import { previewImport, listMappings, saveMapping } from '../../src/services/import.js';
import { count, file, newCase, run } from './helpers.js';

describe('column mapping', () => {
  it('suggests fields from common header names, ignoring case, spaces and underscores', () => {
    expect(suggestMapping('claims', ['Claim ID', 'claim_no', 'Creditor', 'Customer ID', 'Coin', 'Amount claimed', 'Date Filed', 'Whatever'])).toEqual({
      'Claim ID': 'ref',
      claim_no: null, // ref is taken by the first match
      Creditor: 'creditor_name',
      'Customer ID': 'creditor_ref',
      Coin: 'asset',
      'Amount claimed': 'amount',
      'Date Filed': 'filed_on',
      Whatever: null,
    });
    expect(suggestMapping('claims', ['claim_no', 'Currency', 'Quantity'])).toMatchObject({ claim_no: 'ref', Currency: 'asset', Quantity: 'amount' });
    expect(suggestMapping('prices', ['Symbol', 'As of', 'Close'])).toEqual({ Symbol: 'asset', 'As of': 'date', Close: 'price' });
  });

  it('previews a file: encoding, headers, the suggested mapping, what is missing, the first 20 rows', async () => {
    const rows = ['Claim No;Holder;Token;Qty'];
    for (let i = 1; i <= 30; i++) rows.push(`C-${i};Holder ${i};USDT;${i}`);
    const p = await previewImport(file('p.csv', rows.join('\n')), 'claims');
    expect(p).toMatchObject({ format: 'csv', encoding: 'UTF-8', delimiter: ';', headers: ['Claim No', 'Holder', 'Token', 'Qty'], missing: ['creditor_ref'] });
    expect(p.suggested).toEqual({ 'Claim No': 'ref', Holder: 'creditor_name', Token: 'asset', Qty: 'amount' });
    expect(p.mappingProblem).toMatch(/No column is mapped to creditor_ref/);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[0]).toEqual({ line: 2, cells: ['C-1', 'Holder 1', 'USDT', '1'] });
  });

  it('imports with an explicit mapping, and a mapping saved by name can be listed', async () => {
    const c = newCase();
    const path = file('m.csv', 'No.,Who,Account,Unit,Sum\n1,Ann,X-1,USD,10\n2,Bo,X-2,USD,20');
    const mapping = { 'No.': 'ref', Who: 'creditor_name', Account: 'creditor_ref', Unit: 'asset', Sum: 'amount' };
    const bad = await run(c, 'claims', path).catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/No column is mapped to ref, amount/);
    const r = await run(c, 'claims', path, { mapping });
    expect(r).toMatchObject({ ok: true, new: 2 });
    expect(count(c, "SELECT count(*) FROM claims WHERE ref IN ('1','2')")).toBe(2);
    saveMapping(c, 'tester', 'Ledger export', 'claims', mapping);
    expect(listMappings(c.db, 'claims')).toEqual([{ name: 'Ledger export', kind: 'claims', mapping }]);
    await expect(run(c, 'claims', path, { mapping: { ...mapping, Sum: 'amountt' } })).rejects.toThrow(/unknown field "amountt"/);
    await expect(run(c, 'claims', path, { mapping: { ...mapping, Missing: 'notes' } })).rejects.toThrow(/column "Missing" that the file does not have/);
  });
});
