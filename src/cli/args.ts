/** A small, strict argument parser: positionals, --flag value, --switch. Unknown flags are usage errors. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  /** Takes a value (`--status allowed`) or is a switch (`--json`). */
  value: boolean;
  repeat?: boolean;
}

export interface Parsed {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const s = spec[name];
      if (!s) throw new UsageError(`Unknown option --${name}`);
      if (s.value) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, v);
      } else {
        if (eq > 0) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      }
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function has(p: Parsed, name: string): boolean {
  return p.flags.has(name);
}
