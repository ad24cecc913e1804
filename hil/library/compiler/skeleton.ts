// Look-alike names (REQ-LC-028): two names a reader cannot tell apart get the same key. The key is
// the confusable skeleton of Unicode TR39 (UTS #39 §4: NFD, default-ignorable characters removed,
// each character replaced by its prototype from Unicode's confusables.txt, NFD again) taken after
// case folding, so "HYDROmorphone" = "hydromorphone", Cyrillic "а" = Latin "a", Greek "Ν" = "N",
// "rn" = "m", and a zero-width space vanishes. The data is Unicode's, carried by the maintained
// `unhomoglyph` package (docs/decisions/0014-confusable-names.md), not a hand table.
import unhomoglyph from "unhomoglyph";
import { codePointName } from "./text.ts";

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** UTS #39 skeleton of `text`. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize("NFD").replace(DEFAULT_IGNORABLE, "")).normalize("NFD");
}

/**
 * The key names are compared by: spacing collapsed, skeleton, case folded, skeleton again (a
 * capital's prototype may be a capital, "Ν" → "N", whose lower case only then meets "n").
 */
export function nameKey(text: string): string {
  return skeleton(skeleton(text.trim().replace(/\s+/g, " ")).toLowerCase());
}

/** True when `a` and `b` differ as text but look alike (same key). */
export function confusable(a: string, b: string): boolean {
  return a !== b && nameKey(a) === nameKey(b);
}

/** "U+0430 'а', U+200B" — the characters of `text` outside printable ASCII, which make the look-alike. */
export function unusualCharacters(text: string): string {
  const seen = [...new Set([...text].filter((c) => !/^[\x20-\x7e]$/.test(c)))];
  return seen
    .map((c) => (/\p{L}|\p{N}|\p{P}|\p{S}/u.test(c) ? `${codePointName(c)} '${c}'` : codePointName(c)))
    .join(", ");
}
