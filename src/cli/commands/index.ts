import type { Command } from '../types.js';
import { caseCommands } from './case.js';
import { auditCommands } from './audit.js';

/** Every CLI command. Each area exports its list; add it here. */
export const COMMANDS: Command[] = [...caseCommands, ...auditCommands];
