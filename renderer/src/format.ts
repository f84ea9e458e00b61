/** Display helpers. Amounts stay decimal strings: grouping is done on the text, never through a number. */
export function groupDecimal(text: string, maxDecimals?: number): string {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [int = '0', frac = ''] = body.split('.');
  let f = frac;
  if (maxDecimals !== undefined && f.length > maxDecimals) {
    // display only: trim trailing zeros first, then cut (the exact value stays in the title attribute)
    f = f.replace(/0+$/, '');
    if (f.length > maxDecimals) f = f.slice(0, maxDecimals) + '…';
  }
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '−' : '') + grouped + (f ? '.' + f : '');
}

export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.length > 10 ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : iso;
}

export function label(s: string): string {
  const t = s.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Share of a in b as a percentage text with one decimal, computed on bigint minor units. */
export function pct(a: string, b: string): string {
  const toMinor = (t: string) => BigInt(t.replace('.', '').replace(/^-/, '')) * (t.startsWith('-') ? -1n : 1n);
  const scaleOf = (t: string) => (t.split('.')[1] ?? '').length;
  const s = Math.max(scaleOf(a), scaleOf(b));
  const pad = (t: string) => toMinor(t) * 10n ** BigInt(s - scaleOf(t));
  const den = pad(b);
  if (den === 0n) return '—';
  const per1000 = (pad(a) * 1000n * 2n + den) / (2n * den); // half-up for display only
  const whole = per1000 / 10n;
  return `${whole}.${per1000 % 10n}%`;
}
