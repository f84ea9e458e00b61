import { useEffect, useState } from 'react';
import { ApiError } from '../../api.js';

/** A problem as the API reports it in an error's details: a ladder field, a rule, or a file's row and column. */
interface Problem {
  message: string;
  row?: number;
  column?: string;
}

/** An API error with every problem it lists (ladder checks, import rows), so the user can fix them all at once. */
export function Problems({ error, title }: { error: Error | null; title?: string }) {
  if (!error) return null;
  const details = error instanceof ApiError ? (error.body.details as { problems?: Problem[] } | undefined) : undefined;
  const problems = details?.problems ?? [];
  return (
    <div className="form-error problems" role="alert">
      {problems.length > 1 || (problems.length === 1 && problems[0]!.row !== undefined) ? (
        <strong>{title ?? `${error.message.split(': ')[0]}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`}</strong>
      ) : (
        <strong>{title ?? error.message}</strong>
      )}
      {problems.length > 1 || (problems.length === 1 && problems[0]!.row !== undefined) ? (
        <ul>
          {problems.slice(0, 30).map((p, i) => (
            <li key={i}>{p.row !== undefined ? `Row ${p.row}, column ${p.column}: ${p.message}` : p.message}</li>
          ))}
          {problems.length > 30 ? <li>… and {problems.length - 30} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** The value after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** A fraction as a percentage, moving the decimal point on the text (0.5 → 50%, 0.125 → 12.5%). */
export function percentText(fraction: string): string {
  const [int = '0', frac = ''] = fraction.split('.');
  const digits = (int + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const whole = digits.slice(0, digits.length - Math.max(frac.length - 2, 0)) || '0';
  const rest = frac.length > 2 ? frac.slice(2).replace(/0+$/, '') : '';
  return `${whole.replace(/^0+(?=\d)/, '')}${rest ? '.' + rest : ''}%`;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Width of a bar as a percentage of the largest, from decimal strings (display only; no money arithmetic in floats). */
export function barWidth(value: string, max: string): number {
  const toMinor = (t: string) => BigInt(t.replace('.', '').replace(/^-/, '') || '0');
  const m = toMinor(max);
  if (m === 0n) return 0;
  return Number((toMinor(value) * 1000n) / m) / 10;
}
