// Units as the panel writes them (docs/units.md, docs/library-image.md §6): the canonical factor of
// each unit a clinician enters or reads, and its name spelled out. Display only; the pump decides
// with the canonical integers.

export interface AmountUnit {
  /** As the library and the order write it, e.g. "mcg". */
  symbol: string;
  /** Spelled out, plural, e.g. "micrograms". */
  spelled: string;
  /** Amount base units (ABU) in one of this unit. */
  abu: bigint;
}

/** Amount unit codes 1 … 8 of the image (docs/library-image.md §6). */
export const AMOUNT_UNITS: ReadonlyMap<number, AmountUnit> = new Map([
  [1, { symbol: "g", spelled: "grams", abu: 10n ** 12n }],
  [2, { symbol: "mg", spelled: "milligrams", abu: 10n ** 9n }],
  [3, { symbol: "mcg", spelled: "micrograms", abu: 10n ** 6n }],
  [4, { symbol: "ng", spelled: "nanograms", abu: 10n ** 3n }],
  [5, { symbol: "units", spelled: "units", abu: 10n ** 6n }],
  [6, { symbol: "milliunits", spelled: "milliunits", abu: 10n ** 3n }],
  [7, { symbol: "mEq", spelled: "milliequivalents", abu: 10n ** 6n }],
  [8, { symbol: "mmol", spelled: "millimoles", abu: 10n ** 6n }],
]);

export const DOSE_BASIS = { NONE: 0, WEIGHT: 1, BSA: 2 } as const;

/** A dosing unit: amount [per basis] per time, with its factor to ABU per basis per hour. */
export interface DoseUnit {
  symbol: string;
  spelled: string;
  /** Canonical dose (ABU per basis per hour) in one entered unit. */
  canonicalPerUnit: bigint;
}

export function doseUnit(amountUnitCode: number, doseBasis: number, timeUnitCode: number): DoseUnit | undefined {
  const amount = AMOUNT_UNITS.get(amountUnitCode);
  if (amount === undefined || (timeUnitCode !== 1 && timeUnitCode !== 2)) return undefined;
  const perMinute = timeUnitCode === 2;
  const basis = doseBasis === DOSE_BASIS.WEIGHT ? "/kg" : doseBasis === DOSE_BASIS.BSA ? "/m²" : "";
  const basisSpelled =
    doseBasis === DOSE_BASIS.WEIGHT ? " per kilogram" : doseBasis === DOSE_BASIS.BSA ? " per square metre" : "";
  return {
    symbol: `${amount.symbol}${basis}/${perMinute ? "min" : "h"}`,
    spelled: `${amount.spelled}${basisSpelled} per ${perMinute ? "minute" : "hour"}`,
    canonicalPerUnit: amount.abu * (perMinute ? 60n : 1n),
  };
}

/** Fixed entry units of the panel's other fields: canonical per entered unit. */
export const FIELD_UNITS = {
  rate: { symbol: "mL/h", spelled: "millilitres per hour", canonicalPerUnit: 1000n },
  volume: { symbol: "mL", spelled: "millilitres", canonicalPerUnit: 1000n },
  duration: { symbol: "min", spelled: "minutes", canonicalPerUnit: 60n },
  weight: { symbol: "kg", spelled: "kilograms", canonicalPerUnit: 1000n },
  bsa: { symbol: "m²", spelled: "square metres", canonicalPerUnit: 10000n },
} as const;
