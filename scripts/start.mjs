#!/usr/bin/env node
// npm start: the desktop app where Electron can run; browser mode where it cannot.
//  1. Electron's binary: use it if present, else try to fetch it (time-limited).
//  2. The SQLite driver for Electron's ABI, built into .native/electron-<version>-mc/ so the Node build that
//     tests and the CLI use is never replaced.
//  3. Build the renderer and the shell, then launch. Any step that cannot work here → browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const passArgs = process.argv.slice(2);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

function browserMode(reason) {
  console.log(`Recourse: ${reason}; starting browser mode instead.`);
  const child = spawn(process.execPath, [join(root, 'scripts/serve.mjs'), ...passArgs], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

function electronBinary() {
  const dir = join(root, 'node_modules/electron');
  if (!existsSync(dir)) return { error: 'Electron is not installed (npm install)' };
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile) || process.env.RECOURSE_FORCE_BROWSER) {
    if (process.env.RECOURSE_FORCE_BROWSER) return { error: 'browser mode was requested (RECOURSE_FORCE_BROWSER)' };
    console.log('Recourse: fetching the Electron binary…');
    const r = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, stdio: 'ignore', timeout: 180_000 });
    if (r.status !== 0 || !existsSync(pathFile)) return { error: "Electron's binary cannot be downloaded on this machine" };
  }
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? { bin, version: require('electron/package.json').version } : { error: "Electron's binary is missing" };
}

// The case files' driver (src/store/db.ts): better-sqlite3-multiple-ciphers (better-sqlite3's API with SQLCipher encryption).
const DRIVER = 'better-sqlite3-multiple-ciphers';

function electronSqlite(version) {
  const outDir = join(root, '.native', `electron-${version}-mc`);
  const out = join(outDir, 'better_sqlite3.node');
  if (existsSync(out)) return { path: out };
  console.log(`Recourse: building ${DRIVER} for Electron ${version} (once, about two minutes)…`);
  const work = join(root, '.native', `build-${DRIVER}`);
  rmSync(work, { recursive: true, force: true });
  const nodeBuild = join(root, `node_modules/${DRIVER}/build`);
  cpSync(join(root, `node_modules/${DRIVER}`), work, { recursive: true, filter: (src) => !src.startsWith(nodeBuild) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [join(root, 'node_modules/npm'), '/usr/lib/node_modules/npm'] });
  const r = spawnSync(process.execPath, [gyp, 'rebuild', `--target=${version}`, '--dist-url=https://electronjs.org/headers', '--release'], { cwd: work, stdio: 'ignore', timeout: 600_000 });
  const built = join(work, 'build/Release/better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) return { error: `${DRIVER} cannot be built for Electron here (Electron's headers cannot be downloaded)` };
  mkdirSync(outDir, { recursive: true });
  cpSync(built, out);
  return { path: out };
}

const e = electronBinary();
if (e.error) browserMode(e.error);
else {
  const s = electronSqlite(e.version);
  if (s.error) browserMode(s.error);
  else {
    for (const script of ['build:renderer', 'build:electron']) {
      const r = run('npm', ['run', '--silent', script]);
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    const child = spawn(e.bin, ['.', ...passArgs], { cwd: root, stdio: 'inherit', env: { ...process.env, RECOURSE_NATIVE_BINDING: s.path } });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
