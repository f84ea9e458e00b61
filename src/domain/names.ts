/** Name normalisation for duplicate matching: case-folded, accents stripped, Cyrillic and Greek transliterated. */
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'i', є: 'e', ґ: 'g',
};
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

const GREEK_OR_CYRILLIC = /[\u0370-\u03ff\u0400-\u04ff]/;
const GREEK_OR_CYRILLIC_ALL = /[\u0370-\u03ff\u0400-\u04ff]/g;

const ASCII = /^[ -~]*$/; // printable ASCII
const SUFFIXES = /\b(ltd|limited|inc|llc|gmbh|ag|sa|plc|corp|co)\b\.?/g;

export function normaliseName(name: string): string {
  if (ASCII.test(name)) {
    // plain ASCII: nothing to decompose or transliterate (same result, several times faster)
    return name.toLowerCase().replace(SUFFIXES, ' ').replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean).sort().join(' ');
  }
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  // only Greek and Cyrillic letters are transliterated (a regex pass is much faster than a per-character loop)
  const out = GREEK_OR_CYRILLIC.test(folded) ? folded.replace(GREEK_OR_CYRILLIC_ALL, (ch) => CYRILLIC[ch] ?? GREEK[ch] ?? ch) : folded;
  return out
    .replace(SUFFIXES, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}
