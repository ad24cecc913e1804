// Every semantic rule: one minimal failing input each, with the exact error (path, rule and
// message) the pharmacist sees. Schema rules are in schema.test.ts.
import { describe, expect, it } from "vitest";
import { compileLibrary, type LibraryError } from "../../hil/library/compiler/compile.ts";
import { errorsOf, validLibrary, type Json } from "./helpers.ts";

interface Case {
  title: string;
  mutate(lib: Json): void;
  errors: LibraryError[];
}

function runCases(cases: Case[]): void {
  for (const c of cases) {
    it(c.title, () => {
      const lib = validLibrary();
      c.mutate(lib);
      expect(errorsOf(lib)).toEqual(c.errors);
    });
  }
}

const TIER_ORDER_TAIL = "present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax";

describe("semantic rules: valid input", () => {
  it("REQ-LIB-001..008, REQ-LIB-014: the reference library compiles with no error", () => {
    expect(compileLibrary(validLibrary()).ok).toBe(true);
  });
});

describe("REQ-LIB-003 tier-order", () => {
  runCases([
    {
      title: "REQ-LIB-003: softMax above hardMax is reported at hardMax",
      mutate: (lib) => {
        lib.entries[0].limits.dose.softMax = "30";
      },
      errors: [
        {
          path: "/entries/0/limits/dose/hardMax",
          rule: "tier-order",
          message: `hardMax 25 mcg/kg/min is below softMax 30 mcg/kg/min; ${TIER_ORDER_TAIL}`,
        },
      ],
    },
    {
      title: "REQ-LIB-003: every misplaced tier is reported (hardMin above softMin and softMax)",
      mutate: (lib) => {
        lib.entries[0].limits.dose = { unit: "mcg/kg/min", hardMin: "10", softMin: "5", softMax: "8", hardMax: "25" };
      },
      errors: [
        {
          path: "/entries/0/limits/dose/softMin",
          rule: "tier-order",
          message: `softMin 5 mcg/kg/min is below hardMin 10 mcg/kg/min; ${TIER_ORDER_TAIL}`,
        },
        {
          path: "/entries/0/limits/dose/softMax",
          rule: "tier-order",
          message: `softMax 8 mcg/kg/min is below hardMin 10 mcg/kg/min; ${TIER_ORDER_TAIL}`,
        },
      ],
    },
    {
      title: "REQ-LIB-003: care-area weight tiers are ordered too",
      mutate: (lib) => {
        lib.careAreas[0].weight = { unit: "kg", hardMin: "40", hardMax: "30" };
      },
      errors: [
        {
          path: "/careAreas/0/weight/hardMax",
          rule: "tier-order",
          message: `hardMax 30 kg is below hardMin 40 kg; ${TIER_ORDER_TAIL}`,
        },
      ],
    },
    {
      title: "REQ-LIB-003: custom concentration limits are ordered too",
      mutate: (lib) => {
        lib.entries[3].concentrations[1].limits.softMin = "200";
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/limits/hardMax",
          rule: "tier-order",
          message: `hardMax 100 units/mL is below softMin 200 units/mL; ${TIER_ORDER_TAIL}`,
        },
      ],
    },
  ]);
  it("REQ-LIB-003: equal tiers are allowed and compared exactly across decimals", () => {
    const lib = validLibrary();
    lib.entries[0].limits.dose = {
      unit: "mcg/kg/min",
      hardMin: "0.5",
      softMin: "0.50",
      softMax: "25",
      hardMax: "25.000",
    };
    expect(errorsOf(lib)).toEqual([]);
  });
});

describe("REQ-LIB-004 unit-mismatch", () => {
  runCases([
    {
      title: "REQ-LIB-004: a dose limit in another amount kind (mcg vs units)",
      mutate: (lib) => {
        lib.entries[3].limits.dose.unit = "mcg/kg/h";
      },
      errors: [
        {
          path: "/entries/3/limits/dose/unit",
          rule: "unit-mismatch",
          message:
            'unit "mcg/kg/h" is a mass amount but the entry doses in a units amount; use the dosing unit\'s amount kind',
        },
      ],
    },
    {
      title: "REQ-LIB-004: a dose limit with another basis (per kg vs absolute)",
      mutate: (lib) => {
        lib.entries[0].limits.dose.unit = "mcg/min";
      },
      errors: [
        {
          path: "/entries/0/limits/dose/unit",
          rule: "unit-mismatch",
          message: 'unit "mcg/min" is no basis but per kg is required here',
        },
      ],
    },
    {
      title: "REQ-LIB-004: a dose limit in a rate unit",
      mutate: (lib) => {
        lib.entries[0].limits.dose.unit = "mL/h";
      },
      errors: [
        {
          path: "/entries/0/limits/dose/unit",
          rule: "unit-mismatch",
          message: 'unit "mL/h" is not a dose rate AMOUNT[/kg|/m2]/(h|min)',
        },
      ],
    },
    {
      title: "REQ-LIB-004: a rate limit in a dose unit",
      mutate: (lib) => {
        lib.entries[2].limits.rate.unit = "mg/h";
      },
      errors: [{ path: "/entries/2/limits/rate/unit", rule: "unit-mismatch", message: 'unit "mg/h" is not mL/h' }],
    },
    {
      title: "REQ-LIB-004: a bolus dose must be a dose, not a dose rate",
      mutate: (lib) => {
        lib.entries[3].limits.bolusDose.unit = "units/kg/h";
      },
      errors: [
        {
          path: "/entries/3/limits/bolusDose/unit",
          rule: "unit-mismatch",
          message: 'unit "units/kg/h" is not a dose AMOUNT[/kg|/m2]',
        },
      ],
    },
    {
      title: "REQ-LIB-004: the absolute cap has no basis",
      mutate: (lib) => {
        lib.entries[0].limits.doseAbsolute.unit = "mg/kg/h";
      },
      errors: [
        {
          path: "/entries/0/limits/doseAbsolute/unit",
          rule: "unit-mismatch",
          message: 'unit "mg/kg/h" is per kg but no basis is required here',
        },
      ],
    },
    {
      title: "REQ-LIB-004: a concentration amount in another kind",
      mutate: (lib) => {
        lib.entries[3].concentrations[0].amountUnit = "mg";
      },
      errors: [
        {
          path: "/entries/3/concentrations/0/amountUnit",
          rule: "unit-mismatch",
          message:
            'unit "mg" is a mass amount but the entry doses in a units amount; use the dosing unit\'s amount kind',
        },
      ],
    },
    {
      title: "REQ-LIB-004: custom concentration limits in another kind",
      mutate: (lib) => {
        lib.entries[3].concentrations[1].limits.unit = "mEq/mL";
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/limits/unit",
          rule: "unit-mismatch",
          message:
            'unit "mEq/mL" is a mEq amount but the entry doses in a units amount; use the dosing unit\'s amount kind',
        },
      ],
    },
    {
      title: "REQ-LIB-004: doseUnit basis must match doseBasis",
      mutate: (lib) => {
        lib.entries[1].doseBasis = "bsa";
      },
      errors: [
        {
          path: "/entries/1/doseUnit",
          rule: "unit-mismatch",
          message:
            'doseUnit "mg/min" does not match doseBasis "bsa" (weight: AMOUNT/kg/TIME, bsa: AMOUNT/m2/TIME, none: AMOUNT/TIME); fix one of them',
        },
        {
          path: "/entries/1/limits/dose/unit",
          rule: "unit-mismatch",
          message: 'unit "mg/min" is no basis but per m2 is required here',
        },
      ],
    },
    {
      title: "REQ-LIB-004: duration in mL, care-area cap in the wrong unit, weight in m2",
      mutate: (lib) => {
        lib.entries[1].limits.duration.unit = "mL";
        lib.careAreas[0].maxRate.unit = "mL";
        lib.careAreas[0].weight.unit = "m2";
      },
      errors: [
        { path: "/careAreas/0/maxRate/unit", rule: "unit-mismatch", message: 'unit "mL" is not mL/h' },
        { path: "/careAreas/0/weight/unit", rule: "unit-mismatch", message: 'unit "m2" is not kg' },
        { path: "/entries/1/limits/duration/unit", rule: "unit-mismatch", message: 'unit "mL" is not min or h' },
      ],
    },
  ]);
  it("REQ-LIB-004: limits may use another unit of the same kind and basis (mg vs mcg, h vs min)", () => {
    const lib = validLibrary();
    lib.entries[0].limits.dose = { unit: "mg/kg/h", softMax: "1.2", hardMax: "1.5" };
    lib.entries[1].limits.duration = { unit: "h", hardMin: "1" };
    const result = compileLibrary(lib);
    expect(result.ok && result.library.entries[0].limits.dose).toEqual({
      softMax: 1_200_000_000n,
      hardMax: 1_500_000_000n,
    });
  });
});

describe("REQ-LIB-005 custom-concentration-hard-min", () => {
  runCases([
    {
      title: "REQ-LIB-005: a custom concentration without limits",
      mutate: (lib) => {
        delete lib.entries[3].concentrations[1].limits;
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/limits",
          rule: "custom-concentration-hard-min",
          message:
            'a custom concentration needs concentration limits with a hardMin, e.g. { "unit": "mg/mL", "hardMin": "1" }',
        },
      ],
    },
    {
      title: "REQ-LIB-005: a custom concentration without hardMin",
      mutate: (lib) => {
        delete lib.entries[3].concentrations[1].limits.hardMin;
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/limits/hardMin",
          rule: "custom-concentration-hard-min",
          message:
            "a custom concentration needs a hardMin concentration limit; add the lowest concentration the pump may accept",
        },
      ],
    },
    {
      title: "REQ-LIB-005: a custom concentration with hardMin 0",
      mutate: (lib) => {
        lib.entries[3].concentrations[1].limits.hardMin = "0";
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/limits/hardMin",
          rule: "custom-concentration-hard-min",
          message:
            "the hardMin of a custom concentration must be greater than 0, or it stops no mistyped concentration",
        },
      ],
    },
  ]);
});

describe("REQ-LIB-006 unknown-care-area", () => {
  runCases([
    {
      title: "REQ-LIB-006: an entry naming an undefined care area",
      mutate: (lib) => {
        lib.entries[1].careAreas = ["ICU", "PICU"];
      },
      errors: [
        {
          path: "/entries/1/careAreas/1",
          rule: "unknown-care-area",
          message:
            'care area "PICU" is not defined in careAreas (known codes: ICU, NICU); fix the code or add the care area',
        },
      ],
    },
    {
      title: "REQ-LIB-006: codes are case-sensitive",
      mutate: (lib) => {
        lib.entries[0].careAreas = ["icu"];
      },
      errors: [
        {
          path: "/entries/0/careAreas/0",
          rule: "unknown-care-area",
          message:
            'care area "icu" is not defined in careAreas (known codes: ICU, NICU); fix the code or add the care area',
        },
      ],
    },
  ]);
});

describe("REQ-LIB-007 duplicate-id", () => {
  runCases([
    {
      title: "REQ-LIB-007: duplicate care-area id",
      mutate: (lib) => {
        lib.careAreas[1].id = 0;
      },
      errors: [
        {
          path: "/careAreas/1/id",
          rule: "duplicate-id",
          message: "care area id 0 is already used by /careAreas/0; give each one its own id",
        },
      ],
    },
    {
      title: "REQ-LIB-007: duplicate care-area code",
      mutate: (lib) => {
        lib.careAreas[1].code = "ICU";
        lib.entries[1].careAreas = ["ICU"];
      },
      errors: [
        {
          path: "/careAreas/1/code",
          rule: "duplicate-id",
          message: 'care area code "ICU" is already used by /careAreas/0; give each one its own code',
        },
      ],
    },
    {
      title: "REQ-LIB-007: duplicate entry id",
      mutate: (lib) => {
        lib.entries[3].id = 10;
      },
      errors: [
        {
          path: "/entries/3/id",
          rule: "duplicate-id",
          message: "entry id 10 is already used by /entries/0; give each one its own id",
        },
      ],
    },
    {
      title: "REQ-LIB-007: a care area listed twice in one entry",
      mutate: (lib) => {
        lib.entries[0].careAreas = ["ICU", "ICU"];
      },
      errors: [
        {
          path: "/entries/0/careAreas/1",
          rule: "duplicate-id",
          message: 'care area "ICU" is listed twice for this entry; remove one',
        },
      ],
    },
  ]);
});

describe("REQ-LIB-008 value-range", () => {
  runCases([
    {
      title: "REQ-LIB-008: a rate above MAX_RATE_UL_PER_HOUR",
      mutate: (lib) => {
        lib.entries[2].limits.rate.hardMax = "10000";
      },
      errors: [
        {
          path: "/entries/2/limits/rate/hardMax",
          rule: "value-range",
          message:
            "10000 mL/h is above the maximum 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h); use a smaller value",
        },
      ],
    },
    {
      title: "REQ-LIB-008: a rate exactly at MAX_RATE_UL_PER_HOUR is accepted, one µL/h more is not",
      mutate: (lib) => {
        lib.entries[2].limits.rate.softMax = "9999.999";
        lib.entries[2].limits.rate.hardMax = "9999.9991";
      },
      errors: [
        {
          path: "/entries/2/limits/rate/hardMax",
          rule: "value-resolution",
          message:
            "9999.9991 mL/h is 9999999.1 µL/h, not a whole number of the canonical unit (1 µL/h = 0.001 mL/h); use fewer decimals",
        },
      ],
    },
    {
      title: "REQ-LIB-008: a dose above MAX_LIMIT_VALUE",
      mutate: (lib) => {
        lib.entries[0].limits.dose.hardMax = "200000000";
      },
      errors: [
        {
          path: "/entries/0/limits/dose/hardMax",
          rule: "value-range",
          message:
            "200000000 mcg/kg/min is above the maximum ≈150119987.579016516666 mcg/kg/min (MAX_LIMIT_VALUE = 9007199254740991 ABU/kg/h); use a smaller value",
        },
      ],
    },
    {
      title: "REQ-LIB-008: a duration above MAX_DURATION_S (100 days)",
      mutate: (lib) => {
        lib.entries[1].limits.duration.hardMax = "2401";
        lib.entries[1].limits.duration.unit = "h";
        lib.entries[1].limits.duration.hardMin = "1";
      },
      errors: [
        {
          path: "/entries/1/limits/duration/hardMax",
          rule: "value-range",
          message: "2401 h is above the maximum 2400 h (MAX_DURATION_S = 8640000 s); use a smaller value",
        },
      ],
    },
    {
      title: "REQ-LIB-008: weight and BSA above their maxima",
      mutate: (lib) => {
        lib.careAreas[0].weight.hardMax = "1000.001";
        lib.careAreas[1].bsa.hardMax = "10.0001";
      },
      errors: [
        {
          path: "/careAreas/0/weight/hardMax",
          rule: "value-range",
          message: "1000.001 kg is above the maximum 1000 kg (MAX_WEIGHT_G = 1000000 g); use a smaller value",
        },
        {
          path: "/careAreas/1/bsa/hardMax",
          rule: "value-range",
          message: "10.0001 m2 is above the maximum 10 m2 (MAX_BSA_M2X10000 = 100000 m2 × 10^-4); use a smaller value",
        },
      ],
    },
    {
      title: "REQ-LIB-008: a container amount above MAX_AMOUNT_ABU and a volume above MAX_VOLUME_UL",
      mutate: (lib) => {
        lib.entries[1].concentrations[0].amount = "282";
        lib.entries[1].concentrations[0].volume = "10000";
      },
      errors: [
        {
          path: "/entries/1/concentrations/0/amount",
          rule: "value-range",
          message:
            "282 g is above the maximum 281.474976710655 g (MAX_AMOUNT_ABU = 281474976710655 ABU); use a smaller value",
        },
        {
          path: "/entries/1/concentrations/0/volume",
          rule: "value-range",
          message: "10000 mL is above the maximum 9999.999 mL (MAX_VOLUME_UL = 9999999 µL); use a smaller value",
        },
      ],
    },
    {
      title: "REQ-LIB-008: 0 where only a positive value makes sense (caps, amount, volume)",
      mutate: (lib) => {
        lib.careAreas[0].maxRate.value = "0";
        lib.careAreas[1].maxVtbi.value = "0.000";
        lib.entries[0].concentrations[0].amount = "0";
        lib.entries[0].concentrations[0].volume = "0";
      },
      errors: [
        {
          path: "/careAreas/0/maxRate/value",
          rule: "value-range",
          message: "must be greater than 0 mL/h; leave the field out if there is no value",
        },
        {
          path: "/careAreas/1/maxVtbi/value",
          rule: "value-range",
          message: "must be greater than 0 mL; leave the field out if there is no value",
        },
        {
          path: "/entries/0/concentrations/0/amount",
          rule: "value-range",
          message: "must be greater than 0 mg; leave the field out if there is no value",
        },
        {
          path: "/entries/0/concentrations/0/volume",
          rule: "value-range",
          message: "must be greater than 0 mL; leave the field out if there is no value",
        },
      ],
    },
  ]);
});

describe("REQ-LIB-002 value-resolution", () => {
  runCases([
    {
      title: "REQ-LIB-002: 0.0001 ng/h is finer than 1 ABU/h (docs/units.md)",
      mutate: (lib) => {
        lib.entries[1].doseUnit = "ng/h";
        lib.entries[1].limits.dose = { unit: "ng/h", hardMin: "0.0001" };
      },
      errors: [
        {
          path: "/entries/1/limits/dose/hardMin",
          rule: "value-resolution",
          message:
            "0.0001 ng/h is 0.1 ABU/h, not a whole number of the canonical unit (1 ABU/h = 0.001 ng/h); use fewer decimals",
        },
      ],
    },
    {
      title: "REQ-LIB-002: a weight finer than 1 g",
      mutate: (lib) => {
        lib.careAreas[0].weight.hardMin = "0.4005";
      },
      errors: [
        {
          path: "/careAreas/0/weight/hardMin",
          rule: "value-resolution",
          message:
            "0.4005 kg is 400.5 g, not a whole number of the canonical unit (1 g = 0.001 kg); use fewer decimals",
        },
      ],
    },
    {
      title: "REQ-LIB-002: a per-minute dose is exact only when × 60 is whole",
      mutate: (lib) => {
        lib.entries[0].limits.dose.softMin = "0.00000001";
      },
      errors: [
        {
          path: "/entries/0/limits/dose/softMin",
          rule: "value-resolution",
          message:
            "0.00000001 mcg/kg/min is 0.6 ABU/kg/h, not a whole number of the canonical unit (1 ABU/kg/h = ≈0.000000016666 mcg/kg/min); use fewer decimals",
        },
      ],
    },
  ]);
});

describe("REQ-LIB-014 limit-not-applicable", () => {
  runCases([
    {
      title: "REQ-LIB-014: dose, bolus, loading and absolute limits on a fluid",
      mutate: (lib) => {
        lib.entries[2].limits.dose = { unit: "mg/h", hardMax: "1" };
        lib.entries[2].limits.bolusDose = { unit: "mg", hardMax: "1" };
        lib.entries[2].limits.loadingDose = { unit: "mg", hardMax: "1" };
        lib.entries[2].limits.doseAbsolute = { unit: "mg/h", hardMax: "1" };
      },
      errors: ["dose", "bolusDose", "loadingDose", "doseAbsolute"].map((key) => ({
        path: `/entries/2/limits/${key}`,
        rule: "limit-not-applicable",
        message: `a fluid has no dose, so ${key} limits are never checked; remove them`,
      })),
    },
    {
      title: "REQ-LIB-014: duration limits on a continuous entry and on a fluid",
      mutate: (lib) => {
        lib.entries[0].limits.duration = { unit: "min", hardMin: "60" };
        lib.entries[2].limits.duration = { unit: "h", hardMax: "24" };
      },
      errors: [0, 2].map((i) => ({
        path: `/entries/${i}/limits/duration`,
        rule: "limit-not-applicable",
        message: "duration limits apply only to intermittent entries; remove them or make the entry intermittent",
      })),
    },
    {
      title: "REQ-LIB-014: an absolute cap on an entry with no dose basis",
      mutate: (lib) => {
        lib.entries[1].limits.doseAbsolute = { unit: "mg/h", hardMax: "600" };
      },
      errors: [
        {
          path: "/entries/1/limits/doseAbsolute",
          rule: "limit-not-applicable",
          message:
            'an absolute dose cap applies only to weight- or BSA-based entries; use dose.hardMax for an entry with doseBasis "none"',
        },
      ],
    },
    {
      title: "REQ-LIB-014: concentration limits on a fixed concentration",
      mutate: (lib) => {
        lib.entries[0].concentrations[0].limits = { unit: "mg/mL", hardMin: "1" };
      },
      errors: [
        {
          path: "/entries/0/concentrations/0/limits",
          rule: "limit-not-applicable",
          message: 'concentration limits apply only to a custom concentration ("custom": true); remove them',
        },
      ],
    },
  ]);
});

describe("entry shape rules (docs/library-format.md)", () => {
  runCases([
    {
      title: "fluid-fields: a fluid with a dosing unit, a dose basis and concentrations",
      mutate: (lib) => {
        Object.assign(lib.entries[2], {
          doseBasis: "weight",
          doseUnit: "mg/kg/h",
          concentrations: [{ amount: "1", amountUnit: "mg", volume: "1", volumeUnit: "mL" }],
        });
      },
      errors: [
        { path: "/entries/2/doseUnit", rule: "fluid-fields", message: "a fluid has no dosing unit; remove doseUnit" },
        {
          path: "/entries/2/doseBasis",
          rule: "fluid-fields",
          message: 'a fluid is dosed by rate and volume only; set doseBasis to "none"',
        },
        {
          path: "/entries/2/concentrations",
          rule: "fluid-fields",
          message: "a fluid has no concentrations; remove them",
        },
      ],
    },
    {
      title: "dose-unit-required: a drug without a dosing unit",
      mutate: (lib) => {
        delete lib.entries[1].doseUnit;
      },
      errors: [
        {
          path: "/entries/1/doseUnit",
          rule: "dose-unit-required",
          message: 'a drug entry needs a dosing unit such as "mcg/kg/min"; add doseUnit',
        },
      ],
    },
    {
      title: "concentration-required: a drug with no concentration (missing or empty)",
      mutate: (lib) => {
        delete lib.entries[0].concentrations;
        lib.entries[1].concentrations = [];
      },
      errors: [0, 1].map((i) => ({
        path: `/entries/${i}/concentrations`,
        rule: "concentration-required",
        message:
          'a drug entry needs at least one concentration, e.g. { "amount": "400", "amountUnit": "mg", "volume": "250", "volumeUnit": "mL" }',
      })),
    },
    {
      title: "concentration-fields: a fixed concentration missing amount and volume",
      mutate: (lib) => {
        lib.entries[0].concentrations[0] = { amountUnit: "mg" };
      },
      errors: [
        {
          path: "/entries/0/concentrations/0/amount",
          rule: "concentration-fields",
          message: 'a fixed concentration needs amount; add it, or set "custom": true for a custom concentration',
        },
        {
          path: "/entries/0/concentrations/0/volume",
          rule: "concentration-fields",
          message: 'a fixed concentration needs volume; add it, or set "custom": true for a custom concentration',
        },
        {
          path: "/entries/0/concentrations/0/volumeUnit",
          rule: "concentration-fields",
          message:
            'a fixed concentration needs volumeUnit "mL"; add it, or set "custom": true for a custom concentration',
        },
      ],
    },
    {
      title: "concentration-fields: a custom concentration with an amount",
      mutate: (lib) => {
        lib.entries[3].concentrations[1].amount = "100";
      },
      errors: [
        {
          path: "/entries/3/concentrations/1/amount",
          rule: "concentration-fields",
          message:
            "a custom concentration has no amount (the clinician enters amount and volume at the pump); remove it",
        },
      ],
    },
    {
      title: "text-length: names and advisories are limited in UTF-8 bytes, not characters",
      mutate: (lib) => {
        lib.name = "Bibliothèque générale de l'hôpit"; // 32 characters, 36 bytes
        lib.careAreas[0].name = "x".repeat(256);
        lib.entries[1].displayName = "é".repeat(128);
        lib.entries[1].advisory = "a".repeat(1025);
      },
      errors: [
        {
          path: "/name",
          rule: "text-length",
          message: "the library name is 36 UTF-8 bytes, more than the 32 the pump stores; shorten it",
        },
        {
          path: "/careAreas/0/name",
          rule: "text-length",
          message: "the care area name is 256 UTF-8 bytes, more than the 255 the pump stores; shorten it",
        },
        {
          path: "/entries/1/displayName",
          rule: "text-length",
          message: "the display name is 256 UTF-8 bytes, more than the 255 the pump stores; shorten it",
        },
        {
          path: "/entries/1/advisory",
          rule: "text-length",
          message: "the advisory is 1025 UTF-8 bytes, more than the 1024 the pump stores; shorten it",
        },
      ],
    },
    {
      title: "text-encoding: an unpaired surrogate in a displayed text",
      mutate: (lib) => {
        lib.entries[0].displayName = "DOPamine \ud800";
      },
      errors: [
        {
          path: "/entries/0/displayName",
          rule: "text-encoding",
          message: 'the display name contains an unpaired UTF-16 surrogate (an invalid "\\uD8xx" escape); remove it',
        },
      ],
    },
  ]);
});

describe("REQ-LIB-009 all errors are reported, not just the first", () => {
  it("REQ-LIB-009: errors from several rules and items come together, in document order", () => {
    const lib = validLibrary();
    lib.careAreas[1].id = 0;
    lib.entries[0].limits.dose.softMax = "30";
    lib.entries[1].careAreas = ["WARD"];
    lib.entries[2].limits.dose = { unit: "mg/h", hardMax: "1" };
    expect(errorsOf(lib).map((e) => `${e.path} ${e.rule}`)).toEqual([
      "/careAreas/1/id duplicate-id",
      "/entries/0/limits/dose/hardMax tier-order",
      "/entries/1/careAreas/0 unknown-care-area",
      "/entries/2/limits/dose limit-not-applicable",
    ]);
  });

  it("REQ-LIB-009: semantic rules still run on items the schema did not reject", () => {
    const lib = validLibrary();
    lib.entries[0].highAlert = "yes";
    lib.entries[1].limits.dose.hardMax = "0.00000000001"; // 0.6 ABU/h
    expect(errorsOf(lib).map((e) => `${e.path} ${e.rule}`)).toEqual([
      "/entries/0/highAlert schema:type",
      "/entries/1/limits/dose/hardMax value-resolution",
    ]);
  });

  it("REQ-LIB-009: with a broken care area, care-area references are not guessed", () => {
    const lib = validLibrary();
    lib.careAreas[1].code = "bad code";
    expect(errorsOf(lib).map((e) => `${e.path} ${e.rule}`)).toEqual(["/careAreas/1/code schema:pattern"]);
  });
});
