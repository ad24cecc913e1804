// Two versions of a library → what changed, for committee review (REQ-LC-012, REQ-LC-013): care
// areas and entries matched by id and listed by ascending id, each added, removed or changed, each
// changed field old → new, and each limit change marked loosened or tightened (exact comparison).
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { nameKey, unusualCharacters } from "../../compiler/skeleton.ts";
import { codePointName, forbiddenCharacter } from "../../compiler/text.ts";
import { compareExact } from "../lifecycle/exact-value.ts";
import { flattenArea, flattenEntry, type Flat, type FlatValue } from "./flatten.ts";

export type Direction = "loosened" | "tightened" | "neutral";

export interface FieldChange {
  field: string;
  old: string | null;
  new: string | null;
  direction: Direction;
  /** Present when the change is easy to miss: the new text looks like the old, or hides invisible characters (REQ-LC-029). */
  warning?: string;
}

export interface ItemDiff {
  id: number;
  label: string;
  change: "added" | "removed" | "changed";
  fields: FieldChange[];
}

export interface LibraryDiff {
  old: { name: string; version: number; status: string };
  new: { name: string; version: number; status: string };
  library: FieldChange[];
  careAreas: ItemDiff[];
  entries: ItemDiff[];
  counts: { added: number; removed: number; changed: number; loosened: number; tightened: number };
  /** Problems with the pair itself, e.g. a version that does not increase (REQ-LC-034). */
  warnings: string[];
}

/**
 * A new version must have a higher number: a provisioned pump refuses any library not newer than
 * the one in force (REQ-SIG-005), so a new library with the same or a lower version never loads.
 */
export function versionWarnings(before: AuthorLibrary, after: AuthorLibrary): string[] {
  if (after.version > before.version) return [];
  const what = after.version === before.version ? "the same version as" : "a lower version than";
  return [
    `the new library has ${what} the old (${after.version}, was ${before.version}); a pump refuses a library whose version is not higher than the one in force: raise "version" above ${before.version}`,
  ];
}

/** Which way a limit moved; added limits tighten, removed ones loosen. */
export function directionOf(before: FlatValue | undefined, after: FlatValue | undefined): Direction {
  const kind = (before ?? after)?.kind;
  if (kind === "plain" || kind === undefined) return "neutral";
  if (kind === "permission")
    return before?.text === after?.text ? "neutral" : after?.text === "yes" ? "loosened" : "tightened";
  // A safeguard absent is "no": adding one tightens, removing or turning it off loosens.
  if (kind === "safeguard")
    return (before?.text ?? "no") === (after?.text ?? "no")
      ? "neutral"
      : after?.text === "yes"
        ? "tightened"
        : "loosened";
  if (before === undefined) return "tightened";
  if (after === undefined) return "loosened";
  if (
    before.exact === undefined ||
    after.exact === undefined ||
    before.unitClass === undefined ||
    before.unitClass !== after.unitClass
  )
    return "neutral";
  const raised = compareExact(after.exact, before.exact);
  if (raised === 0) return "neutral";
  return raised > 0 === (kind === "max") ? "loosened" : "tightened";
}

/** Field order: the new item's, with fields only the old one has placed after their predecessor. */
function fieldOrder(before: string[], after: string[]): string[] {
  const order = [...after];
  let at = 0;
  for (const key of before) {
    const found = order.indexOf(key);
    if (found >= 0) at = found + 1;
    else order.splice(at++, 0, key);
  }
  return order;
}

/** Why a text change needs a second look, or undefined: invisible characters in the new text, or new text that looks like the old. */
export function lookAlikeWarning(before: string | null, after: string | null): string | undefined {
  if (after === null) return undefined;
  const hidden = forbiddenCharacter(after);
  if (hidden !== undefined)
    return `invisible or control character ${codePointName(hidden.character)} at character ${hidden.position}`;
  if (
    before !== null &&
    nameKey(before) === nameKey(after) &&
    before.trim().replace(/\s+/g, " ").toLowerCase() !== after.trim().replace(/\s+/g, " ").toLowerCase()
  ) {
    return `looks like the old text: ${unusualCharacters(after) || "letters that look alike"}`;
  }
  return undefined;
}

const OWN_TIER = /^concentrations\[\d+\]\.overrides\.(\w+\.\w+)$/;

/**
 * The tier in force for a field: a concentration's own tier (issue 11 §2) when it has a block of
 * its own (none when that block drops the tier), else the entry's tier of the same name.
 */
function inForce(flat: Flat, field: string): FlatValue | undefined {
  const value = flat.get(field);
  if (value !== undefined) return value.replaced === true ? undefined : value;
  const own = OWN_TIER.exec(field);
  return own === null ? undefined : flat.get(`limits.${own[1]}`);
}

export function compareFlat(before: Flat, after: Flat): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fieldOrder([...before.keys()], [...after.keys()])) {
    const b = before.get(field);
    const a = after.get(field);
    if (b?.text === a?.text) continue;
    const direction = directionOf(inForce(before, field), inForce(after, field));
    const change: FieldChange = { field, old: b?.text ?? null, new: a?.text ?? null, direction };
    const warning = lookAlikeWarning(change.old, change.new);
    changes.push(warning === undefined ? change : { ...change, warning });
  }
  return changes;
}

function diffItems<T extends { id: number }>(
  before: T[],
  after: T[],
  flatten: (item: T) => Flat,
  label: (item: T) => string,
): ItemDiff[] {
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterById = new Map(after.map((item) => [item.id, item]));
  const ids = [...new Set([...beforeById.keys(), ...afterById.keys()])].sort((x, y) => x - y);
  const diffs: ItemDiff[] = [];
  for (const id of ids) {
    const b = beforeById.get(id);
    const a = afterById.get(id);
    const fields = compareFlat(b === undefined ? new Map() : flatten(b), a === undefined ? new Map() : flatten(a));
    if (b !== undefined && a !== undefined && fields.length === 0) continue;
    const change = b === undefined ? "added" : a === undefined ? "removed" : "changed";
    // Whole items added or removed are reviewed as such; their fields carry no direction.
    diffs.push({
      id,
      label: label((a ?? b) as T),
      change,
      fields: change === "changed" ? fields : fields.map((f) => ({ ...f, direction: "neutral" })),
    });
  }
  return diffs;
}

export function diffLibraries(before: AuthorLibrary, after: AuthorLibrary): LibraryDiff {
  const header = (lib: AuthorLibrary): Flat =>
    new Map(
      [
        ["name", lib.name],
        ["version", String(lib.version)],
        ["status", lib.status],
      ].map(([k, v]) => [k, { text: v, kind: "plain" as const }]),
    );
  const careAreas = diffItems(before.careAreas, after.careAreas, flattenArea, (a) => `care area ${a.id} ${a.code}`);
  const entries = diffItems(before.entries, after.entries, flattenEntry, (e) => `entry ${e.id} ${e.displayName}`);
  const items = [...careAreas, ...entries];
  const directions = items.flatMap((i) => i.fields.map((f) => f.direction));
  return {
    old: { name: before.name, version: before.version, status: before.status },
    new: { name: after.name, version: after.version, status: after.status },
    library: compareFlat(header(before), header(after)),
    careAreas,
    entries,
    counts: {
      added: items.filter((i) => i.change === "added").length,
      removed: items.filter((i) => i.change === "removed").length,
      changed: items.filter((i) => i.change === "changed").length,
      loosened: directions.filter((d) => d === "loosened").length,
      tightened: directions.filter((d) => d === "tightened").length,
    },
    warnings: versionWarnings(before, after),
  };
}
