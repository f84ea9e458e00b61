import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startBrowserMode } from '../../src/server/main.js';

type Srv = Awaited<ReturnType<typeof startBrowserMode>>;

function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode server', () => {
  let s: Srv;
  let host: string;
  const api = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(s.port, {
      method: 'POST',
      path: `/api/${name}`,
      headers: { host, 'content-type': 'application/json', 'x-recourse-token': s.token, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    s = await startBrowserMode({ dataDir: mkdtempSync(join(tmpdir(), 'recourse-http-')), quiet: true });
    host = `127.0.0.1:${s.port}`;
  });
  afterAll(async () => s?.close());

  it('listens on loopback only and prints a URL with the token', () => {
    expect(s.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers the API with the token', async () => {
    const r = await api('app.state', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(true);
    expect(body.value.case.name).toMatch(/Meridian/);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await raw(s.port, { path: '/', headers: { host } })).status).toBe(401);
    expect((await api('app.state', {}, { 'x-recourse-token': 'nope' })).status).toBe(401);
    expect((await raw(s.port, { path: '/?token=wrong', headers: { host } })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await api('app.state', {}, { host: 'evil.example:80' })).status).toBe(421);
    expect((await api('app.state', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app.state', {}, { origin: `http://127.0.0.1:${s.port}` })).status).toBe(200);
  });

  it('refuses API calls that carry only the cookie (cross-site forms cannot set headers)', async () => {
    const r = await raw(s.port, {
      method: 'POST',
      path: '/api/app.state',
      headers: { host, 'content-type': 'application/json', cookie: `recourse_token=${s.token}` },
      body: '{}',
    });
    expect(r.status).toBe(401);
  });

  it('trades the URL token for a strict cookie and serves the app with a CSP', async () => {
    const r = await raw(s.port, { path: `/?token=${s.token}`, headers: { host } });
    expect(r.status).toBe(302);
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await raw(s.port, { path: '/', headers: { host, cookie: `recourse_token=${s.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('validates payloads strictly: unknown keys, __proto__, wrong types', async () => {
    const unknown = JSON.parse((await api('audit.list', { limit: 5, sneaky: 1 })).body);
    expect(unknown.ok).toBe(false);
    expect(unknown.error.code).toBe('invalid_args');
    expect(unknown.error.message).toMatch(/unknown field sneaky/);
    const proto = await raw(s.port, {
      method: 'POST',
      path: '/api/audit.list',
      headers: { host, 'content-type': 'application/json', 'x-recourse-token': s.token },
      body: '{"__proto__": {"polluted": true}}',
    });
    expect(JSON.parse(proto.body).error.message).toMatch(/forbidden key/);
    const wrongType = JSON.parse((await api('audit.list', { limit: 'ten' })).body);
    expect(wrongType.error.code).toBe('invalid_args');
    const badJson = await raw(s.port, { method: 'POST', path: '/api/app.state', headers: { host, 'content-type': 'application/json', 'x-recourse-token': s.token }, body: '{' });
    expect(badJson.status).toBe(400);
    const unknownCall = await api('nope.nothing', {});
    expect(unknownCall.status).toBe(404);
  });

  it('keeps static files inside the renderer folder', async () => {
    const r = await raw(s.port, { path: '/../../package.json', headers: { host, cookie: `recourse_token=${s.token}` } });
    expect(r.body).not.toContain('"name": "recourse"');
  });
});
