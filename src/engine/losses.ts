/**
 * Loss allocation, mutualized bad debt (spec §7). A shortfall S is covered
 * by ordered layers (the defaulter's margin, an insurance fund, default-fund
 * contributions, a socialized haircut). A layer whose total capacity is at
 * most S gives everything; the first layer that is larger covers S exactly:
 * floor pro rata shares, then one minor unit each to the largest fractional
 * remainders, ties by contributor reference in byte order (money/allocate).
 */
import { allocate, type Ratio } from '../money/index.js';
import { sortedIndices } from './order.js';
import { percentString, ratioOf } from './value.js';
import { EngineError } from './types.js';

export interface LossLayerInput {
  name: string;
  contributors: readonly { ref: string; capacity: bigint }[];
}

export interface LossContribution {
  ref: string;
  capacity: bigint;
  amount: bigint;
  /** amount ÷ capacity, exact (0/1 for a zero capacity). */
  haircut: Ratio;
  /** The haircut as a percentage with two decimals, rounded half-even. */
  haircutPercent: string;
}

export interface LossLayerResult {
  name: string;
  capacity: bigint;
  covered: bigint;
  /** In contributor reference byte order. */
  contributors: LossContribution[];
}

export interface LossAllocation {
  shortfall: bigint;
  covered: bigint;
  /** The shortfall no layer could cover. */
  uncovered: bigint;
  layers: LossLayerResult[];
}

export function allocateLoss(shortfall: bigint, layers: readonly LossLayerInput[]): LossAllocation {
  if (shortfall < 0n) throw new EngineError('A shortfall cannot be negative');
  let S = shortfall;
  const results: LossLayerResult[] = [];
  for (const layer of layers) {
    const order = sortedIndices(layer.contributors.map((c) => c.ref));
    const contributors = order.map((i) => layer.contributors[i]!);
    let total = 0n;
    contributors.forEach((c, i) => {
      if (c.capacity < 0n) throw new EngineError(`Layer ${layer.name}: ${c.ref} has a negative capacity`);
      if (i > 0 && contributors[i - 1]!.ref === c.ref) throw new EngineError(`Layer ${layer.name}: ${c.ref} is listed twice`);
      total += c.capacity;
    });
    let amounts: bigint[];
    if (S >= total) amounts = contributors.map((c) => c.capacity);
    else
      amounts = allocate(
        S,
        contributors.map((c) => c.capacity),
        contributors.map((c) => c.ref),
      );
    let covered = 0n;
    for (const a of amounts) covered += a;
    S -= covered;
    results.push({
      name: layer.name,
      capacity: total,
      covered,
      contributors: contributors.map((c, i) => ({
        ref: c.ref,
        capacity: c.capacity,
        amount: amounts[i]!,
        haircut: ratioOf(amounts[i]!, c.capacity),
        haircutPercent: percentString(amounts[i]!, c.capacity),
      })),
    });
  }
  return { shortfall, covered: shortfall - S, uncovered: S, layers: results };
}
