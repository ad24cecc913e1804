// An entry's cumulative limit (docs/library-format.md §5, REQ-LIB-037) → its CUMULATIVE limit record
// (kind 21, docs/library-image.md §10): an absolute amount of the entry's kind (ABU), softMax and/or
// hardMax only, and a window of whole minutes from 1 min to 24 h in seconds as the record's argument.
import { InfusionType, DoseBasis } from "../../../firmware/abi/codes.ts";
import { CUMULATIVE_WINDOW_MAX_S, CUMULATIVE_WINDOW_MIN_S, LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import type { AuthorCumulative } from "./authoring.ts";
import { tierRecord, type CanonicalLimitRecord } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { checkedUnit, convertLimitBlock } from "./limit-block.ts";
import { convertValue, MAXIMA } from "./quantity.ts";
import { Rule } from "./rules.ts";
import type { AmountKind } from "./units.ts";

/** The record, or undefined when the entry has none or after recording the errors. */
export function toCumulativeRecord(
  cumulative: AuthorCumulative | undefined,
  path: string,
  type: InfusionType,
  kind: AmountKind | undefined,
  errors: ErrorList,
): CanonicalLimitRecord | undefined {
  if (cumulative === undefined) return undefined;
  const at = pointer(path, "cumulative");
  if (type === InfusionType.FLUID) {
    errors.add(
      at,
      Rule.LIMIT_NOT_APPLICABLE,
      "a fluid has no amount to add up, so a cumulative limit is never checked; remove it",
    );
    return undefined;
  }
  // A minimum has no place in the schema (additionalProperties): a total is bounded from above only.
  if (cumulative.softMax === undefined && cumulative.hardMax === undefined) {
    errors.add(at, Rule.LIMIT_NOT_APPLICABLE, "a cumulative limit needs softMax or hardMax (or both)");
    return undefined;
  }
  const windowUnit = checkedUnit(
    cumulative.window.unit,
    pointer(pointer(at, "window"), "unit"),
    { dimension: "duration" },
    errors,
  );
  let windowS: bigint | undefined;
  if (windowUnit !== undefined) {
    const windowPath = pointer(pointer(at, "window"), "value");
    windowS = convertValue(cumulative.window.value, windowUnit, windowPath, errors, { max: MAXIMA.duration });
    if (windowS !== undefined && windowS % 60n !== 0n) {
      errors.add(
        windowPath,
        Rule.VALUE_RESOLUTION,
        `the window is counted in whole minutes; ${cumulative.window.value} ${cumulative.window.unit} is ${windowS} s`,
      );
      windowS = undefined;
    } else if (
      windowS !== undefined &&
      (windowS < BigInt(CUMULATIVE_WINDOW_MIN_S) || windowS > BigInt(CUMULATIVE_WINDOW_MAX_S))
    ) {
      errors.add(
        windowPath,
        Rule.VALUE_RANGE,
        `the window must be from 1 min to 24 h; ${cumulative.window.value} ${cumulative.window.unit} is ${windowS} s`,
      );
      windowS = undefined;
    }
  }
  const tiers = convertLimitBlock(
    { unit: cumulative.unit, softMax: cumulative.softMax, hardMax: cumulative.hardMax },
    at,
    { dimension: "dose", kind, basis: DoseBasis.NONE },
    errors,
  );
  if (windowS === undefined || (tiers.softMax === undefined && tiers.hardMax === undefined)) return undefined;
  return tierRecord(LimitKind.CUMULATIVE, { softMax: tiers.softMax, hardMax: tiers.hardMax }, Number(windowS));
}
