import type { Command } from '../types.js';
import { caseCommands } from './case.js';
import { auditCommands } from './audit.js';
import { exportCommands } from './export.js';
import { importCommands } from './import.js';
import { estateCommands } from './estate.js';
import { classesCommands } from './classes.js';
import { reviewCommands } from './review.js';
import { reliabilityCommands } from './reliability.js';
import { claimsCommands } from './claims.js';
import { creditorsCommands } from './creditors.js';
import { runsCommands } from './runs.js';

/** Every CLI command. Each area exports its list; add it here. */
export const COMMANDS: Command[] = [...caseCommands, ...auditCommands, ...exportCommands, ...importCommands, ...estateCommands, ...classesCommands, ...reviewCommands, ...reliabilityCommands, ...claimsCommands, ...creditorsCommands, ...runsCommands];
