// The pump's canonical integers written for people (docs/units.md): each engine parameter's display
// value and limit in the unit a clinician reads, with the unit spelled out next to its symbol.
import { Param } from "../../firmware/abi/codes.ts";
import { PARAM_BOLUS_DURATION, PARAM_TITRATION_STEP } from "../../firmware/abi/workflow-codes.ts";
import type { CatalogueConcentration, CatalogueEntry } from "./catalogue.ts";
import { formatRatio } from "./ismp-number.ts";
import { AMOUNT_UNITS, doseUnit, FIELD_UNITS } from "./units.ts";

export interface Quantity {
  /** The number as ISMP writes it, e.g. "0.05", "1,200". */
  number: string;
  /** The unit's symbol, e.g. "mcg/kg/min". */
  symbol: string;
  /** The unit spelled out, e.g. "micrograms per kilogram per minute". */
  spelled: string;
}

const quantity = (value: bigint, unit: { symbol: string; spelled: string; canonicalPerUnit: bigint }): Quantity => ({
  number: formatRatio(value, unit.canonicalPerUnit),
  symbol: unit.symbol,
  spelled: unit.spelled,
});

const CANONICAL = {
  symbol: "canonical units",
  spelled: "the pump's canonical units (docs/units.md)",
  canonicalPerUnit: 1n,
};

export const mL = (ul: bigint): Quantity => quantity(ul, FIELD_UNITS.volume);
export const mLPerHour = (ulPerHour: bigint): Quantity => quantity(ulPerHour, FIELD_UNITS.rate);
export const kg = (g: bigint): Quantity => quantity(g, FIELD_UNITS.weight);

/** A parameter's value (display value or limit) in the entry's units; canonical units without an entry. */
export function paramQuantity(param: number, value: bigint, entry: CatalogueEntry | undefined): Quantity {
  const amount = entry === undefined ? undefined : AMOUNT_UNITS.get(entry.doseAmountUnitCode);
  const basis = entry?.doseBasis === 1 ? "/kg" : entry?.doseBasis === 2 ? "/m²" : "";
  const basisSpelled = entry?.doseBasis === 1 ? " per kilogram" : entry?.doseBasis === 2 ? " per square metre" : "";
  switch (param) {
    case Param.WEIGHT:
      return kg(value);
    case Param.BSA:
      return quantity(value, FIELD_UNITS.bsa);
    case Param.RATE:
    case Param.AREA_MAX_RATE:
    case Param.BOLUS_RATE:
      return mLPerHour(value);
    case Param.VTBI:
    case Param.AREA_MAX_VTBI:
      return mL(value);
    case Param.DURATION:
      return quantity(value, FIELD_UNITS.duration);
    case PARAM_TITRATION_STEP:
      return { number: value.toString(), symbol: "%", spelled: "percent of the running rate" };
    case PARAM_BOLUS_DURATION:
      return { number: value.toString(), symbol: "s", spelled: "seconds" };
  }
  if (entry === undefined || amount === undefined) return quantity(value, CANONICAL);
  switch (param) {
    case Param.DOSE:
      return quantity(value, doseUnit(entry.doseAmountUnitCode, entry.doseBasis, entry.doseTimeUnitCode) ?? CANONICAL);
    case Param.DOSE_ABSOLUTE:
      return quantity(value, {
        symbol: `${amount.symbol}/h`,
        spelled: `${amount.spelled} per hour`,
        canonicalPerUnit: amount.abu,
      });
    case Param.CONCENTRATION:
      return quantity(value, {
        symbol: `${amount.symbol}/mL`,
        spelled: `${amount.spelled} per millilitre`,
        canonicalPerUnit: amount.abu,
      });
    case Param.BOLUS_DOSE:
    case Param.LOADING_DOSE:
      return quantity(value, {
        symbol: `${amount.symbol}${basis}`,
        spelled: `${amount.spelled}${basisSpelled}`,
        canonicalPerUnit: amount.abu,
      });
    case Param.BOLUS_DOSE_ABSOLUTE:
    case Param.LOADING_DOSE_ABSOLUTE:
      return quantity(value, { symbol: amount.symbol, spelled: amount.spelled, canonicalPerUnit: amount.abu });
  }
  return quantity(value, CANONICAL);
}

/** "8 mg / 250 mL (32 mcg/mL)"-style text of a fixed concentration; custom ones say so. */
export function concentrationText(concentration: CatalogueConcentration): string {
  const amount = AMOUNT_UNITS.get(concentration.amountUnitCode);
  if (amount === undefined) return "concentration";
  if (concentration.kind === 1)
    return `custom concentration (${amount.spelled} per millilitre, from the pharmacy label)`;
  const amountText = formatRatio(concentration.amountAbu, amount.abu);
  const volumeText = formatRatio(BigInt(concentration.volumeUl), 1000n);
  const perMl = formatRatio(concentration.amountAbu * 1000n, BigInt(concentration.volumeUl) * amount.abu);
  return `${amountText} ${amount.symbol} in ${volumeText} mL (${perMl} ${amount.symbol}/mL)`;
}

/**
 * The unit a dose field of this entry is entered in: the dosing unit (per time) for a program, the
 * amount per basis for a bolus or loading dose. Undefined for a fluid.
 */
export function entryDoseUnit(
  entry: CatalogueEntry,
  perTime: boolean,
): { symbol: string; spelled: string; canonicalPerUnit: bigint } | undefined {
  const unit = doseUnit(entry.doseAmountUnitCode, entry.doseBasis, perTime ? entry.doseTimeUnitCode : 1);
  const amount = AMOUNT_UNITS.get(entry.doseAmountUnitCode);
  if (unit === undefined || amount === undefined) return undefined;
  if (perTime) return unit;
  return {
    symbol: unit.symbol.replace(/\/h$/, ""),
    spelled: unit.spelled.replace(/ per hour$/, ""),
    canonicalPerUnit: amount.abu,
  };
}
