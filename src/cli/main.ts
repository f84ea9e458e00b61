/**
 * The `recourse` command line: every UI action as a command, for batch work
 * and scripting. Exit 0 on success, 1 with a one-line message on stderr for an
 * error, 2 for a usage error.
 */
import { Session } from '../api/session.js';
import { parseArgs, UsageError, type FlagSpec } from './args.js';
import { COMMANDS } from './commands/index.js';
import type { CliIO, Command } from './types.js';
import { cliPassphrases } from './passphrase.js';

const GLOBAL_FLAGS: Record<string, FlagSpec> = { as: { value: true }, help: { value: false }, 'passphrase-file': { value: true } };

export function helpText(): string {
  const lines = [
    'recourse: post-default claims administration',
    '',
    'Usage: recourse COMMAND [ARGS] [--as NAME]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  recourse ${c.usage}`, `      ${c.summary}`]),
    '',
    'Global options:',
    '  --as NAME   act as NAME (default: $RECOURSE_USER, else the OS user); recorded in the audit log',
    '  --help      show this help, or a command\'s usage',
    '  --passphrase-file F   read an encrypted case\'s passphrase from F (else $RECOURSE_PASSPHRASE, else asked)',
    '',
    'Exit codes: 0 success, 1 error, 2 usage error.',
  ];
  return lines.join('\n');
}

/** Longest match of command words against the leading positionals. */
function findCommand(argv: readonly string[]): { cmd: Command; rest: string[] } | null {
  let best: Command | null = null;
  for (const c of COMMANDS) {
    if (c.words.every((w, i) => argv[i] === w) && (!best || c.words.length > best.words.length)) best = c;
  }
  return best ? { cmd: best, rest: argv.slice(best.words.length) } : null;
}

export async function runCli(argv: readonly string[], io: CliIO, dataDir?: string): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help' || argv[0] === '-h') {
    io.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`recourse: unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}". Run recourse --help for the list.`);
    return 2;
  }
  const { cmd, rest } = found;
  let session: Session | undefined;
  try {
    const args = parseArgs(rest, { ...GLOBAL_FLAGS, ...(cmd.flags ?? {}) });
    if (args.flags.has('help')) {
      io.out(`Usage: recourse ${cmd.usage}\n\n${cmd.summary}`);
      return 0;
    }
    const [min, max] = cmd.positionals;
    if (args.positionals.length < min || args.positionals.length > max) {
      throw new UsageError(`Usage: recourse ${cmd.usage}`);
    }
    const as = args.flags.get('as');
    session = new Session('cli', dataDir, typeof as === 'string' ? as : undefined);
    const passFile = args.flags.get('passphrase-file');
    session.passphrases = cliPassphrases(typeof passFile === 'string' ? passFile : undefined);
    await cmd.run({ session, args, io });
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`recourse: ${err.message}`);
      return 2;
    }
    io.err(`recourse: ${(err as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    session?.close();
  }
}
