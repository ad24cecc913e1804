// Every lint rule on a fresh copy of a clean library: one or more failing mutations with the
// exact findings (rule, path, severity) and a passing near miss with none — at the boundary where
// the rule is exact (tenfold, 1/1000, equal tiers).
import { describe, expect, it } from "vitest";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { cleanLibrary, type Json } from "./helpers.ts";

interface Case {
  title: string;
  mutate(lib: Json): void;
  findings: { rule: string; path: string; severity: string }[];
}

function findingsOf(lib: Json): { rule: string; path: string; severity: string }[] {
  return lintLibrary(lib).findings.map(({ rule, path, severity }) => ({ rule, path, severity }));
}

function cases(list: Case[]): void {
  for (const c of list) {
    it(c.title, () => {
      const lib = cleanLibrary();
      c.mutate(lib);
      expect(findingsOf(lib)).toEqual(c.findings);
    });
  }
}

const error = (rule: string, path: string) => ({ rule, path, severity: "error" });
const warning = (rule: string, path: string) => ({ rule, path, severity: "warning" });

describe("lint baseline", () => {
  it("REQ-LC-011: the clean test library has no finding", () => {
    expect(lintLibrary(cleanLibrary())).toEqual({ findings: [], errorCount: 0, warningCount: 0 });
  });
});

describe("REQ-LC-001 high-alert-no-hard-max", () => {
  cases([
    {
      title: "REQ-LC-001: a high-alert drug without dose hardMax is an error at the missing tier",
      mutate: (l) => delete l.entries[0].limits.dose.hardMax,
      findings: [error("high-alert-no-hard-max", "/entries/0/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-001: a high-alert drug with no dose block at all",
      mutate: (l) => delete l.entries[2].limits.dose,
      findings: [error("high-alert-no-hard-max", "/entries/2/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-001: a high-alert fluid without rate hardMax",
      mutate: (l) => {
        l.entries[4].highAlert = true;
        delete l.entries[4].limits.rate.hardMax;
      },
      findings: [error("high-alert-no-hard-max", "/entries/4/limits/rate/hardMax")],
    },
    {
      title: "REQ-LC-001: passes for the same entry when it is not high-alert",
      mutate: (l) => {
        l.entries[0].highAlert = false;
        delete l.entries[0].limits.dose.hardMax;
      },
      findings: [],
    },
  ]);
  it("REQ-LC-001: the message names the entry and the fix, the why says why", () => {
    const lib = cleanLibrary();
    delete lib.entries[0].limits.dose.hardMax;
    const [finding] = lintLibrary(lib).findings;
    expect(finding.message).toBe(
      "high-alert entry 10 Heparin has no dose hardMax; add the highest dose the pump may ever accept",
    );
    expect(finding.why).toContain("high-alert");
  });
});

describe("REQ-LC-002 hard-max-tenfold", () => {
  cases([
    {
      title: "REQ-LC-002: hardMax exactly 10× the soft max is an error",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMax = "250";
      },
      findings: [error("hard-max-tenfold", "/entries/0/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-002: compared exactly: 250.000 is still 10×",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMax = "250.000";
      },
      findings: [error("hard-max-tenfold", "/entries/0/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-002: passes one hundredth below 10×",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMax = "249.99";
      },
      findings: [],
    },
    {
      title: "REQ-LC-002: without a soft max the soft min is the usual dose",
      mutate: (l) => {
        l.entries[2].limits.dose = { unit: "mcg/kg/min", softMin: "2", hardMax: "20" };
      },
      findings: [error("hard-max-tenfold", "/entries/2/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-002: bolus doses are checked too",
      mutate: (l) => {
        l.entries[0].limits.bolusDose.hardMax = "800";
      },
      findings: [error("hard-max-tenfold", "/entries/0/limits/bolusDose/hardMax")],
    },
    {
      title:
        "REQ-LC-002: with a default dose it is the usual dose: hardMax 40 = 10 × default 4 units/kg/h is an error (soft max 25 would pass)",
      mutate: (l) => {
        l.entries[0].defaults = { dose: { value: "4", unit: "units/kg/h" } };
      },
      findings: [error("hard-max-tenfold", "/entries/0/limits/dose/hardMax")],
    },
    {
      title: "REQ-LC-002: one ABU/kg/h above a tenth of the hard max (4.000001 units/kg/h) passes",
      mutate: (l) => {
        l.entries[0].defaults = { dose: { value: "4.000001", unit: "units/kg/h" } };
      },
      findings: [],
    },
    {
      title: "REQ-LC-002: the smallest default counts, a concentration's too, in any unit of the kind",
      mutate: (l) => {
        l.entries[0].defaults = { dose: { value: "18", unit: "units/kg/h" } };
        l.entries[0].concentrations[0].defaults = { dose: { value: "4000", unit: "milliunits/kg/h" } };
      },
      findings: [error("hard-max-tenfold", "/entries/0/limits/dose/hardMax")],
    },
    {
      title:
        "REQ-LC-002: a default dose well below a tenth of the hard max does not flag a soft max that would not either",
      mutate: (l) => {
        l.entries[0].defaults = { dose: { value: "18", unit: "units/kg/h" } };
      },
      findings: [],
    },
    {
      title: "REQ-LC-002: passes a block with no soft tier (no usual dose to compare)",
      mutate: (l) => {
        l.entries[0].limits.dose = { unit: "units/kg/h", hardMax: "1000" };
      },
      findings: [],
    },
  ]);
  it("REQ-LC-002: the message gives the exact ratio", () => {
    const lib = cleanLibrary();
    lib.entries[0].limits.dose.hardMax = "300";
    expect(lintLibrary(lib).findings[0].message).toBe(
      "entry 10 Heparin dose: hardMax 300 units/kg/h is 12× the softMax 25 units/kg/h (at least 10×); lower the hard max below 10× the usual dose",
    );
  });
});

describe("REQ-LC-003 custom-concentration-no-hard-min", () => {
  const path = "/entries/2/concentrations/1/limits/hardMin";
  cases([
    {
      title: "REQ-LC-003: a custom concentration without hardMin (the compiler refuses it too)",
      mutate: (l) => delete l.entries[2].concentrations[1].limits.hardMin,
      findings: [error("compile:custom-concentration-hard-min", path), error("custom-concentration-no-hard-min", path)],
    },
    {
      title: "REQ-LC-003: a custom concentration without limits",
      mutate: (l) => delete l.entries[2].concentrations[1].limits,
      findings: [
        error("compile:custom-concentration-hard-min", "/entries/2/concentrations/1/limits"),
        error("custom-concentration-no-hard-min", "/entries/2/concentrations/1/limits"),
      ],
    },
    {
      title: "REQ-LC-003: a hardMin of 0",
      mutate: (l) => {
        l.entries[2].concentrations[1].limits.hardMin = "0";
      },
      findings: [
        error("compile:custom-concentration-hard-min", path),
        error("custom-concentration-no-hard-min", path),
        warning("placeholder-minimum", path),
      ],
    },
    {
      title: "REQ-LC-003: passes with a positive hardMin",
      mutate: (l) => {
        l.entries[2].concentrations[1].limits.hardMin = "2";
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-004 placeholder-minimum", () => {
  cases([
    {
      title: "REQ-LC-004: 0.0001 under a soft max of 25 is a placeholder",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMin = "0.0001";
      },
      findings: [warning("placeholder-minimum", "/entries/0/limits/dose/hardMin")],
    },
    {
      title: "REQ-LC-004: exactly 1/1000 of the soft max is a placeholder",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMin = "0.025";
      },
      findings: [warning("placeholder-minimum", "/entries/0/limits/dose/hardMin")],
    },
    {
      title: "REQ-LC-004: passes just above 1/1000 of the soft max",
      mutate: (l) => {
        l.entries[0].limits.dose.hardMin = "0.026";
      },
      findings: [],
    },
    {
      title: "REQ-LC-004: a soft min of 0",
      mutate: (l) => {
        l.entries[0].limits.dose.softMin = "0";
      },
      findings: [warning("placeholder-minimum", "/entries/0/limits/dose/softMin")],
    },
    {
      title: "REQ-LC-004: custom concentration limits are checked (1 mcg/mL × 1000 ≤ 1600)",
      mutate: (l) => {
        l.entries[2].concentrations[1].limits.hardMin = "1";
      },
      findings: [warning("placeholder-minimum", "/entries/2/concentrations/1/limits/hardMin")],
    },
    {
      title: "REQ-LC-004: care-area weight limits are checked, against the hard max when there is no soft max",
      mutate: (l) => {
        l.careAreas[1].weight.hardMin = "0.15";
      },
      findings: [warning("placeholder-minimum", "/careAreas/1/weight/hardMin")],
    },
    {
      title: "REQ-LC-004: passes a small minimum in a block without a maximum",
      mutate: (l) => {
        l.entries[4].limits.vtbi = { unit: "mL", hardMin: "0.001" };
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-005 soft-equals-hard", () => {
  cases([
    {
      title: "REQ-LC-005: softMax equal to hardMax is reported at softMax",
      mutate: (l) => {
        l.entries[0].limits.dose.softMax = "40";
      },
      findings: [warning("soft-equals-hard", "/entries/0/limits/dose/softMax")],
    },
    {
      title: "REQ-LC-005: compared exactly: 40.0 equals 40",
      mutate: (l) => {
        l.entries[0].limits.dose.softMax = "40.0";
      },
      findings: [warning("soft-equals-hard", "/entries/0/limits/dose/softMax")],
    },
    {
      title: "REQ-LC-005: softMin equal to hardMin is reported at softMin",
      mutate: (l) => {
        l.entries[3].limits.duration.softMin = "60";
      },
      findings: [warning("soft-equals-hard", "/entries/3/limits/duration/softMin")],
    },
    {
      title: "REQ-LC-005: care-area weight tiers are checked",
      mutate: (l) => {
        l.careAreas[0].weight.softMax = "350";
      },
      findings: [warning("soft-equals-hard", "/careAreas/0/weight/softMax")],
    },
    {
      title: "REQ-LC-005: passes a soft max one step inside the hard max",
      mutate: (l) => {
        l.entries[0].limits.dose.softMax = "39.9";
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-006 dose-unit-inconsistent", () => {
  /** Entry `i` (a heparin) dosed in units/h, without basis. */
  const perHour = (l: Json, i = 1): void => {
    Object.assign(l.entries[i], { doseBasis: "none", doseUnit: "units/h" });
    l.entries[i].limits = { dose: { unit: "units/h", softMin: "100", softMax: "1000", hardMax: "1500" } };
  };
  cases([
    {
      title: "REQ-LC-006: a second heparin entry in units/h is reported at its doseUnit",
      mutate: (l) => perHour(l),
      findings: [warning("dose-unit-inconsistent", "/entries/1/doseUnit")],
    },
    {
      title: "REQ-LC-006: drug names compare without case and spacing",
      mutate: (l) => {
        perHour(l);
        l.entries[1].drug = " Heparin";
      },
      findings: [warning("dose-unit-inconsistent", "/entries/1/doseUnit")],
    },
    {
      title: "REQ-LC-006: passes when every entry of the drug changes to the same other unit (units/h)",
      mutate: (l) => {
        perHour(l, 0);
        perHour(l, 1);
      },
      findings: [],
    },
    {
      title: "REQ-LC-006: passes a different unit on an entry of another drug (grouped by generic name)",
      mutate: (l) => {
        perHour(l);
        l.entries[1].drug = "heparin flush";
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-007 no-absolute-cap", () => {
  cases([
    {
      title: "REQ-LC-007: a weight-based entry without doseAbsolute",
      mutate: (l) => delete l.entries[0].limits.doseAbsolute,
      findings: [warning("no-absolute-cap", "/entries/0/limits/doseAbsolute")],
    },
    {
      title: "REQ-LC-007: a BSA-based entry without doseAbsolute",
      mutate: (l) => {
        l.careAreas[0].bsa = { unit: "m2", hardMin: "0.5", hardMax: "3" };
        Object.assign(l.entries[3], { doseBasis: "bsa", doseUnit: "mg/m2/min" });
        l.entries[3].limits.dose.unit = "mg/m2/min";
      },
      findings: [warning("no-absolute-cap", "/entries/3/limits/doseAbsolute")],
    },
    {
      title: "REQ-LC-007: passes an entry dosed without basis that has no doseAbsolute",
      mutate: (l) => {
        Object.assign(l.entries[2], { doseBasis: "none", doseUnit: "mcg/min" });
        l.entries[2].limits = { dose: { unit: "mcg/min", softMin: "2", softMax: "20", hardMax: "25" } };
      },
      findings: [],
    },
    {
      title: "REQ-LC-007: the same entry still weight-based without doseAbsolute is reported",
      mutate: (l) => delete l.entries[2].limits.doseAbsolute,
      findings: [warning("no-absolute-cap", "/entries/2/limits/doseAbsolute")],
    },
  ]);
});

describe("REQ-LC-008 care-area-no-weight-limits", () => {
  cases([
    {
      title: "REQ-LC-008: a care area with no weight block",
      mutate: (l) => delete l.careAreas[1].weight,
      findings: [error("care-area-no-weight-limits", "/careAreas/1/weight")],
    },
    {
      title: "REQ-LC-008: a weight block without hardMax",
      mutate: (l) => delete l.careAreas[0].weight.hardMax,
      findings: [error("care-area-no-weight-limits", "/careAreas/0/weight/hardMax")],
    },
    {
      title: "REQ-LC-008: soft tiers alone are not limits",
      mutate: (l) => {
        l.careAreas[1].weight = { unit: "kg", softMin: "3", softMax: "80" };
      },
      findings: [
        error("care-area-no-weight-limits", "/careAreas/1/weight/hardMin"),
        error("care-area-no-weight-limits", "/careAreas/1/weight/hardMax"),
      ],
    },
    {
      title: "REQ-LC-008: passes hard weight limits without soft ones",
      mutate: (l) => {
        l.careAreas[0].weight = { unit: "kg", hardMin: "30", hardMax: "350" };
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-009 overlapping-weight-bands", () => {
  cases([
    {
      title:
        "REQ-LC-009: two weight-based heparin entries offered in ICU overlap, reported at the later one's care area",
      mutate: (l) => {
        l.entries[1].careAreas = ["PEDS", "ICU"];
      },
      findings: [error("overlapping-weight-bands", "/entries/1/careAreas/1")],
    },
    {
      title: "REQ-LC-009: passes weight-based entries of different drugs in one care area",
      mutate: (l) => {
        l.entries[2].careAreas = ["PEDS", "ICU"];
      },
      findings: [],
    },
  ]);
});

describe("REQ-LC-010 advisory-empty and advisory-duplicate", () => {
  cases([
    {
      title: "REQ-LC-010: a blank advisory",
      mutate: (l) => {
        l.entries[0].advisory = "  ";
      },
      findings: [warning("advisory-empty", "/entries/0/advisory")],
    },
    {
      title: "REQ-LC-010: another drug's advisory (case and spacing ignored)",
      mutate: (l) => {
        l.entries[3].advisory = "independent double check of  weight, dose and rate.";
      },
      findings: [warning("advisory-duplicate", "/entries/3/advisory")],
    },
    {
      title: "REQ-LC-010: passes the same advisory on two entries of one drug",
      mutate: (l) => {
        l.entries[1].advisory = l.entries[0].advisory;
      },
      findings: [],
    },
  ]);
});
