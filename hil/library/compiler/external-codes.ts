// Issue 13: external codes — the drug identifiers an order carries (docs/library-format.md §5). An
// entry's codes become an ENTRY_CODES record of its extension, a concentration's a
// CONCENTRATION_CODES record (docs/library-image.md §10). A code names one thing: it may appear once
// in the whole library (rule duplicate-code), since the pump must match an order to exactly one entry.
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import type { AuthorEntry } from "./authoring.ts";
import { codesRecord, type CanonicalLimitRecord } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import type { Located } from "./references.ts";
import { Rule } from "./rules.ts";

/** The entry's codes as its ENTRY_CODES record, or none. */
export function entryCodesRecords(entry: AuthorEntry): CanonicalLimitRecord[] {
  return entry.codes === undefined || entry.codes.length === 0 ? [] : [codesRecord(LimitKind.ENTRY_CODES, entry.codes)];
}

/** A concentration's codes as its CONCENTRATION_CODES record, or none. */
export function concentrationCodesRecords(codes: readonly string[] | undefined): CanonicalLimitRecord[] {
  return codes === undefined || codes.length === 0 ? [] : [codesRecord(LimitKind.CONCENTRATION_CODES, codes)];
}

/** Every code's JSON pointer, in file order: the entry's, then each concentration's. */
function codePaths(entry: AuthorEntry, path: string): { code: string; at: string }[] {
  const found: { code: string; at: string }[] = [];
  (entry.codes ?? []).forEach((code, i) => found.push({ code, at: pointer(pointer(path, "codes"), i) }));
  (entry.concentrations ?? []).forEach((c, ci) =>
    (c.codes ?? []).forEach((code, i) =>
      found.push({ code, at: pointer(pointer(pointer(pointer(path, "concentrations"), ci), "codes"), i) }),
    ),
  );
  return found;
}

/** Reports every code used a second time anywhere in the library (duplicate-code), naming the first use. */
export function checkUniqueCodes(entries: Located<AuthorEntry>[], errors: ErrorList): void {
  const first = new Map<string, string>();
  for (const { item, path } of entries) {
    for (const { code, at } of codePaths(item, path)) {
      const seen = first.get(code);
      if (seen === undefined) first.set(code, at);
      else
        errors.add(
          at,
          Rule.DUPLICATE_CODE,
          `external code ${JSON.stringify(code)} is already used at ${seen}; an order's drug code must name one entry and concentration, so give each its own code`,
        );
    }
  }
}
