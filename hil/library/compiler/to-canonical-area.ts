// One authored care area → its canonical form, recording every rule broken on the way.
import { MAX_NAME_BYTES } from "../../../firmware/abi/codes.ts";
import type { AuthorCareArea, AuthorQuantity } from "./authoring.ts";
import type { CanonicalCareArea } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { checkedUnit, convertLimitBlock } from "./limit-block.ts";
import { convertValue, MAXIMA, type Maximum } from "./quantity.ts";
import { checkText } from "./text.ts";
import type { Dimension } from "./units.ts";

/** A device cap (max rate, max VTBI): one positive value in the given dimension. */
function convertCap(
  cap: AuthorQuantity | undefined,
  path: string,
  dimension: Dimension,
  max: Maximum,
  errors: ErrorList,
): bigint | undefined {
  if (cap === undefined) return undefined;
  const unit = checkedUnit(cap.unit, pointer(path, "unit"), { dimension }, errors);
  if (unit === undefined) return undefined;
  return convertValue(cap.value, unit, pointer(path, "value"), errors, { max, positive: true });
}

export function toCanonicalArea(area: AuthorCareArea, path: string, errors: ErrorList): CanonicalCareArea {
  checkText(area.name, MAX_NAME_BYTES, "the care area name", pointer(path, "name"), errors);
  // Converted in the field order of the format so errors come out in document order.
  const maxRate = convertCap(area.maxRate, pointer(path, "maxRate"), "rate", MAXIMA.rate, errors);
  const maxVtbi = convertCap(area.maxVtbi, pointer(path, "maxVtbi"), "volume", MAXIMA.volume, errors);
  const canonical: CanonicalCareArea = {
    id: area.id,
    code: area.code,
    name: area.name,
    basicInfusionAllowed: area.basicInfusionAllowed,
    weightG: convertLimitBlock(area.weight, pointer(path, "weight"), { dimension: "weight" }, errors),
    bsaM2X10000: convertLimitBlock(area.bsa, pointer(path, "bsa"), { dimension: "bsa" }, errors),
  };
  if (maxRate !== undefined) canonical.maxRateUlPerHour = maxRate;
  if (maxVtbi !== undefined) canonical.maxVtbiUl = maxVtbi;
  if (area.weightConfirmation === true) canonical.weightConfirmation = true;
  return canonical;
}
