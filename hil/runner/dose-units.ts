// The dose unit a step's dose is in (REQ-RPT-013). A dose on the wire is an integer in ABU per basis
// (per hour for a dose rate, docs/units.md); which amount (pg, microunit, nEq, nmol) and which basis
// (per kg, per m², none) is the drug entry's. The runner knows the entry only by id, so the entry's
// author unit comes from the library JSON — and only when the pump runs exactly that library: the
// body digest the pump reports in HELLO must equal the digest of the JSON's compiled image.
// Otherwise (another library on a rig) there is no mapping and the report names the canonical unit.
import type { Step } from "../model/scenario.ts";

/** entryId → the entry's author dose-rate unit, e.g. "units/kg/h", "mcg/kg/min". */
export type DoseUnits = ReadonlyMap<number, string>;

interface LibraryJson {
  entries?: readonly { id?: unknown; doseUnit?: unknown }[];
}

/** The dose units of a library JSON's drug entries (fluids have none). */
export function doseUnitsOf(library: LibraryJson): DoseUnits {
  const units = new Map<number, string>();
  for (const entry of library.entries ?? [])
    if (typeof entry.id === "number" && typeof entry.doseUnit === "string") units.set(entry.id, entry.doseUnit);
  return units;
}

/** The library's units if the pump's library (HELLO body digest) is the one compiled from it, else none. */
export function doseUnitsForPump(
  pumpLibraryDigestHex: string,
  candidate: { bodyDigestHex: string; units: DoseUnits } | undefined,
): DoseUnits | undefined {
  if (candidate === undefined) return undefined;
  return candidate.bodyDigestHex.toLowerCase() === pumpLibraryDigestHex.toLowerCase() ? candidate.units : undefined;
}

/** Step arguments that are doses in ABU per basis (per hour for `dose` outside a BOLUS). */
const DOSE_ARGUMENTS = ["dose", "bolusDose", "loadingDose"] as const;

/**
 * Follows the selected drug through a scenario: SELECT_DRUG names it, a step with its own entryId
 * (CHECK_PROGRAM, SECONDARY) names the entry of that step; SELECT_CARE_AREA and SELECT_BASIC clear it.
 */
export class DoseUnitTracker {
  private selected: number | undefined;

  constructor(private readonly units: DoseUnits | undefined) {}

  /**
   * The dose-rate unit of the entry this step's doses belong to ("mcg/kg/min"), or undefined when
   * the step sends no dose or the entry is unknown. The report reads a BOLUS's dose, and any
   * bolusDose or loadingDose, in the matching amount unit.
   */
  unitFor(step: Step): string | undefined {
    if (this.units === undefined || !("send" in step)) return undefined;
    const args = step.args ?? {};
    const own = typeof args.entryId === "number" ? args.entryId : undefined;
    if (step.send === "SELECT_DRUG") this.selected = own;
    if (step.send === "SELECT_CARE_AREA" || step.send === "SELECT_BASIC") this.selected = undefined;
    if (DOSE_ARGUMENTS.every((name) => args[name] === undefined)) return undefined;
    const entryId = own ?? this.selected;
    return entryId === undefined ? undefined : this.units.get(entryId);
  }
}
