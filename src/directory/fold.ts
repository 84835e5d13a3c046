/**
 * Text as the annuaire compares it: lower case, accents and ligatures gone, apostrophes
 * dropped (N'Diaye sorts as « ndiaye »), every other non-alphanumeric run one space. The
 * search index folds the same way (FTS5 `unicode61 remove_diacritics 2`).
 */

const LIGATURES: Record<string, string> = { æ: 'ae', œ: 'oe', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[æœßøđłı]/g, (c) => LIGATURES[c] ?? c)
    .replace(/['’‘`]+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
