import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CSP, WEB_PREFERENCES, isAllowedExternal, isAppUrl, resolveAppPath } from '../../main/security.js';
import { API_NAMES } from '../../src/api/contract/index.js';

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

  it('sets the packaging fuses', () => {
    const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    for (const line of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true']) {
      expect(yml).toContain(line);
    }
  });
});
