/** Close creditor names for duplicate candidates: equal once normalised, or a typo or two apart. */
import { normaliseName } from './names.js';

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[y.length]!;
}

/** Typos tolerated for a normalised name of this many characters. */
export function tolerance(length: number): number {
  return length >= 14 ? 2 : length >= 8 ? 1 : 0;
}

export type NameMatch = 'same' | 'close' | null;

/**
 * "same": equal after normalisation (case, accents, Cyrillic/Greek
 * transliteration, punctuation, word order, company suffixes); "close": a
 * small edit distance apart; else null.
 */
export function compareNames(a: string, b: string): NameMatch {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (!x || !y) return null;
  if (x === y) return 'same';
  const max = tolerance(Math.min([...x].length, [...y].length));
  return max > 0 && editDistance(x, y, max) <= max ? 'close' : null;
}
