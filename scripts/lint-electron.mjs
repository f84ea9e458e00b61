#!/usr/bin/env node
// npm run lint:electron: Electronegativity (offline) over the Electron shell (main/), for the Electron
// version installed. Fails on any finding not in ACCEPTED below; each accepted one says why it is safe
// (also documented in docs/reliability.md). The CSV goes to $RECOURSE_ELECTRONEGATIVITY_OUT or to a new
// temporary folder of this run (two runs at once never share a file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electron = require('electron/package.json').version;
const out = process.env.RECOURSE_ELECTRONEGATIVITY_OUT ?? join(mkdtempSync(join(tmpdir(), 'recourse-electronegativity-')), 'findings.csv');

/** issue + file → why it is not a problem here. */
const ACCEPTED = {
  'CSP_GLOBAL_CHECK harden.ts':
    'The CSP is the constant CSP of main/security.ts (default-src none, script-src self, no unsafe-*); the tool cannot read a constant. test/main/security.test.ts checks it and that every response carries it.',
  'PRELOAD_JS_CHECK main.ts':
    'The preload exposes one named function per API call and the file dialog, never ipcRenderer; every payload is validated by the API (test/main/security.test.ts).',
  'OPEN_EXTERNAL_JS_CHECK main.ts': 'Only https links on the allowlist (isAllowedExternal: the project docs) reach shell.openExternal; tested.',
  'OPEN_EXTERNAL_JS_CHECK menu.ts': 'Opens the fixed docs URL, itself checked by isAllowedExternal.',
};

rmSync(out, { force: true });
const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity');
const r = spawnSync(bin, ['-i', join(root, 'main'), '-e', electron, '-r', '-v', 'false', '-o', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
let csv;
try {
  csv = readFileSync(out, 'utf8');
} catch {
  console.error(`lint:electron: Electronegativity did not write ${out} (exit ${r.status}).\n${r.stderr || r.stdout}`);
  process.exit(1);
}
/** CSV records (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). */
function records(text) {
  const out = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (row.some((x) => x !== '')) out.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  endRow();
  return out;
}
const rows = records(csv)
  .slice(1)
  .map(([issue, severity, confidence, file, location]) => ({ issue, severity, confidence, file, location }));
const rejected = rows.filter((f) => !(`${f.issue} ${f.file}` in ACCEPTED));
for (const f of rows) {
  const why = ACCEPTED[`${f.issue} ${f.file}`];
  console.log(`${why ? 'accepted' : 'FINDING '}  ${f.issue} (${f.severity}, ${f.confidence}) ${f.file}:${f.location}${why ? `\n          ${why}` : ''}`);
}
console.log(`lint:electron: Electron ${electron}, ${rows.length} findings, ${rows.length - rejected.length} accepted, ${rejected.length} to fix (${out})`);
process.exit(rejected.length ? 1 : 0);
