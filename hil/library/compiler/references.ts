// Cross-item rules: unique care-area ids and codes and entry ids (duplicate-id, REQ-LIB-007), and
// entries naming only care areas the library defines (unknown-care-area, REQ-LIB-006).
import type { AuthorCareArea, AuthorEntry } from "./authoring.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { Rule } from "./rules.ts";

export interface Located<T> {
  item: T;
  path: string;
}

/** Reports every later occurrence of a key already seen, naming where it was first used. */
function checkUnique<T>(
  items: Located<T>[],
  key: (item: T) => string | number,
  field: string,
  what: string,
  errors: ErrorList,
): void {
  const firstPath = new Map<string | number, string>();
  for (const { item, path } of items) {
    const value = key(item);
    const first = firstPath.get(value);
    if (first === undefined) firstPath.set(value, path);
    else
      errors.add(
        pointer(path, field),
        Rule.DUPLICATE_ID,
        `${what} ${JSON.stringify(value)} is already used by ${first}; give each one its own ${field}`,
      );
  }
}

export function checkUniqueAreas(areas: Located<AuthorCareArea>[], errors: ErrorList): void {
  checkUnique(areas, (a) => a.id, "id", "care area id", errors);
  checkUnique(areas, (a) => a.code, "code", "care area code", errors);
}

export function checkUniqueEntries(entries: Located<AuthorEntry>[], errors: ErrorList): void {
  checkUnique(entries, (e) => e.id, "id", "entry id", errors);
}

/** The entry's care-area ids, ascending; unknown or repeated codes are errors. */
export function resolveCareAreas(
  entry: AuthorEntry,
  path: string,
  idByCode: ReadonlyMap<string, number>,
  errors: ErrorList,
): number[] {
  const codes = new Set<string>();
  const ids = new Set<number>();
  entry.careAreas.forEach((code, index) => {
    const codePath = pointer(pointer(path, "careAreas"), index);
    const id = idByCode.get(code);
    if (id === undefined) {
      const known = [...idByCode.keys()].join(", ");
      errors.add(
        codePath,
        Rule.UNKNOWN_CARE_AREA,
        `care area "${code}" is not defined in careAreas (known codes: ${known}); fix the code or add the care area`,
      );
    } else if (codes.has(code)) {
      errors.add(codePath, Rule.DUPLICATE_ID, `care area "${code}" is listed twice for this entry; remove one`);
    } else {
      codes.add(code);
      ids.add(id);
    }
  });
  return [...ids].sort((a, b) => a - b);
}
