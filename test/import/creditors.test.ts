import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { count, file, newCase, run } from './helpers.js';

const SAMPLES = fileURLToPath(new URL('../../assets/samples/', import.meta.url));

describe('creditors import', () => {
  it('creates creditors, then updates only what changed (audited) and counts the rest unchanged', async () => {
    const c = newCase();
    const r = await run(c, 'creditors', SAMPLES + 'creditors.csv');
    expect(r).toMatchObject({ ok: true, new: 8, updated: 0, unchanged: 0 });
    expect(c.db.prepare("SELECT name, type, kyc, tax_form, tags, name_key FROM creditors WHERE ref = 'CR-9000006'").get()).toEqual({
      name: 'Nordlys Capital AS',
      type: 'affiliate',
      kyc: 'restricted',
      tax_form: 1n,
      tags: 'affiliate, related party',
      name_key: 'as capital nordlys',
    });
    const changed = file('cr.csv', 'Creditor ID,Name,KYC status\nCR-9000001,Amara Okonkwo,failed\nCR-9000002,Helios Trading GmbH,pending\nCR-9000099,New Person,');
    const r2 = await run(c, 'creditors', changed);
    expect(r2).toMatchObject({ ok: true, new: 1, updated: 1, unchanged: 1 });
    const e = c.db.prepare("SELECT before, after FROM audit WHERE action = 'creditor.update'").get() as { before: string; after: string; reason: string };
    expect([JSON.parse(e.before), JSON.parse(e.after)]).toEqual([{ kyc: 'verified' }, { kyc: 'failed' }]);
  });

  it('reports duplicate references, unknown types and bad yes/no values by row and column', async () => {
    const c = newCase();
    const r = await run(c, 'creditors', file('c.csv', 'ref,name,type,tax_form,email\nA-1,Ann,individual,yes,ann@example.org\nA-1,Ann,individual,no,\nA-2,Bo,company,maybe,bo(at)example'));
    expect(r.errors.map((x) => [x.row, x.column])).toEqual([
      [3, 'ref'],
      [4, 'email'],
      [4, 'type'],
      [4, 'tax_form'],
    ]);
    expect(count(c, 'SELECT count(*) FROM creditors')).toBe(0);
  });
});
