import type { Migration } from './types.js';
import { m001 } from './001-init.js';
import { m002 } from './002-claims-import.js';
import { m003 } from './003-estate.js';
import { m004 } from './004-classification.js';
import { m005 } from './005-runs.js';
import { m006 } from './006-exports.js';
import { m008 } from './008-claims-register.js';
import { m009 } from './009-claims-asset-amounts.js';

/** Every migration, in order. A new one is a new numbered file added here. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m008, m009];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
