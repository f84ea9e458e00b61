import { groupDecimal } from '../format.js';

/** An amount as it should read in a professional tool: grouped, aligned, with its asset. */
export function Amount({ value, asset, maxDecimals }: { value: string; asset?: string; maxDecimals?: number }) {
  return (
    <span className="amount" title={`${value}${asset ? ' ' + asset : ''}`}>
      {groupDecimal(value, maxDecimals)}
      {asset ? <span className="asset">{asset}</span> : null}
    </span>
  );
}
