/**
 * Passphrases on the command line: from RECOURSE_PASSPHRASE, a file named by
 * --passphrase-file (first line), or a prompt with echo off when run on a
 * terminal. Never from a command-line argument (it would show in `ps`).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../errors.js';
import type { PassphraseSource } from '../services/case-open.js';

export function readPassphraseFile(file: string): string {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('not_found', `Cannot read the passphrase file ${file}: ${(err as Error).message}`);
  }
  const line = raw.split(/\r?\n/)[0] ?? '';
  if (!line) throw new AppError('invalid_args', `The passphrase file ${file} is empty`);
  return line;
}

/** Ask on the terminal without echoing; undefined when there is no terminal or the user pressed Ctrl-C. */
export function promptHidden(question: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY || !process.stderr.isTTY) return Promise.resolve(undefined);
  return new Promise((resolvePromise) => {
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let buf = '';
    const done = (v: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolvePromise(v);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(buf);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The CLI's source for a case's current passphrase. */
export function cliPassphrases(file?: string): PassphraseSource {
  return {
    get: async (path, attempt) => {
      const given = process.env.RECOURSE_PASSPHRASE || (file ? readPassphraseFile(file) : undefined);
      if (given !== undefined) return attempt === 0 ? given : undefined; // a wrong given one is not retried
      return promptHidden(attempt === 0 ? `Passphrase for ${basename(path)}: ` : `Wrong passphrase. Passphrase for ${basename(path)}: `);
    },
  };
}

/** A new passphrase: RECOURSE_NEW_PASSPHRASE, --new-passphrase-file, or asked twice on a terminal. */
export async function newPassphrase(file?: string): Promise<string> {
  const given = process.env.RECOURSE_NEW_PASSPHRASE || (file ? readPassphraseFile(file) : undefined);
  if (given !== undefined) return given;
  const a = await promptHidden('New passphrase: ');
  if (a === undefined) {
    throw new AppError('invalid_args', 'Give the new passphrase in RECOURSE_NEW_PASSPHRASE or with --new-passphrase-file (no terminal to ask on)');
  }
  const b = await promptHidden('Repeat the new passphrase: ');
  if (a !== b) throw new AppError('invalid_args', 'The two passphrases differ; nothing was changed');
  return a;
}
