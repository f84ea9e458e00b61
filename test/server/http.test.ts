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

  it('listens on the loopback interface only', async () => {
    const { networkInterfaces } = await import('node:os');
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
    const tryConnect = (h: string) =>
      new Promise<string>((res) => {
        const r = request({ host: h, port: s.port, path: '/', headers: { host } }, (resp) => {
          resp.on('error', () => undefined);
          resp.resume();
          res('connected');
        });
        r.on('error', (e: NodeJS.ErrnoException) => res(e.code ?? 'error'));
        r.end();
      });
    if (outside) expect(await tryConnect(outside)).toBe('ECONNREFUSED');
    expect(await tryConnect('::1')).not.toBe('connected');
    expect(await tryConnect('127.0.0.1')).toBe('connected');
  });

  it('refuses look-alike Hosts and Origins (DNS rebinding, other ports, opaque origins)', async () => {
    for (const h of [`127.0.0.1.evil.example:${s.port}`, `localhost:${s.port + 1}`, `evil.example:${s.port}`, '127.0.0.1', `[::1]:${s.port}`]) {
      expect((await api('app.state', {}, { host: h })).status).toBe(421);
    }
    for (const o of ['null', `http://localhost:${s.port + 1}`, `https://127.0.0.1:${s.port}`, `http://127.0.0.1:${s.port}.evil.example`]) {
      expect((await api('app.state', {}, { origin: o })).status).toBe(403);
    }
  });

  it('refuses payloads JSON cannot hold safely: NaN literals, oversized bodies and strings, deep nesting', async () => {
    const send = (body: string) => raw(s.port, { method: 'POST', path: '/api/audit.list', headers: { host, 'content-type': 'application/json', 'x-recourse-token': s.token }, body });
    expect((await send('{"limit": NaN}')).status).toBe(400);
    // Over the 4 MB body limit: answered 400 (or the socket is reset while the client is still sending).
    const huge = await new Promise<number | string>((res) => {
      // Its own connection (agent: false): the server drops it, so it must not go back to the keep-alive pool.
      const req = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/audit.list', agent: false, headers: { host, 'content-type': 'application/json', 'x-recourse-token': s.token } }, (r) => {
        r.on('error', () => undefined);
        r.resume();
        res(r.statusCode ?? 0);
      });
      req.on('error', (e: NodeJS.ErrnoException) => res(e.code ?? 'error'));
      req.end(JSON.stringify({ search: 'x'.repeat(5 * 1024 * 1024) }));
    });
    expect([400, 'ECONNRESET', 'EPIPE']).toContain(huge);
    expect((await api('app.state', {})).status).toBe(200);
    const big = JSON.parse((await send(JSON.stringify({ search: 'x'.repeat(1024 * 1024 + 10) }))).body);
    expect(big.error).toMatchObject({ code: 'invalid_args', message: expect.stringMatching(/over 1 MB/) });
    const deep = JSON.parse((await send('{"a":'.repeat(30) + '1' + '}'.repeat(30))).body);
    expect(deep.error.message).toMatch(/deeper than 20 levels/);
    const num = JSON.parse((await api('case.create', { path: '/tmp/x.recourse', name: 'X', petitionDate: '2026-01-01', interestRate: 0.05 })).body);
    expect(num.error.code).toBe('invalid_args');
  });

  it('keeps static files inside the renderer folder', async () => {
    const r = await raw(s.port, { path: '/../../package.json', headers: { host, cookie: `recourse_token=${s.token}` } });
    expect(r.body).not.toContain('"name": "recourse"');
  });
});
