/** Default scales (decimal places) per spec §1. Any other asset gets its scale when added. */
export const DEFAULT_ASSETS: ReadonlyArray<{ code: string; name: string; scale: number }> = [
  { code: 'USD', name: 'US dollar', scale: 2 },
  { code: 'EUR', name: 'Euro', scale: 2 },
  { code: 'GBP', name: 'Pound sterling', scale: 2 },
  { code: 'JPY', name: 'Japanese yen', scale: 0 },
  { code: 'BTC', name: 'Bitcoin', scale: 8 },
  { code: 'ETH', name: 'Ether', scale: 18 },
  { code: 'USDT', name: 'Tether USD', scale: 6 },
  { code: 'USDC', name: 'USD Coin', scale: 6 },
  { code: 'SOL', name: 'Solana', scale: 9 },
];

export const ASSET_CODE = /^[A-Z0-9][A-Z0-9._-]{0,15}$/;

export function defaultScale(code: string): number | undefined {
  return DEFAULT_ASSETS.find((a) => a.code === code)?.scale;
}
