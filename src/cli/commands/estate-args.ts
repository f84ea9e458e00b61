/** Small argument helpers of the estate commands. */
import { str, UsageError, type Parsed } from '../args.js';

export const need = (p: Parsed, name: string, what = `--${name}`): string => {
  const v = str(p, name);
  if (v === undefined || v === '') throw new UsageError(`${what} is required`);
  return v;
};
export const opt = (p: Parsed, ...names: string[]) => Object.fromEntries(names.flatMap((n) => (str(p, n) !== undefined ? [[n, str(p, n)!]] : [])));
export const positiveId = (t: string, what: string): number => {
  if (!/^\d{1,12}$/.test(t) || t === '0') throw new UsageError(`${what} is a whole number such as 12`);
  return parseInt(t, 10);
};
