/**
 * Remembered case passphrases on the desktop: encrypted with Electron's
 * safeStorage (the OS keychain: macOS Keychain, Windows DPAPI, libsecret/KWallet
 * on Linux) and kept in <userData>/passphrases.json. Never stored when the OS
 * offers no real keychain (Linux "basic_text": the key would sit beside the data).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PassphraseSource } from '../src/services/case-open.js';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?: () => string;
}

export class Keychain implements PassphraseSource {
  constructor(
    private readonly file: string,
    private readonly storage: SafeStorageLike,
  ) {}

  /** Can this machine keep a passphrase safely? */
  available(): boolean {
    if (!this.storage.isEncryptionAvailable()) return false;
    const backend = this.storage.getSelectedStorageBackend?.();
    return backend === undefined || (backend !== 'basic_text' && backend !== 'unknown');
  }

  private load(): Record<string, string> {
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private save(entries: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file + '.tmp', JSON.stringify(entries, null, 2), { mode: 0o600 });
    renameSync(this.file + '.tmp', this.file);
  }

  get(path: string, attempt: number): string | undefined {
    if (attempt > 0 || !this.available()) return undefined;
    const stored = this.load()[resolve(path)];
    if (typeof stored !== 'string') return undefined;
    try {
      return this.storage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      return undefined;
    }
  }

  remember(path: string, passphrase: string): void {
    if (!this.available()) return;
    const entries = this.load();
    entries[resolve(path)] = this.storage.encryptString(passphrase).toString('base64');
    this.save(entries);
  }

  forget(path: string): void {
    if (!existsSync(this.file)) return;
    const entries = this.load();
    if (!(resolve(path) in entries)) return;
    delete entries[resolve(path)];
    this.save(entries);
  }
}
