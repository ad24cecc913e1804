// Every four-tier limit block of a library with its JSON Pointer and what it belongs to, so each
// lint rule on limit values walks the same list (entry limits, custom concentrations, care areas).
import type { AuthorEntry, AuthorLibrary, AuthorLimitBlock } from "../../compiler/authoring.ts";
import { pointer } from "../../compiler/errors.ts";

/** Entry limit blocks with four tiers (doseAbsolute has only a hard max). */
export const TIERED_ENTRY_BLOCKS = [
  "dose",
  "rate",
  "duration",
  "vtbi",
  "bolusDose",
  "bolusRate",
  "loadingDose",
  // Issue 11 (image format 3): per dose and bolus/loading dose rates; four tiers like the others.
  "dosePerAdmin",
  "dosePerAdminAbsolute",
  "bolusDoseRate",
  "loadingDoseRate",
] as const;

export interface LocatedBlock {
  block: AuthorLimitBlock;
  /** JSON Pointer of the block. */
  path: string;
  /** "dose", "rate", …, "concentration", "weight" or "bsa". */
  key: string;
  /** The entry it belongs to (absent for a care area's weight and BSA). */
  entry?: AuthorEntry;
  /** The concentration whose own block (`overrides`, issue 11 §2) it is; absent for the entry's. */
  concentrationIndex?: number;
  /** What a reviewer calls it, e.g. "entry 1020 norEPINEPHrine dose". */
  label: string;
}

export function entryLabel(entry: AuthorEntry): string {
  return `entry ${entry.id} ${entry.displayName}`;
}

export function limitBlocks(library: AuthorLibrary): LocatedBlock[] {
  const blocks: LocatedBlock[] = [];
  library.careAreas.forEach((area, i) => {
    for (const key of ["weight", "bsa"] as const) {
      const block = area[key];
      if (block !== undefined)
        blocks.push({
          block,
          path: pointer(pointer("/careAreas", i), key),
          key,
          label: `care area ${area.code} ${key}`,
        });
    }
  });
  library.entries.forEach((entry, i) => {
    const entryPath = pointer("/entries", i);
    (entry.concentrations ?? []).forEach((c, k) => {
      if (c.custom === true && c.limits !== undefined) {
        blocks.push({
          block: c.limits,
          path: pointer(pointer(pointer(entryPath, "concentrations"), k), "limits"),
          key: "concentration",
          entry,
          label: `${entryLabel(entry)} custom concentration`,
        });
      }
      // A concentration's own blocks replace the entry's for that concentration (issue 11 §2).
      for (const key of TIERED_ENTRY_BLOCKS) {
        const block = c.overrides?.[key];
        if (block !== undefined)
          blocks.push({
            block,
            path: pointer(pointer(pointer(pointer(entryPath, "concentrations"), k), "overrides"), key),
            key,
            entry,
            concentrationIndex: k,
            label: `${entryLabel(entry)} concentration ${k} ${key}`,
          });
      }
    });
    // The cumulative limit (issue 11) is a block of soft and hard maxima like the others.
    const cumulative = entry.cumulative;
    if (cumulative !== undefined)
      blocks.push({
        block: { unit: cumulative.unit, softMax: cumulative.softMax, hardMax: cumulative.hardMax },
        path: pointer(entryPath, "cumulative"),
        key: "cumulative",
        entry,
        label: `${entryLabel(entry)} cumulative (per ${cumulative.window.value} ${cumulative.window.unit})`,
      });
    for (const key of TIERED_ENTRY_BLOCKS) {
      const block = entry.limits?.[key];
      if (block !== undefined)
        blocks.push({
          block,
          path: pointer(pointer(entryPath, "limits"), key),
          key,
          entry,
          label: `${entryLabel(entry)} ${key}`,
        });
    }
  });
  return blocks;
}

/** "25 mcg/kg/min" */
export function tierText(block: AuthorLimitBlock, tier: "hardMin" | "softMin" | "softMax" | "hardMax"): string {
  return `${block[tier]} ${block.unit}`;
}
