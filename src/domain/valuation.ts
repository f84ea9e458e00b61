/** Claim value in the case currency (spec §2). */
import { divHalfEven, pow10, type Ratio } from '../money/index.js';

/**
 * quantity (asset minor units) × price (case currency per whole unit) →
 * case-currency minor units, rounded half-even. Set-off (case-currency minor
 * units) reduces the value, never below zero.
 */
export function claimValue(quantity: bigint, assetScale: number, price: Ratio, caseScale: number, setoff = 0n): bigint {
  const gross = divHalfEven(quantity * price.num * pow10(caseScale), price.den * pow10(assetScale));
  const net = gross - setoff;
  return net > 0n ? net : 0n;
}
