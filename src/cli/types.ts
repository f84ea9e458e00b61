import type { FlagSpec, Parsed } from './args.js';
import type { Session } from '../api/session.js';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  /** Words that name the command: ['case', 'new']. */
  words: string[];
  usage: string;
  summary: string;
  flags?: Record<string, FlagSpec>;
  /** Positional arguments: min and max count. */
  positionals: [number, number];
  run: (ctx: { session: Session; args: Parsed; io: CliIO }) => Promise<void>;
}
