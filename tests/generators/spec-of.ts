// Converts a CanonicalLibrary to the oracle's own writer input, so generated libraries can be
// turned into images without the project's encoder (and the two encoders compared).
import type { CanonicalLibrary, TierValues } from "../../hil/library/compiler/canonical.ts";
import type { SpecLibrary, SpecTiers } from "../oracle/test-image-writer.ts";

const tiers = (t: TierValues): SpecTiers => ({ hmin: t.hardMin, smin: t.softMin, smax: t.softMax, hmax: t.hardMax });

export function specOf(library: CanonicalLibrary): SpecLibrary {
  return {
    name: library.name,
    version: library.version,
    status: library.status,
    areas: library.careAreas.map((a) => ({
      id: a.id,
      name: a.name,
      basic: a.basicInfusionAllowed,
      maxRateUlPerHour: a.maxRateUlPerHour,
      maxVtbiUl: a.maxVtbiUl,
      weightG: tiers(a.weightG),
      bsaM2X10000: tiers(a.bsaM2X10000),
    })),
    entries: library.entries.map((e) => ({
      id: e.id,
      name: e.name,
      type: e.infusionType,
      basis: e.doseBasis,
      highAlert: e.highAlert,
      secondaryAllowed: e.secondaryAllowed,
      maxTitrationStepPercent: e.maxTitrationStepPercent,
      areas: e.careAreaIds,
      amountUnit: e.doseAmountUnit,
      timeUnit: e.doseTimeUnit,
      advisory: e.advisory,
      limits: Object.fromEntries(Object.entries(e.limits).map(([key, t]) => [key, tiers(t)])),
      // Format 3 (docs/library-image.md §10): the records as they are, when there are any.
      ...((e.records ?? []).length > 0 ? { records: e.records?.map((r) => ({ ...r })) } : {}),
      concentrations: e.concentrations.map((c) => ({
        custom: c.kind === 1,
        amountUnit: c.amountUnit,
        amountAbu: c.amountAbu,
        volumeUl: c.volumeUl,
        limits: tiers(c.limits),
        ...((c.records ?? []).length > 0 ? { records: c.records?.map((r) => ({ ...r })) } : {}),
      })),
    })),
  };
}
