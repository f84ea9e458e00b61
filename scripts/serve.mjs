#!/usr/bin/env node
// Browser mode: the renderer and API on 127.0.0.1 behind a random token.
// Usage: npm run serve [-- --port N] [--case FILE] [--data-dir DIR]
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const portText = opt('port');
if (portText !== undefined && !/^\d{1,5}$/.test(portText)) {
  console.error('recourse: --port takes a port number');
  process.exit(2);
}
if (!existsSync(`${root}/dist/renderer/index.html`) || process.env.RECOURSE_REBUILD) {
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
register();
const { startBrowserMode } = await import('../src/server/main.ts');
const server = await startBrowserMode({
  ...(portText ? { port: Number.parseInt(portText, 10) } : {}),
  ...(opt('case') ? { openCase: opt('case') } : {}),
  ...(opt('data-dir') ? { dataDir: opt('data-dir') } : {}),
});
console.log(`Recourse is running in browser mode. Open this URL (it carries your access token):\n${server.url}`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
