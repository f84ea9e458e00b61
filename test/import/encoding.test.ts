import { describe, expect, it } from 'vitest';
import { CLAIMS_HEADER, file, newCase, run } from './helpers.js';
import { incompleteTail } from '../../src/services/import/encoding.js';

const TEXT = `${CLAIMS_HEADER}\r\nC-1,CR-1,Zoë Müller,USD,10.50,filed,2026-01-10\r\nC-2,CR-2,Дмитрий Соколов,USD,3,filed,2026-01-10\r\n`;
const names = (c: ReturnType<typeof newCase>) => c.db.prepare('SELECT name FROM creditors ORDER BY ref').pluck().all();

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

describe('CSV encodings', () => {
  it('reads UTF-8 without and with a byte order mark, and says which', async () => {
    for (const [bytes, label] of [
      [Buffer.from(TEXT, 'utf8'), 'UTF-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'UTF-8 with byte order mark'],
    ] as const) {
      const c = newCase();
      const r = await run(c, 'claims', file('c.csv', bytes));
      expect(r.encoding).toBe(label);
      expect(r.mapping.ref).toBe('ref'); // the BOM is not part of the first header
      expect(names(c)).toEqual(['Zoë Müller', 'Дмитрий Соколов']);
    }
  });

  it('reads UTF-16 LE and BE with a byte order mark', async () => {
    for (const [bytes, label] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'UTF-16 LE (byte order mark)'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 'UTF-16 BE (byte order mark)'],
    ] as const) {
      const c = newCase();
      const r = await run(c, 'claims', file('c.csv', bytes));
      expect(r).toMatchObject({ ok: true, new: 2, encoding: label });
      expect(names(c)).toEqual(['Zoë Müller', 'Дмитрий Соколов']);
    }
  });

  it('falls back to Latin-1 (Windows-1252) when the bytes are not UTF-8, and says so', async () => {
    const c = newCase();
    const latin = Buffer.from(`${CLAIMS_HEADER}\nC-1,CR-1,Zoë Müller,USD,10,filed,2026-01-10\nC-2,CR-2,Café Ñandú,USD,3,filed,2026-01-10\n`, 'latin1');
    const withEuro = Buffer.concat([latin, Buffer.from('C-3,CR-3,', 'latin1'), Buffer.from([0x80]), Buffer.from(' Fund,USD,4,filed,2026-01-10\n', 'latin1')]);
    const r = await run(c, 'claims', file('c.csv', withEuro));
    expect(r.encoding).toMatch(/Latin-1/);
    expect(names(c)).toEqual(['Zoë Müller', 'Café Ñandú', '€ Fund']);
  });

  it('refuses a file with NUL bytes and no byte order mark (UTF-16 without BOM, or binary)', async () => {
    const c = newCase();
    await expect(run(c, 'claims', file('c.csv', Buffer.from(TEXT, 'utf16le')))).rejects.toThrow(/NUL bytes/);
  });

  it('finds an incomplete UTF-8 character at the end of a chunk', () => {
    const euro = Buffer.from('a€', 'utf8'); // 61 e2 82 ac
    expect(incompleteTail(euro)).toBe(0);
    expect(incompleteTail(euro.subarray(0, 3))).toBe(2);
    expect(incompleteTail(euro.subarray(0, 2))).toBe(1);
    expect(incompleteTail(Buffer.from('abc'))).toBe(0);
  });
});
