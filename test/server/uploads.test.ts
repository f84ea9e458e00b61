/** Browser-mode uploads: kept while the server runs, removed when it closes; stale ones swept at start. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startBrowserMode } from '../../src/server/main.js';

function upload(port: number, token: string, name: string, body: string): Promise<{ status: number; path: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/upload?name=${encodeURIComponent(name)}`,
        headers: { host: `127.0.0.1:${port}`, 'x-recourse-token': token, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, path: res.statusCode === 200 ? (JSON.parse(text) as { path: string }).path : '' }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser-mode uploads', () => {
  it('stores an upload under a sanitised name and removes it when the server closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'recourse-uploads-'));
    const s = await startBrowserMode({ dataDir, quiet: true });
    const r = await upload(s.port, s.token, '../../etc/claims;rm -rf.csv', 'ref,amount\nC1,10.00\n');
    expect(r.status).toBe(200);
    expect(r.path.startsWith(join(dataDir, 'uploads'))).toBe(true);
    expect(r.path).toMatch(/-claims_rm -rf\.csv$/);
    expect(existsSync(r.path)).toBe(true);
    await s.close();
    expect(existsSync(r.path)).toBe(false);
  });

  it('sweeps uploads a killed server left behind once they are a day old, and keeps newer ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'recourse-uploads-'));
    const dir = join(dataDir, 'uploads');
    mkdirSync(dir);
    const old = join(dir, '1700000000000-deadbeef-old.csv');
    const recent = join(dir, '1700000000001-deadbeef-recent.csv');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'y');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const s = await startBrowserMode({ dataDir, quiet: true });
    try {
      expect(readdirSync(dir)).toEqual(['1700000000001-deadbeef-recent.csv']);
    } finally {
      await s.close();
    }
    // not this server's upload: it stays until it is stale
    expect(existsSync(recent)).toBe(true);
  });
});
