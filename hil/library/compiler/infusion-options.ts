// An entry's infusion options (docs/library-format.md §5): whether it may run as a secondary
// (piggyback) infusion (REQ-LIB-015) and the largest step of one titration (REQ-LIB-016).
import { InfusionType, MAX_TITRATION_STEP_PERCENT } from "../../../firmware/abi/codes.ts";
import type { AuthorEntry } from "./authoring.ts";
import type { CanonicalEntry } from "./canonical.ts";
import { parseDecimal, scaleExact } from "./decimal.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { Rule, SCHEMA_RULE_PREFIX } from "./rules.ts";

export type InfusionOptions = Pick<CanonicalEntry, "secondaryAllowed" | "maxTitrationStepPercent">;

/** The entry's options in canonical form; an option that does not apply is reported, not kept. */
export function toInfusionOptions(
  entry: AuthorEntry,
  path: string,
  type: InfusionType,
  errors: ErrorList,
): InfusionOptions {
  const secondaryAllowed = entry.secondaryAllowed === true;
  if (secondaryAllowed && (type === InfusionType.CONTINUOUS || type === InfusionType.PCA)) {
    errors.add(
      pointer(path, "secondaryAllowed"),
      Rule.SECONDARY_NOT_INTERMITTENT,
      "a continuous infusion may not run as a secondary (piggyback): it would stop when its volume is done; " +
        "remove secondaryAllowed, or make the entry intermittent",
    );
  }
  const options: InfusionOptions = { secondaryAllowed };
  const stepText = entry.maxTitrationStepPercent;
  if (stepText === undefined) return options;
  const stepPath = pointer(path, "maxTitrationStepPercent");
  if (type !== InfusionType.CONTINUOUS) {
    errors.add(
      stepPath,
      Rule.TITRATION_STEP_NOT_CONTINUOUS,
      "only a continuous infusion is titrated, so a titration step limit here is never checked; " +
        "remove maxTitrationStepPercent, or make the entry continuous",
    );
    return options;
  }
  const step = stepPercent(stepText, stepPath, errors);
  return step === undefined ? options : { ...options, maxTitrationStepPercent: step };
}

/** "1".."1000" as a whole percent, or undefined after adding the error. */
function stepPercent(text: string, path: string, errors: ErrorList): number | undefined {
  const decimal = parseDecimal(text);
  if (decimal === undefined) {
    // Unreachable after schema validation; kept so a caller that skips the schema still fails closed.
    errors.add(path, `${SCHEMA_RULE_PREFIX}pattern`, `"${text}" is not a decimal string such as "25"`);
    return undefined;
  }
  const percent = scaleExact(decimal, 1n);
  if (percent === undefined) {
    errors.add(path, Rule.VALUE_RESOLUTION, `${text} % is not a whole percent; write a whole number such as "25"`);
    return undefined;
  }
  if (percent === 0n) {
    errors.add(
      path,
      Rule.VALUE_RANGE,
      "a step limit of 0 % would forbid every titration; use 1 to 1000, or leave the field out for no step limit",
    );
    return undefined;
  }
  if (percent > BigInt(MAX_TITRATION_STEP_PERCENT)) {
    errors.add(
      path,
      Rule.VALUE_RANGE,
      `${text} % is above the maximum ${MAX_TITRATION_STEP_PERCENT} % (MAX_TITRATION_STEP_PERCENT); use a smaller value, or leave the field out for no step limit`,
    );
    return undefined;
  }
  return Number(percent);
}
