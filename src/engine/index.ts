/** The distribution engine: pure, exact, deterministic (spec §2–§7). */
export * from './types.js';
export { valueOf, actualDays, simpleInterest, percentString, inKindSplit, type ValueInput } from './value.js';
export { computeRun, identityGap, paidAfter } from './runs.js';
export { serializeRun, serializeRunChunks } from './serialize.js';
export { allocateLoss, type LossLayerInput, type LossAllocation, type LossLayerResult, type LossContribution } from './losses.js';
