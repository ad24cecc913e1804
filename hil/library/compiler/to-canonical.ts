// The semantic pass: a schema-checked library → CanonicalLibrary, collecting every rule broken.
// It also runs on a file with schema errors, skipping only the items (care areas, entries) whose
// own fields broke the schema, so one run reports as many errors as can be found safely.
import { LibraryStatus, MAX_LIBRARY_NAME_BYTES } from "../../../firmware/abi/codes.ts";
import type { AuthorCareArea, AuthorEntry, AuthorLibrary, LibraryStatusName } from "./authoring.ts";
import type { CanonicalLibrary } from "./canonical.ts";
import { pointer, type ErrorList, type LibraryError } from "./errors.ts";
import { checkUniqueAreas, checkUniqueEntries, resolveCareAreas, type Located } from "./references.ts";
import { checkText } from "./text.ts";
import { toCanonicalArea } from "./to-canonical-area.ts";
import { toCanonicalEntry } from "./to-canonical-entry.ts";
import { checkBandOverlaps } from "./patient-band.ts";
import { bandOf } from "./band-default-records.ts";
import { checkUniqueCodes } from "./external-codes.ts";

const STATUSES: Readonly<Record<LibraryStatusName, LibraryStatus>> = {
  draft: LibraryStatus.DRAFT,
  approved: LibraryStatus.APPROVED,
  released: LibraryStatus.RELEASED,
};

/** True when no schema error lies at or under `path`. */
type Clean = (path: string) => boolean;

export function cleanPredicate(schemaErrors: LibraryError[]): Clean {
  return (path) => !schemaErrors.some((e) => e.path === path || e.path.startsWith(`${path}/`));
}

function cleanItems<T>(list: unknown, base: string, clean: Clean): { items: Located<T>[]; all: boolean } {
  if (!Array.isArray(list)) return { items: [], all: false };
  const items = list.map((item: T, i) => ({ item, path: pointer(base, i) }));
  const kept = items.filter((located) => clean(located.path));
  return { items: kept, all: kept.length === items.length };
}

/**
 * Converts `json` (an object; schema errors already found are passed in) and adds the semantic
 * errors to `errors`. The returned library is meaningful only when no error was found at all.
 */
export function toCanonical(json: object, clean: Clean, errors: ErrorList): CanonicalLibrary {
  const lib = json as AuthorLibrary;
  if (typeof lib.name === "string" && clean("/name"))
    checkText(lib.name, MAX_LIBRARY_NAME_BYTES, "the library name", "/name", errors);
  // Approver names are not in the image, but they are printed and compared; same character rule.
  const approvals = (json as { approvals?: unknown }).approvals;
  if (Array.isArray(approvals)) {
    approvals.forEach((approval, i) => {
      const path = `/approvals/${i}/name`;
      const name = (approval as { name?: unknown } | null)?.name;
      if (typeof name === "string" && clean(path))
        checkText(name, Infinity /* the schema limits its length */, "the approver name", path, errors);
    });
  }

  const areas = cleanItems<AuthorCareArea>(lib.careAreas, "/careAreas", clean);
  checkUniqueAreas(areas.items, errors);
  const canonicalAreas = areas.items.map(({ item, path }) => toCanonicalArea(item, path, errors));
  // With a broken care area its code is unknown, so references are checked only when all are clean.
  const idByCode = areas.all ? new Map(areas.items.map(({ item }) => [item.code, item.id])) : undefined;

  const entries = cleanItems<AuthorEntry>(lib.entries, "/entries", clean);
  checkUniqueEntries(entries.items, errors);
  checkUniqueCodes(entries.items, errors);
  const canonicalEntries = entries.items.map(({ item, path }) => {
    const careAreaIds = idByCode === undefined ? [] : resolveCareAreas(item, path, idByCode, errors);
    return toCanonicalEntry(item, path, careAreaIds, errors);
  });
  // Issue 11 §3: bands of one drug in one care area must not overlap (rule band-overlap).
  checkBandOverlaps(
    entries.items.flatMap(({ item, path }, i) => {
      const band = bandOf(canonicalEntries[i].records);
      return band === undefined ? [] : [{ entry: item, path, band }];
    }),
    errors,
  );

  return {
    name: lib.name,
    version: lib.version,
    status: STATUSES[lib.status],
    careAreas: canonicalAreas,
    entries: canonicalEntries,
  };
}
