// Lint rules on limit values (REQ-LC-001..005): missing hard maxima on high-alert drugs, tenfold
// hard maxima, custom concentrations without a hard min, placeholder minimums, and soft limits
// equal to hard ones. Every comparison is exact (exact-value.ts).
import type { AuthorEntry, AuthorLibrary } from "../../compiler/authoring.ts";
import { pointer } from "../../compiler/errors.ts";
import { compareExact, exactOf, isZero, ratioText, timesExact, type Exact } from "../lifecycle/exact-value.ts";
import { entryLabel, limitBlocks, tierText } from "./blocks.ts";
import type { RawFinding } from "./lint-rules.ts";

const DOSE_BLOCKS = new Set(["dose", "bolusDose", "loadingDose", "dosePerAdmin", "bolusDoseRate", "loadingDoseRate"]);

export function highAlertNoHardMax(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    if (!entry.highAlert) return;
    const key = entry.infusionType === "fluid" ? "rate" : "dose";
    if (entry.limits?.[key]?.hardMax !== undefined) return;
    findings.push({
      rule: "high-alert-no-hard-max",
      path: pointer(pointer(pointer(pointer("/entries", i), "limits"), key), "hardMax"),
      message: `high-alert ${entryLabel(entry)} has no ${key} hardMax; add the highest ${key} the pump may ever accept`,
    });
  });
  return findings;
}

/**
 * The usual value of an entry's `dose` or `dosePerAdmin` block: its smallest default of that
 * quantity (the entry's or a concentration's, issue 11 §4) with its text, when it has one. A tenfold
 * error on the smallest usual dose is the one a too-high hard max lets through. For a
 * concentration's own block (`concentration` given), the default that stands for that
 * concentration: its own, else the entry's.
 */
function defaultDose(
  entry: AuthorEntry | undefined,
  key: "dose" | "dosePerAdmin",
  concentration?: number,
): { value: Exact; text: string } | undefined {
  const own = concentration === undefined ? undefined : entry?.concentrations?.[concentration]?.defaults?.[key];
  const quantities =
    concentration === undefined
      ? [entry?.defaults?.[key], ...(entry?.concentrations ?? []).map((c) => c.defaults?.[key])]
      : [own ?? entry?.defaults?.[key]];
  let smallest: { value: Exact; text: string } | undefined;
  for (const quantity of quantities) {
    const value = exactOf(quantity?.value, quantity?.unit);
    if (quantity === undefined || value === undefined || isZero(value)) continue;
    if (smallest === undefined || compareExact(value, smallest.value) < 0)
      smallest = { value, text: `${quantity.value} ${quantity.unit}` };
  }
  return smallest;
}

export function hardMaxTenfold(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const { block, path, key, label, entry, concentrationIndex } of limitBlocks(library)) {
    if (!DOSE_BLOCKS.has(key)) continue;
    const hardMax = exactOf(block.hardMax, block.unit);
    // The default dose is the usual dose when the library gives one; else the soft max (else the
    // soft min) stands for it, as before defaults existed.
    const usual = key === "dose" || key === "dosePerAdmin" ? defaultDose(entry, key, concentrationIndex) : undefined;
    const referenceTier = block.softMax !== undefined ? "softMax" : "softMin";
    const reference = usual?.value ?? exactOf(block[referenceTier], block.unit);
    const referenceText =
      usual === undefined
        ? `${referenceTier} ${tierText(block, referenceTier)}`
        : `default ${key === "dose" ? "dose" : "dose per administration"} ${usual.text}`;
    if (reference === undefined || hardMax === undefined || isZero(reference)) continue;
    if (compareExact(hardMax, timesExact(reference, 10n)) < 0) continue;
    findings.push({
      rule: "hard-max-tenfold",
      path: pointer(path, "hardMax"),
      message: `${label}: hardMax ${tierText(block, "hardMax")} is ${ratioText(hardMax, reference)}× the ${referenceText} (at least 10×); lower the hard max below 10× the usual dose`,
    });
  }
  return findings;
}

export function customConcentrationNoHardMin(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    (entry.concentrations ?? []).forEach((c, k) => {
      if (c.custom !== true) return;
      const limitsPath = pointer(pointer(pointer(pointer("/entries", i), "concentrations"), k), "limits");
      const hardMin = exactOf(c.limits?.hardMin, c.limits?.unit);
      if (hardMin !== undefined && !isZero(hardMin)) return;
      const missing =
        c.limits === undefined
          ? "no concentration limits"
          : c.limits.hardMin === undefined
            ? "no hardMin"
            : "a hardMin of 0";
      findings.push({
        rule: "custom-concentration-no-hard-min",
        path: c.limits === undefined ? limitsPath : pointer(limitsPath, "hardMin"),
        message: `${entryLabel(entry)}: custom concentration ${k} has ${missing}; add the lowest concentration the pharmacy ever prepares as hardMin`,
      });
    });
  });
  return findings;
}

export function placeholderMinimum(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const { block, path, label } of limitBlocks(library)) {
    const maxTier = block.softMax !== undefined ? "softMax" : "hardMax";
    const max = exactOf(block[maxTier], block.unit);
    for (const tier of ["hardMin", "softMin"] as const) {
      const min = exactOf(block[tier], block.unit);
      if (min === undefined) continue;
      let reason: string | undefined;
      if (isZero(min)) reason = "is 0, which every programmed value exceeds";
      else if (max !== undefined && compareExact(timesExact(min, 1000n), max) <= 0)
        reason = `is at most 1/1000 of the ${maxTier} ${tierText(block, maxTier)}`;
      if (reason === undefined) continue;
      findings.push({
        rule: "placeholder-minimum",
        path: pointer(path, tier),
        message: `${label}: ${tier} ${tierText(block, tier)} ${reason}; set a real minimum or leave the tier out`,
      });
    }
  }
  return findings;
}

export function softEqualsHard(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const { block, path, label } of limitBlocks(library)) {
    for (const [soft, hard] of [
      ["softMin", "hardMin"],
      ["softMax", "hardMax"],
    ] as const) {
      const softValue = exactOf(block[soft], block.unit);
      const hardValue = exactOf(block[hard], block.unit);
      if (softValue === undefined || hardValue === undefined || compareExact(softValue, hardValue) !== 0) continue;
      findings.push({
        rule: "soft-equals-hard",
        path: pointer(path, soft),
        message: `${label}: ${soft} ${tierText(block, soft)} equals ${hard} ${tierText(block, hard)}, so the soft limit never fires; move it inside the hard range or remove it`,
      });
    }
  }
  return findings;
}

/**
 * Issue 15: a PCA entry's patient dose (the entry's block, or every concentration's own) and each
 * window maximum need a hard maximum, or the pump refuses the PCA program that uses them.
 */
export function pcaUnbounded(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    if (entry.infusionType !== "pca") return;
    const at = pointer(pointer("/entries", i), "pca");
    const concentrations = entry.concentrations ?? [];
    const doseBounded =
      entry.pca?.dose?.hardMax !== undefined ||
      (concentrations.length > 0 && concentrations.every((c) => c.pca?.dose?.hardMax !== undefined));
    if (!doseBounded)
      findings.push({
        rule: "pca-unbounded",
        path: pointer(pointer(at, "dose"), "hardMax"),
        message: `PCA ${entryLabel(entry)} has no hard maximum for the patient's dose; the pump refuses every PCA program of it`,
      });
    for (const key of ["windowMax1h", "windowMax4h"] as const) {
      if (entry.pca?.[key]?.hardMax !== undefined) continue;
      findings.push({
        rule: "pca-unbounded",
        path: pointer(pointer(at, key), "hardMax"),
        message: `PCA ${entryLabel(entry)} has no hard maximum for ${key}; the pump refuses a PCA program with that window`,
      });
    }
  });
  return findings;
}

/**
 * A concentration's own block (issue 11 §2, `overrides`) without a hard tier the entry's block of
 * the same name has: the pump applies the concentration's block alone, so that hard limit is gone
 * for the concentration (docs/library-image.md §10 precedence; decision 0019 item 14).
 */
export function overrideDropsHardTier(library: AuthorLibrary): RawFinding[] {
  const findings: RawFinding[] = [];
  library.entries.forEach((entry, i) => {
    (entry.concentrations ?? []).forEach((c, k) => {
      const path = pointer(pointer(pointer(pointer("/entries", i), "concentrations"), k), "overrides");
      for (const [key, own] of Object.entries(c.overrides ?? {})) {
        const block = entry.limits?.[key as keyof NonNullable<AuthorEntry["limits"]>];
        if (own === undefined || block === undefined) continue;
        for (const tier of ["hardMin", "hardMax"] as const) {
          if (block[tier] === undefined || own[tier] !== undefined) continue;
          findings.push({
            rule: "override-drops-hard-tier",
            path: pointer(pointer(path, key), tier),
            message: `${entryLabel(entry)} concentration ${k}: its own ${key} block has no ${tier}, so the entry's ${tier} ${tierText(block, tier)} does not apply to it; give the concentration's block its own ${tier}`,
          });
        }
      }
    });
  });
  return findings;
}
