export * from './rounding.js';
export * from './decimal.js';
export * from './allocate.js';
