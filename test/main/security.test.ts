import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSP, WEB_PREFERENCES, isAllowedExternal, isAppUrl, resolveAppPath } from '../../main/security.js';
import { API_NAMES } from '../../src/api/contract/index.js';
import { buildPreload } from '../../scripts/build-preload.js';

describe('Electron shell security', () => {
  it('runs the renderer sandboxed, isolated and without Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('answers IPC only for app:// frames', () => {
    expect(isAppUrl('app://recourse/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('opens only allowlisted https links externally', () => {
    expect(isAllowedExternal('https://github.com/recourse-app/recourse/tree/main/docs')).toBe(true);
    expect(isAllowedExternal('http://github.com/recourse-app/recourse')).toBe(false);
    expect(isAllowedExternal('https://evil.example/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
  });

  it('serves app:// paths only from inside the renderer folder', () => {
    expect(resolveAppPath('app://recourse/', '/r')).toBe('/r/index.html');
    expect(resolveAppPath('app://recourse/assets/x.js', '/r')).toBe('/r/assets/x.js');
    for (const sneaky of ['app://recourse/../secret', 'app://recourse/assets/%2e%2e/%2e%2e/etc/passwd', 'app://recourse/a/..%2f..%2fsecret']) {
      const p = resolveAppPath(sneaky, '/r');
      expect(p === null || p.startsWith('/r/')).toBe(true);
    }
    expect(resolveAppPath('https://recourse/index.html', '/r')).toBeNull();
  });

  it('has a strict Content-Security-Policy', () => {
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    expect(CSP).not.toContain('unsafe-eval');
  });

  it('preload exposes one named function per API call and no raw ipcRenderer', () => {
    const src = readFileSync(new URL('../../main/preload.ts', import.meta.url), 'utf8');
    expect(src).toContain("contextBridge.exposeInMainWorld('recourse'");
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(API_NAMES.length).toBeGreaterThan(5);
  });

  it('bundles the preload with the call names only: every API call, no schemas or validation library', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'recourse-preload-')), 'preload.cjs');
    await buildPreload(out);
    const bundle = readFileSync(out, 'utf8');
    for (const name of API_NAMES) expect(bundle).toContain(JSON.stringify(name));
    expect(bundle).not.toMatch(/zod|safeParse/);
    expect(bundle).not.toMatch(/require\("(?!electron")/);
    expect(statSync(out).size).toBeLessThan(32 * 1024);
  });

  it('sets the packaging fuses', () => {
    const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    for (const line of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true']) {
      expect(yml).toContain(line);
    }
  });
});

/* ---- the wiring itself, driven with fakes (no Electron binary needed) ---- */

const handlers = new Map<string, (e: unknown, args: unknown) => unknown>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (e: unknown, args: unknown) => unknown) => handlers.set(channel, fn) },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  BrowserWindow: { fromWebContents: () => null },
}));

describe('IPC: senderFrame checked on every message', () => {
  it('answers app:// frames and refuses every other sender, before validation runs', async () => {
    const { registerIpc } = await import('../../main/ipc.js');
    const { Session } = await import('../../src/api/session.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'recourse-ipc-'));
    registerIpc(new Session('cli', dataDir));
    expect([...handlers.keys()].filter((k) => k.startsWith('api:'))).toHaveLength(API_NAMES.length);
    const call = handlers.get('api:app.state')!;
    const ok = (await call({ senderFrame: { url: 'app://recourse/index.html' } }, {})) as { ok: boolean };
    expect(ok.ok).toBe(true);
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, { url: 'app://evil/index.html' }, null, undefined]) {
      expect(await call({ senderFrame }, {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'Refused: not an app window' } });
    }
    // An untrusted frame never reaches dispatch, even with a malformed payload.
    expect(await handlers.get('api:case.open')!({ senderFrame: { url: 'https://evil.example/' } }, { __proto__: 1 })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await handlers.get('shell:pickPath')!({ senderFrame: { url: 'https://evil.example/' } }, { mode: 'open' })).toBeNull();
  });
});

function fakeContents() {
  const on = new Map<string, (...a: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const wc = {
    on: (ev: string, fn: (...a: unknown[]) => void) => on.set(ev, fn),
    setWindowOpenHandler: (fn: (d: { url: string }) => { action: 'deny' }) => (openHandler = fn),
  };
  const fire = (ev: string, url?: string) => {
    let prevented = false;
    on.get(ev)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { wc, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window hardening', () => {
  it('refuses navigation and redirects away from app://, webviews, and new windows; opens only allowlisted links outside', async () => {
    const { hardenContents } = await import('../../main/harden.js');
    const f = fakeContents();
    const opened: string[] = [];
    hardenContents(f.wc as never, (url) => opened.push(url));
    expect(f.fire('will-navigate', 'app://recourse/index.html#/claims')).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/', 'javascript:alert(1)']) {
      expect(f.fire('will-navigate', url)).toBe(true);
      expect(f.fire('will-redirect', url)).toBe(true);
    }
    expect(f.fire('will-attach-webview')).toBe(true);
    expect(f.open('https://github.com/recourse-app/recourse/tree/main/docs')).toEqual({ action: 'deny' });
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open('http://github.com/recourse-app/x')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/recourse-app/recourse/tree/main/docs']);
  });

  it('refuses every permission and sets the CSP on every response', async () => {
    const { hardenSession } = await import('../../main/harden.js');
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((...a: unknown[]) => boolean) | null = null;
    let headers: ((d: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders: Record<string, unknown> }) => void) => void) | null = null;
    hardenSession({
      setPermissionRequestHandler: (fn) => (request = fn),
      setPermissionCheckHandler: (fn) => (check = fn),
      webRequest: { onHeadersReceived: (fn) => (headers = fn as never) },
    });
    for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      request!(null, perm, (g) => (granted = g));
      expect(granted).toBe(false);
      expect(check!(null, perm)).toBe(false);
    }
    let out: Record<string, unknown> = {};
    headers!({ responseHeaders: { 'Content-Security-Policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CSP]);
    expect(out['X-Other']).toEqual(['1']);
  });

  it('serves app:// only from inside the renderer folder, with the CSP, through the custom protocol', async () => {
    const { appProtocolHandler } = await import('../../main/harden.js');
    const fetched: string[] = [];
    const handle = appProtocolHandler('/r', '/', (p) => ['/r/index.html', '/r/assets/a.js'].includes(p), async (p) => {
      fetched.push(p);
      return new Response('body', { headers: { 'content-type': 'text/html' } });
    });
    const ok = await handle({ url: 'app://recourse/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of ['app://recourse/../secret', 'app://recourse/missing.js', 'app://evil/index.html', 'file:///r/index.html', 'app://recourse/assets/%2e%2e/%2e%2e/etc/passwd']) {
      expect((await handle({ url })).status).toBe(404);
    }
    expect(fetched).toEqual(['/r/index.html']);
  });

  it('creates the window with exactly the hardened webPreferences (written out for Electronegativity)', () => {
    const src = readFileSync(new URL('../../main/main.ts', import.meta.url), 'utf8');
    const block = /new BrowserWindow\(\{[\s\S]*?webPreferences: \{([\s\S]*?)\n {4}\},/.exec(src)?.[1] ?? '';
    for (const [k, v] of Object.entries(WEB_PREFERENCES)) expect(block).toContain(`${k}: ${typeof v === 'string' ? `'${v}'` : String(v)},`);
    expect(src).toContain('app.enableSandbox()');
    expect(src).toContain("protocol.handle(APP_SCHEME");
    expect(src).not.toMatch(/registerFileProtocol|file:\/\//);
  });
});

describe('remembered passphrases (safeStorage)', () => {
  const fakeStorage = (backend = 'gnome_libsecret') => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (p: string) => Buffer.from(Buffer.from(p, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
  });

  it('keeps them encrypted by the OS keychain, returns them once per open, and forgets on request', async () => {
    const { Keychain } = await import('../../main/keychain.js');
    const file = join(mkdtempSync(join(tmpdir(), 'recourse-keys-')), 'passphrases.json');
    const k = new Keychain(file, fakeStorage());
    k.remember('/cases/a.recourse', 'a secret passphrase');
    expect(readFileSync(file, 'utf8')).not.toContain('a secret passphrase');
    expect(k.get('/cases/a.recourse', 0)).toBe('a secret passphrase');
    expect(k.get('/cases/a.recourse', 1)).toBeUndefined(); // a wrong remembered one is not retried
    k.forget('/cases/a.recourse');
    expect(k.get('/cases/a.recourse', 0)).toBeUndefined();
  });

  it('refuses to remember where the OS has no real keychain', async () => {
    const { Keychain } = await import('../../main/keychain.js');
    const file = join(mkdtempSync(join(tmpdir(), 'recourse-keys-')), 'passphrases.json');
    const k = new Keychain(file, fakeStorage('basic_text'));
    k.remember('/cases/a.recourse', 'a secret passphrase');
    expect(existsSync(file)).toBe(false);
  });
});
