// One authored concentration → its canonical form. Fixed: amount in volume. Custom (wildcard):
// the clinician enters amount and volume at the pump, so the library only bounds the resulting
// concentration, and must bound it from below (REQ-LIB-005): a mistyped tiny concentration
// would otherwise inflate every rate.
import { AmountUnit, ConcentrationKind } from "../../../firmware/abi/codes.ts";
import type { AuthorConcentration } from "./authoring.ts";
import type { CanonicalConcentration } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { checkedUnit, convertLimitBlock } from "./limit-block.ts";
import { convertValue, MAXIMA } from "./quantity.ts";
import { Rule } from "./rules.ts";
import { amountUnitInfo, type AmountKind, type ParsedUnit } from "./units.ts";

const MILLILITRE = { text: "mL", dimension: "volume", factor: 1000n } as const satisfies ParsedUnit;

export function toCanonicalConcentration(
  concentration: AuthorConcentration,
  path: string,
  kind: AmountKind | undefined,
  errors: ErrorList,
): CanonicalConcentration {
  // Checked as a dose unit (AMOUNT) so the message names the kind the entry needs.
  const amountUnit = checkedUnit(
    concentration.amountUnit,
    pointer(path, "amountUnit"),
    { dimension: "dose", kind },
    errors,
  );
  const canonical: CanonicalConcentration = {
    kind: concentration.custom === true ? ConcentrationKind.CUSTOM : ConcentrationKind.FIXED,
    // An unknown unit is already an error (checkedUnit); NONE only keeps the conversion going.
    amountUnit: amountUnitInfo(concentration.amountUnit)?.code ?? AmountUnit.NONE,
    amountAbu: 0n,
    volumeUl: 0n,
    limits: {},
  };
  if (concentration.custom === true) {
    for (const field of ["amount", "volume", "volumeUnit"] as const) {
      if (concentration[field] !== undefined) {
        errors.add(
          pointer(path, field),
          Rule.CONCENTRATION_FIELDS,
          `a custom concentration has no ${field} (the clinician enters amount and volume at the pump); remove it`,
        );
      }
    }
    checkCustomLimits(concentration, path, kind, errors, canonical);
    return canonical;
  }
  for (const field of ["amount", "volume", "volumeUnit"] as const) {
    if (concentration[field] === undefined) {
      errors.add(
        pointer(path, field),
        Rule.CONCENTRATION_FIELDS,
        `a fixed concentration needs ${field}${field === "volumeUnit" ? ' "mL"' : ""}; add it, or set "custom": true for a custom concentration`,
      );
    }
  }
  if (concentration.limits !== undefined) {
    errors.add(
      pointer(path, "limits"),
      Rule.LIMIT_NOT_APPLICABLE,
      'concentration limits apply only to a custom concentration ("custom": true); remove them',
    );
  }
  if (concentration.amount !== undefined && amountUnit !== undefined) {
    canonical.amountAbu =
      convertValue(concentration.amount, amountUnit, pointer(path, "amount"), errors, {
        max: MAXIMA.amount,
        positive: true,
      }) ?? 0n;
  }
  if (concentration.volume !== undefined) {
    canonical.volumeUl =
      convertValue(concentration.volume, MILLILITRE, pointer(path, "volume"), errors, {
        max: MAXIMA.volume,
        positive: true,
      }) ?? 0n;
  }
  return canonical;
}

function checkCustomLimits(
  concentration: AuthorConcentration,
  path: string,
  kind: AmountKind | undefined,
  errors: ErrorList,
  canonical: CanonicalConcentration,
): void {
  const limitsPath = pointer(path, "limits");
  if (concentration.limits === undefined) {
    errors.add(
      limitsPath,
      Rule.CUSTOM_CONCENTRATION_HARD_MIN,
      'a custom concentration needs concentration limits with a hardMin, e.g. { "unit": "mg/mL", "hardMin": "1" }',
    );
    return;
  }
  canonical.limits = convertLimitBlock(concentration.limits, limitsPath, { dimension: "concentration", kind }, errors);
  if (concentration.limits.hardMin === undefined) {
    errors.add(
      pointer(limitsPath, "hardMin"),
      Rule.CUSTOM_CONCENTRATION_HARD_MIN,
      "a custom concentration needs a hardMin concentration limit; add the lowest concentration the pump may accept",
    );
  } else if (canonical.limits.hardMin === 0n) {
    errors.add(
      pointer(limitsPath, "hardMin"),
      Rule.CUSTOM_CONCENTRATION_HARD_MIN,
      "the hardMin of a custom concentration must be greater than 0, or it stops no mistyped concentration",
    );
  }
}
