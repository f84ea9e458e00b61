import { describe, expect, it } from 'vitest';
import { file, zip } from './helpers.js';
import { chooseSheet, readSharedStrings, SharedStringsScanner } from '../../src/services/import/xlsx-parts.js';
import { zipDirectory } from '../../src/services/import/zipdir.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const rel = (id: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/>`;

describe('workbook parts read straight from the ZIP', () => {
  const SST =
    `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="6" uniqueCount="6">` +
    '<si><t>plain</t></si>' +
    '<si><t xml:space="preserve">  spaced &amp; &lt;escaped&gt; &#233;&#x4E2D; </t></si>' +
    '<si><r><rPr><b/></rPr><t>rich </t></r><r><t>text</t></r></si>' +
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>' +
    '<si><t/></si><si/>' +
    '<si><t><![CDATA[a & b <c>]]></t></si><!-- a comment <si><t>no</t></si> -->' +
    '</sst>';
  const WANT = ['plain', '  spaced & <escaped> é中 ', 'rich text', '漢字', '', '', 'a & b <c>'];

  it('reads shared strings: rich text joined, phonetic readings left out, entities and CDATA decoded', async () => {
    const path = file('s.xlsx', zip({ 'xl/sharedStrings.xml': SST }));
    expect(await readSharedStrings(path, (await zipDirectory(path))!)).toEqual(WANT);
  });

  it('gives the same table whatever the chunks the XML arrives in', () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const sc = new SharedStringsScanner();
      for (let i = 0; i < SST.length; i += size) sc.push(SST.slice(i, i + size));
      expect(sc.list, `chunks of ${size}`).toEqual(WANT);
    }
  });

  it('chooses the first sheet that is not hidden, through the relationships, with the 1904 flag', async () => {
    const path = file(
      'w.xlsx',
      zip({
        'xl/workbook.xml': `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Old" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Claims &amp; more" sheetId="2" r:id="rId2"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'worksheets/sheet1.xml')}${rel('rId2', '/xl/worksheets/sheet2.xml')}</Relationships>`,
        'xl/worksheets/sheet1.xml': '<worksheet/>',
        'xl/worksheets/sheet2.xml': '<worksheet/>',
      }),
    );
    const c = await chooseSheet(path, (await zipDirectory(path))!);
    expect({ name: c.name, part: c.entry.name, date1904: c.date1904 }).toEqual({ name: 'Claims & more', part: 'xl/worksheets/sheet2.xml', date1904: true });
  });

  it('refuses a workbook whose sheets are all hidden', async () => {
    const path = file(
      'h.xlsx',
      zip({
        'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="Old" sheetId="1" state="hidden" r:id="rId1"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships>${rel('rId1', 'worksheets/sheet1.xml')}</Relationships>`,
        'xl/worksheets/sheet1.xml': '<worksheet/>',
      }),
    );
    await expect(chooseSheet(path, (await zipDirectory(path))!)).rejects.toThrow(/no visible sheet/);
  });
});
