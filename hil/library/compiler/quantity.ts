// One authored value → one canonical integer, with the two value rules of REQ-LIB-002/008:
// value-resolution (not an exact integer in the canonical unit) and value-range (above the
// canonical maximum of docs/units.md, or 0 where only a positive value makes sense).
import {
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../../../firmware/abi/codes.ts";
import { describeQuotient, describeScaled, parseDecimal, scaleExact } from "./decimal.ts";
import type { ErrorList } from "./errors.ts";
import { Rule, SCHEMA_RULE_PREFIX } from "./rules.ts";
import { canonicalUnitName, type ParsedUnit } from "./units.ts";

export interface Maximum {
  value: bigint;
  /** The codes.ts constant, named in messages so a reader can look it up. */
  name: string;
}

export const MAXIMA = {
  rate: { value: BigInt(MAX_RATE_UL_PER_HOUR), name: "MAX_RATE_UL_PER_HOUR" },
  volume: { value: BigInt(MAX_VOLUME_UL), name: "MAX_VOLUME_UL" },
  duration: { value: BigInt(MAX_DURATION_S), name: "MAX_DURATION_S" },
  weight: { value: BigInt(MAX_WEIGHT_G), name: "MAX_WEIGHT_G" },
  bsa: { value: BigInt(MAX_BSA_M2X10000), name: "MAX_BSA_M2X10000" },
  amount: { value: BigInt(MAX_AMOUNT_ABU), name: "MAX_AMOUNT_ABU" },
  limit: { value: BigInt(MAX_LIMIT_VALUE), name: "MAX_LIMIT_VALUE" },
} as const satisfies Record<string, Maximum>;

/** The maximum of a limit value by its unit's dimension (docs/library-image.md §4). */
export function maximumFor(unit: ParsedUnit): Maximum {
  switch (unit.dimension) {
    case "rate":
      return MAXIMA.rate;
    case "volume":
      return MAXIMA.volume;
    case "duration":
      return MAXIMA.duration;
    case "weight":
      return MAXIMA.weight;
    case "bsa":
      return MAXIMA.bsa;
    default:
      return MAXIMA.limit;
  }
}

export interface ConvertOptions {
  max: Maximum;
  /** 0 is refused (value-range): caps, container amounts and volumes. */
  positive?: boolean;
}

/** The canonical integer of `text` in `unit`, or undefined after adding the error to `errors`. */
export function convertValue(
  text: string,
  unit: ParsedUnit,
  path: string,
  errors: ErrorList,
  options: ConvertOptions,
): bigint | undefined {
  const decimal = parseDecimal(text);
  if (decimal === undefined) {
    // Unreachable after schema validation; kept so a caller that skips the schema still fails closed.
    errors.add(path, `${SCHEMA_RULE_PREFIX}pattern`, `"${text}" is not a decimal string such as "12.5"`);
    return undefined;
  }
  const canonicalUnit = canonicalUnitName(unit);
  const value = scaleExact(decimal, unit.factor);
  if (value === undefined) {
    errors.add(
      path,
      Rule.VALUE_RESOLUTION,
      `${text} ${unit.text} is ${describeScaled(decimal, unit.factor)} ${canonicalUnit}, not a whole number of the canonical unit ` +
        `(1 ${canonicalUnit} = ${describeQuotient(1n, unit.factor)} ${unit.text}); use fewer decimals`,
    );
    return undefined;
  }
  if (value > options.max.value) {
    errors.add(
      path,
      Rule.VALUE_RANGE,
      `${text} ${unit.text} is above the maximum ${describeQuotient(options.max.value, unit.factor)} ${unit.text} ` +
        `(${options.max.name} = ${options.max.value} ${canonicalUnit}); use a smaller value`,
    );
    return undefined;
  }
  if (options.positive === true && value === 0n) {
    errors.add(path, Rule.VALUE_RANGE, `must be greater than 0 ${unit.text}; leave the field out if there is no value`);
    return undefined;
  }
  return value;
}
