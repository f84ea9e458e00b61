/**
 * Browser mode: the same renderer and API served on 127.0.0.1 behind a random
 * token. Every request must carry the token; Host and Origin are checked so a
 * page on another site (or a DNS-rebound name) cannot reach the API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { dispatch, isApiName } from '../api/dispatch.js';
import type { Session } from '../api/session.js';
import { Uploads } from './uploads.js';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src 'self' blob:; object-src 'self' blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const MAX_BODY = 4 * 1024 * 1024;
const MAX_UPLOAD = 2 * 1024 * 1024 * 1024;

export interface ServerOptions {
  session: Session;
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close: () => Promise<void>;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const c = req.headers.cookie ?? '';
  const m = /(?:^|;\s*)recourse_token=([A-Za-z0-9_-]+)/.exec(c);
  return m?.[1];
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': CSP,
    ...extra,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too_large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticDir = resolve(opts.staticDir);
  let port = 0;
  const uploads = new Uploads(join(opts.session.dataDir, 'uploads'));
  uploads.sweep();
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return send(res, 421, 'Refused: unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Refused: foreign Origin');
    const url = new URL(req.url ?? '/', `http://${host}`);

    // The printed URL carries the token once; trade it for a same-site cookie.
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && url.pathname === '/' && queryToken !== undefined) {
      if (!sameToken(queryToken, token)) return send(res, 401, 'Refused: wrong token. Use the URL Recourse printed.');
      return send(res, 302, '', 'text/plain', {
        location: '/',
        'set-cookie': `recourse_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }

    const headerToken = req.headers['x-recourse-token'];
    const presented = typeof headerToken === 'string' ? headerToken : cookieToken(req);
    if (!sameToken(presented, token)) return send(res, 401, 'Refused: this Recourse server needs its token. Open the URL it printed.');

    // The page's script asks for the token once (same origin only: no CORS headers are ever sent).
    if (url.pathname === '/session-token' && req.method === 'GET') return send(res, 200, JSON.stringify({ token }), 'application/json');

    if (url.pathname.startsWith('/api/')) {
      // API calls need the header as well as the cookie: a cross-site form can send a cookie, never a header.
      if (req.method !== 'POST') return send(res, 405, 'Use POST');
      if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined, token)) return send(res, 401, 'Refused: missing x-recourse-token header');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send JSON');
      const name = decodeURIComponent(url.pathname.slice(5));
      if (!isApiName(name)) return send(res, 404, JSON.stringify({ ok: false, error: { code: 'not_found', message: `Unknown API call "${name}"` } }), 'application/json');
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body ? JSON.parse(body) : {};
      } catch (err) {
        const msg = (err as Error).message === 'too_large' ? 'The request is too large' : 'The request is not valid JSON';
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_args', message: msg } }), 'application/json');
      }
      const result = await dispatch(opts.session, name, args);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (url.pathname === '/upload' && req.method === 'POST') {
      const declared = Number(req.headers['content-length'] ?? '0');
      if (declared > MAX_UPLOAD) return send(res, 413, 'File too large');
      const dest = uploads.destination(url.searchParams.get('name'));
      await pipeline(req, createWriteStream(dest));
      return send(res, 200, JSON.stringify({ path: dest }), 'application/json');
    }

    if (url.pathname.startsWith('/download/') && req.method === 'GET') {
      const dir = resolve(opts.session.dataDir, 'exports');
      const file = resolve(dir, decodeURIComponent(url.pathname.slice('/download/'.length)));
      if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'No such export');
      // ?inline=1 shows a PDF in the page (the Exports page's notice preview); everything else downloads.
      const inline = url.searchParams.get('inline') === '1' && extname(file) === '.pdf';
      res.writeHead(200, {
        'content-type': inline ? 'application/pdf' : 'application/octet-stream',
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${basename(file).replace(/"/g, '')}"`,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
      return;
    }

    if (req.method !== 'GET') return send(res, 405, 'Method not allowed');
    let rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    if (rel === '' || !extname(rel)) rel = 'index.html';
    const file = resolve(staticDir, rel);
    if (!file.startsWith(staticDir + sep) || !existsSync(file)) return send(res, 404, 'Not found');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    createReadStream(file).pipe(res);
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : 0;
      resolvePromise({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => {
              uploads.removeMine();
              r();
            });
          }),
      });
    });
  });
}
