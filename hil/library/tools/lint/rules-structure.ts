// Lint rules across entries and care areas (REQ-LC-006..010): one dosing unit per drug, absolute
// caps on size-based doses, care-area weight limits, overlapping weight bands, and advisories.
import type { AuthorEntry, AuthorLibrary } from "../../compiler/authoring.ts";
import { pointer } from "../../compiler/errors.ts";
import { nameKey } from "../../compiler/skeleton.ts";
import { entryLabel } from "./blocks.ts";
import type { RawFinding } from "./lint-rules.ts";

/**
 * Generic names compare by their look-alike key: case, spacing, zero-width characters and
 * confusable letters ignored ("Heparin " = "heparin" = "hep\u0430rin"), so a duplicate entry
 * whose name hides a Cyrillic letter is still the same drug to every rule.
 */
function drugKey(entry: AuthorEntry): string {
  return nameKey(entry.drug);
}

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

const entryPath = (i: number): string => pointer("/entries", i);

/** Drug entries (not fluids) grouped by generic name, each with its index, in document order. */
function drugGroups(library: AuthorLibrary): Map<string, { entry: AuthorEntry; index: number }[]> {
  const groups = new Map<string, { entry: AuthorEntry; index: number }[]>();
  library.entries.forEach((entry, index) => {
    if (entry.infusionType === "fluid") return;
    const group = groups.get(drugKey(entry)) ?? [];
    group.push({ entry, index });
    groups.set(drugKey(entry), group);
  });
  return groups;
}

export function doseUnitInconsistent(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const group of drugGroups(library).values()) {
    const counts = new Map<string, number>();
    for (const { entry } of group)
      if (entry.doseUnit !== undefined) counts.set(entry.doseUnit, (counts.get(entry.doseUnit) ?? 0) + 1);
    if (counts.size < 2) continue;
    // The most used unit is the drug's standard; on a tie the first one in the file.
    const standard = [...counts.entries()].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
    const standardIds = group.filter(({ entry }) => entry.doseUnit === standard).map(({ entry }) => entry.id);
    for (const { entry, index } of group) {
      if (entry.doseUnit === undefined || entry.doseUnit === standard) continue;
      findings.push({
        rule: "dose-unit-inconsistent",
        path: pointer(entryPath(index), "doseUnit"),
        message: `${entryLabel(entry)} doses ${entry.drug} in ${entry.doseUnit} but entry ${standardIds.join(", ")} in ${standard}; use one dosing unit per drug`,
      });
    }
  }
  return findings;
}

export function noAbsoluteCap(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    if (entry.infusionType === "fluid" || entry.doseBasis === "none" || entry.limits?.doseAbsolute !== undefined)
      return;
    findings.push({
      rule: "no-absolute-cap",
      path: pointer(pointer(entryPath(i), "limits"), "doseAbsolute"),
      message: `${entryLabel(entry)} doses per ${entry.doseBasis === "weight" ? "kg" : "m2"} but has no doseAbsolute cap; add the highest total dose per hour for any patient`,
    });
  });
  return findings;
}

export function careAreaNoWeightLimits(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.careAreas.forEach((area, i) => {
    const weightPath = pointer(pointer("/careAreas", i), "weight");
    if (area.weight === undefined) {
      findings.push({
        rule: "care-area-no-weight-limits",
        path: weightPath,
        message: `care area ${area.code} has no weight limits; add a weight block with hardMin and hardMax in kg`,
      });
      return;
    }
    for (const tier of ["hardMin", "hardMax"] as const) {
      if (area.weight[tier] !== undefined) continue;
      findings.push({
        rule: "care-area-no-weight-limits",
        path: pointer(weightPath, tier),
        message: `care area ${area.code} has no weight ${tier}; add the ${tier === "hardMin" ? "lowest" : "highest"} patient weight the area treats`,
      });
    }
  });
  return findings;
}

export function overlappingWeightBands(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const group of drugGroups(library).values()) {
    const bands = group.filter(({ entry }) => entry.doseBasis === "weight");
    bands.forEach(({ entry, index }, b) => {
      entry.careAreas.forEach((code, k) => {
        const earlier = bands
          .slice(0, b)
          .filter((other) => other.entry.careAreas.includes(code))
          .map((other) => other.entry.id);
        if (earlier.length === 0) return;
        findings.push({
          rule: "overlapping-weight-bands",
          path: pointer(pointer(entryPath(index), "careAreas"), k),
          message: `${entryLabel(entry)} and entry ${earlier.join(", ")} are weight-based ${entry.drug} entries both offered in ${code}, so their weight bands overlap; offer one per care area or split the bands into care areas with their own weight limits`,
        });
      });
    });
  }
  return findings;
}

export function advisoryEmpty(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    if (entry.advisory === undefined || entry.advisory.trim() !== "") return;
    findings.push({
      rule: "advisory-empty",
      path: pointer(entryPath(i), "advisory"),
      message: `${entryLabel(entry)} has an empty advisory; write the advisory or remove the field`,
    });
  });
  return findings;
}

export function advisoryDuplicate(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  const first = new Map<string, AuthorEntry>();
  library.entries.forEach((entry, i) => {
    if (entry.advisory === undefined || entry.advisory.trim() === "") return;
    const text = normalized(entry.advisory);
    const earlier = first.get(text);
    if (earlier === undefined) {
      first.set(text, entry);
      return;
    }
    if (drugKey(earlier) === drugKey(entry)) return;
    findings.push({
      rule: "advisory-duplicate",
      path: pointer(entryPath(i), "advisory"),
      message: `${entryLabel(entry)} (${entry.drug}) has the same advisory as ${entryLabel(earlier)} (${earlier.drug}); check that it belongs to this drug`,
    });
  });
  return findings;
}
