// An order → an engine request against one compiled library: the care area by code, the entry by
// id, display name or generic name, the concentration by its amount and volume (a fixed one when
// they match exactly, else the entry's custom one; orders.ts has parsed and range-checked them).
// What cannot be resolved is the order's result, an error the library under test causes (e.g. a
// drug missing from a care area), not input error.
import { ConcentrationKind, InfusionType, NO_CONCENTRATION } from "../../../../firmware/abi/codes.ts";
import type { EngineRequest } from "../../../../simulator/host/types.ts";
import type { AuthorEntry, AuthorLibrary } from "../../compiler/authoring.ts";
import type { CanonicalEntry, CanonicalLibrary } from "../../compiler/canonical.ts";
import { amountKind, parseUnit, unitMismatch } from "../../compiler/units.ts";
import type { Order } from "./orders.ts";

export type Resolved =
  | { ok: true; request: EngineRequest; entry: AuthorEntry; canonical: CanonicalEntry; concentration: number }
  | { ok: false; reason: string };

/**
 * By id, else display name, else generic drug name. Names are looked up among the entries the
 * care area offers only: a display name can equal a generic name ("dopamine" the display name of
 * an adult entry, "dopamine" the drug of the NICU one), and the order is for this care area. An
 * id names one entry wherever it is offered; the engine says NOT_IN_CARE_AREA when it is not.
 */
function findEntry(order: Order, library: AuthorLibrary): AuthorEntry | string {
  const name = order.entry.toLowerCase();
  const byId = /^[1-9][0-9]*$/.test(order.entry) ? library.entries.filter((e) => e.id === Number(order.entry)) : [];
  const offered = library.entries.filter((e) => e.careAreas.includes(order.careArea));
  const byName = offered.filter((e) => e.displayName.toLowerCase() === name);
  const byDrug = offered.filter((e) => e.drug.toLowerCase() === name);
  const found = [byId, byName, byDrug].find((list) => list.length > 0) ?? [];
  if (found.length === 1) return found[0];
  if (found.length > 1)
    return `"${order.entry}" matches entries ${found.map((e) => e.id).join(", ")}; use the entry id`;
  const elsewhere = library.entries.filter(
    (e) => e.displayName.toLowerCase() === name || e.drug.toLowerCase() === name,
  );
  if (elsewhere.length > 0)
    return `"${order.entry}" is entry ${elsewhere.map((e) => e.id).join(", ")}, not offered in care area ${order.careArea}`;
  return `no entry with id, display name or generic name "${order.entry}" in the library`;
}

/** Concentration index and, for a custom one, the amount and volume the clinician enters. */
function findConcentration(
  order: Order,
  entry: CanonicalEntry,
): { index: number; amountAbu?: bigint; volumeUl?: bigint } | string {
  if (entry.infusionType === InfusionType.FLUID) {
    return order.concentration === ""
      ? { index: NO_CONCENTRATION }
      : "a fluid has no concentration; leave the concentration empty";
  }
  if (order.concentration === "") {
    if (entry.concentrations.length === 1 && entry.concentrations[0].kind === ConcentrationKind.FIXED)
      return { index: 0 };
    return 'the entry has several concentrations or a custom one; give it as e.g. "8 mg/250 mL"';
  }
  if (order.concentrationValue === undefined)
    return `concentration "${order.concentration}" is not written as AMOUNT UNIT/VOLUME mL, e.g. "8 mg/250 mL"`;
  const { amountAbu, volumeUl } = order.concentrationValue;
  const fixed = entry.concentrations.findIndex(
    (c) => c.kind === ConcentrationKind.FIXED && c.amountAbu === amountAbu && c.volumeUl === volumeUl,
  );
  if (fixed >= 0) return { index: fixed };
  const custom = entry.concentrations.findIndex((c) => c.kind === ConcentrationKind.CUSTOM);
  if (custom >= 0) return { index: custom, amountAbu, volumeUl };
  return `the entry has no concentration ${order.concentration} and no custom concentration`;
}

export function resolveOrder(order: Order, library: AuthorLibrary, compiled: CanonicalLibrary): Resolved {
  const area = library.careAreas.find((a) => a.code === order.careArea);
  if (area === undefined) return { ok: false, reason: `no care area "${order.careArea}" in the library` };
  const entry = findEntry(order, library);
  if (typeof entry === "string") return { ok: false, reason: entry };
  const canonical = compiled.entries.find((e) => e.id === entry.id) as CanonicalEntry;
  const concentration = findConcentration(order, canonical);
  if (typeof concentration === "string") return { ok: false, reason: concentration };
  if (order.dose !== undefined && entry.doseUnit !== undefined) {
    const entryUnit = parseUnit(entry.doseUnit);
    const mismatch =
      entryUnit === undefined
        ? undefined
        : unitMismatch(order.dose.unit, { dimension: "doseRate", kind: amountKind(entryUnit), basis: entryUnit.basis });
    if (mismatch !== undefined) return { ok: false, reason: `dose unit: ${mismatch}` };
  }
  const amounts = [
    [order.doseAmount, "amount per dose unit"],
    [order.bolusDose, "bolus dose unit"],
    [order.loadingDose, "loading dose unit"],
  ] as const;
  for (const [amount, what] of amounts) {
    if (amount === undefined || entry.doseUnit === undefined) continue;
    const entryUnit = parseUnit(entry.doseUnit);
    const mismatch =
      entryUnit === undefined
        ? undefined
        : unitMismatch(amount.unit, { dimension: "dose", kind: amountKind(entryUnit), basis: entryUnit.basis });
    if (mismatch !== undefined) return { ok: false, reason: `${what}: ${mismatch}` };
  }
  const request: EngineRequest = {
    entryId: entry.id,
    careAreaId: area.id,
    concentrationIndex: concentration.index,
    mode: order.mode,
    rateUlPerHour: order.rateUlPerHour,
    dose: order.dose?.value,
    durationS: order.durationS,
    vtbiUl: order.vtbiUl,
    doseAmount: order.doseAmount?.value,
    lineAccess: order.lineAccess === undefined ? undefined : BigInt(order.lineAccess),
    bolusDose: order.bolusDose?.value,
    loadingDose: order.loadingDose?.value,
    bolusRateUlPerHour: order.bolusRateUlPerHour,
    ageDays: order.ageDays,
    weightG: order.weightG,
    bsaM2X10000: order.bsaM2X10000,
    customAmountAbu: concentration.amountAbu,
    customVolumeUl: concentration.volumeUl,
  };
  return { ok: true, request, entry, canonical, concentration: concentration.index };
}
