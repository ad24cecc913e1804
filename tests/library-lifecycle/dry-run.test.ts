// Dry-run on the REAL firmware engine (REQ-LC-014, REQ-LC-015): the shipped example order set
// gives the verdicts its expected column names, with go, soft and hard all covered; a wrong
// expectation exits 1; malformed orders exit 2 naming row and column. Needs build/ders.wasm
// (npm run build:firmware); a private copy is taken so a concurrent rebuild cannot interfere.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../hil/library/tools/csv/rfc4180.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, EXAMPLE_ORDERS_PATH, firmwareCopy, tempDir } from "./helpers.ts";

let dir: string;
let firmware: string;
beforeAll(async () => {
  dir = tempDir("dry-run");
  firmware = await firmwareCopy(dir);
});

const HEADER =
  "order,careArea,entry,concentration,weightKg,bsaM2,dose,doseUnit,rateMlPerH,vtbiMl,durationMin,expected,expectedBinding";

function orders(name: string, ...rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join("\r\n"));
  return path;
}

function dryRun(library: string, orderSet: string, ...options: string[]) {
  return cli("dry-run", library, orderSet, "--firmware", firmware, ...options);
}

/** A run with bad orders: exit 2, one stderr line, and each order's reason (null when it ran). */
function badOrderRun(library: string, orderSet: string): { code: number; err: string[]; reasons: (string | null)[] } {
  const run = dryRun(library, orderSet, "--format", "json");
  const report = JSON.parse(run.out.join("\n"));
  return { code: run.code, err: run.err, reasons: report.results.map((r: { reason: string | null }) => r.reason) };
}

describe("REQ-LC-014 dry-run through the real engine", () => {
  it("REQ-LC-014: the example order set gives every expected verdict and binding limit, covering go, soft and hard", () => {
    const result = dryRun(EXAMPLE_LIBRARY_PATH, EXAMPLE_ORDERS_PATH, "--format", "json");
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out.join("\n"));
    const parsed = parseCsv(readFileSync(EXAMPLE_ORDERS_PATH, "utf8"));
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.records.map((r) => r.fields);
    const col = (name: string): number => header.indexOf(name);
    expect(
      report.results.map((r: { order: string; verdict: string; binding: { param: string } | null }) => [
        r.order,
        r.verdict,
        r.binding?.param ?? "",
      ]),
    ).toEqual(
      // expectedBinding may go on to the tier and value ("DOSE hard max 40 units/kg/h"), which the
      // tool itself compares (mismatches 0 below); the report's binding param is its first word.
      rows.map((row) => [row[col("order")], row[col("expected")], row[col("expectedBinding")].split(" ")[0]]),
    );
    expect(report.counts.go).toBeGreaterThan(0);
    expect(report.counts.soft).toBeGreaterThan(0);
    expect(report.counts.hard).toBeGreaterThan(0);
    expect(report.counts).toMatchObject({ orders: rows.length, checked: rows.length, mismatches: 0 });
  });

  it("REQ-LC-014: the text report gives verdict and binding limit in the library's units, then counts", () => {
    const path = orders(
      "heparin.csv",
      "H1,ICU,Heparin,,80,,18,units/kg/h,,,,,",
      "H2,ICU,10,,80,,41,units/kg/h,,,,,",
      "H3,ICU,Heparin,,100,,26,units/kg/h,,,,,",
      "H4,ICU,Heparin,,80,,26,units/kg/h,,,,soft,DOSE",
    );
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    const result = dryRun(library, path);
    expect(result).toEqual({
      code: 0,
      out: [
        "order  care area  entry    verdict  binding limit                        check",
        "H1     ICU        Heparin  GO       -",
        "H2     ICU        10       HARD     DOSE hard max 40 units/kg/h",
        "H3     ICU        Heparin  HARD     DOSE_ABSOLUTE hard max 2500 units/h",
        "H4     ICU        Heparin  SOFT     DOSE soft max 25 units/kg/h          ok (expected soft, DOSE)",
        "4 orders: 1 go, 1 soft, 2 hard, 0 error; 1 expectations checked, 0 mismatches",
      ],
      err: [],
    });
  });

  it("REQ-LC-014: a JSON order set gives the same results as the CSV one", () => {
    const csv = orders("one.csv", "V1,ICU,Vancomycin,1 g/250 mL,,,,,,250,45,hard,DURATION");
    const json = join(dir, "one.json");
    writeFileSync(
      json,
      JSON.stringify({
        orders: [
          {
            order: "V1",
            careArea: "ICU",
            entry: "Vancomycin",
            concentration: "1 g/250 mL",
            vtbiMl: "250",
            durationMin: "45",
            expected: "hard",
            expectedBinding: "DURATION",
          },
        ],
      }),
    );
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    const fromCsv = JSON.parse(dryRun(library, csv, "--format", "json").out.join("\n"));
    const fromJson = JSON.parse(dryRun(library, json, "--format", "json").out.join("\n"));
    expect(fromJson.results.map((r: { where: string }) => ({ ...r, where: "" }))).toEqual(
      fromCsv.results.map((r: { where: string }) => ({ ...r, where: "" })),
    );
    expect(fromCsv.results[0]).toMatchObject({
      verdict: "hard",
      binding: { param: "DURATION", tier: "hard min", limit: "60 min" },
      outcome: "match",
    });
  });

  it("REQ-LC-014: an entry may be named by generic name when the care area offers one entry of the drug", () => {
    const path = orders(
      "generic.csv",
      "G1,MEDSURG,heparin,25000 units/500 mL,80,,18,units/kg/h,,,,go,",
      "G2,ICU-ADULT,norepinephrine,8 mg/250 mL,80,,,,10,,,go,",
    );
    const report = JSON.parse(dryRun(EXAMPLE_LIBRARY_PATH, path, "--format", "json").out.join("\n"));
    expect(report.results.map((r: { verdict: string; reason: string | null }) => [r.verdict, r.reason])).toEqual([
      ["go", null],
      ["go", null],
    ]);
    const lib = cleanLibrary();
    lib.entries[0].displayName = "Heparin (adult)";
    lib.entries[1].careAreas = ["PEDS", "ICU"];
    const library = join(dir, "two-heparins.json");
    writeFileSync(library, JSON.stringify(lib));
    const ambiguous = JSON.parse(
      dryRun(library, orders("ambiguous.csv", "A1,ICU,heparin,,80,,18,units/kg/h,,,,,"), "--format", "json").out.join(
        "\n",
      ),
    );
    expect(ambiguous.results[0]).toMatchObject({
      verdict: "error",
      reason: '"heparin" matches entries 10, 11; use the entry id',
    });
  });

  it("REQ-LC-014: an order the library cannot serve is an error result (exit 1), not a crash", () => {
    const path = orders(
      "missing.csv",
      "X1,NICU,Heparin,,3,,10,units/kg/h,,,,,",
      "X2,ICU,Morphine,,,,,,5,,,,",
      "X3,PEDS,Heparin (peds),,,,,,5,,,,",
    );
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    const report = JSON.parse(dryRun(library, path, "--format", "json").out.join("\n"));
    expect(report.results.map((r: { reason: string }) => r.reason)).toEqual([
      'no care area "NICU" in the library',
      'no entry with id, display name or generic name "Morphine" in the library',
      "the engine refused the request: status MISSING_VALUE (docs/engine.md §5): missing the patient weight (weightKg): the entry is dosed per kg",
    ]);
    expect(report.failed).toBe(true);
    expect(dryRun(library, path).code).toBe(1);
  });
});

describe("REQ-LC-036 dry-run names what the engine found (issue 11)", () => {
  const cleanFile = (): string => {
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    return library;
  };
  const results = (library: string, path: string) =>
    JSON.parse(dryRun(library, path, "--format", "json").out.join("\n")).results;

  it("REQ-LC-036: a display name equal to a generic name resolves only among the care area's entries", () => {
    const lib = cleanLibrary();
    // Entry 10's display name is the generic name; entry 11 is the same drug for PEDS.
    lib.entries[0].displayName = "heparin";
    writeFileSync(join(dir, "display-generic.json"), JSON.stringify(lib));
    const path = orders(
      "display-generic.csv",
      "D1,PEDS,heparin,,20,,10,units/kg/h,,,,go,",
      "D2,ICU,heparin,,80,,18,units/kg/h,,,,go,",
      "D3,ICU,Heparin (peds),,20,,10,units/kg/h,,,,error,",
    );
    const report = results(join(dir, "display-generic.json"), path);
    expect(report.map((r: { verdict: string; reason: string | null }) => [r.verdict, r.reason])).toEqual([
      ["go", null],
      ["go", null],
      ["error", '"Heparin (peds)" is entry 11, not offered in care area ICU'],
    ]);
    // The example library: "dopamine" is the display name (DOPamine) of entry 1090 (ICU-ADULT,
    // PEDS) and the generic name of 1091 (NICU); in NICU it is 1091, never 1090.
    const example = orders(
      "dopamine.csv",
      "N1,NICU,dopamine,40 mg/50 mL,2,,5,mcg/kg/min,,,,,",
      "N2,PEDS,dopamine,400 mg/250 mL,20,,5,mcg/kg/min,,,,,",
    );
    const run = JSON.parse(dryRun(EXAMPLE_LIBRARY_PATH, example, "--format", "json").out.join("\n"));
    expect(run.results.map((r: { entryId: number | null }) => r.entryId)).toEqual([1091, 1090]);
  });

  it("REQ-LC-036: MISSING_VALUE names the missing value", () => {
    const path = orders(
      "missing-values.csv",
      "M1,ICU,Heparin,,,,18,units/kg/h,,,,error,",
      "M2,ICU,Vancomycin,1 g/250 mL,,,,,166.667,,,error,",
    );
    expect(results(cleanFile(), path).map((r: { reason: string }) => r.reason)).toEqual([
      "the engine refused the request: status MISSING_VALUE (docs/engine.md §5): missing the patient weight (weightKg): the entry is dosed per kg",
      "the engine refused the request: status MISSING_VALUE (docs/engine.md §5): missing the volume to be infused (vtbiMl or doseAmount): the entry is an intermittent infusion",
    ]);
  });

  it("REQ-LC-036: a patient band (issue 11 §3): no weight names the band; outside it is the engine's OUTSIDE_PATIENT_BAND", () => {
    const lib = cleanLibrary();
    const vancomycin = lib.entries.find((e: { id: number }) => e.id === 30);
    vancomycin.patientBand = { weight: { unit: "kg", min: "40" } };
    const library = join(dir, "banded.json");
    writeFileSync(library, JSON.stringify(lib));
    const path = orders(
      "banded.csv",
      "W1,ICU,Vancomycin,1 g/250 mL,,,,,,250,90,error,",
      "W2,ICU,Vancomycin,1 g/250 mL,39.999,,,,,250,90,error,",
      "W3,ICU,Vancomycin,1 g/250 mL,40,,,,,250,90,go,",
    );
    expect(results(library, path).map((r: { reason: string | null }) => r.reason)).toEqual([
      "the engine refused the request: status MISSING_VALUE (docs/engine.md §5): missing the patient weight (weightKg): the entry's patient band bounds the weight",
      "the engine refused the request: status OUTSIDE_PATIENT_BAND (docs/engine.md §5)",
      null,
    ]);
  });

  it("REQ-LC-036: DERIVED_OUT_OF_RANGE is a hard stop with the derived rate, above the maximum and below the least rate", () => {
    const path = orders(
      "derived.csv",
      // 1,000,000 units/kg/h × 80 kg / (25,000 units / 500 mL) = 1,600,000 mL/h > 9999.999 mL/h.
      "R1,ICU,Heparin,,80,,1000000,units/kg/h,,,,hard,RATE hard max 9999.999 mL/h",
      // 0.000001 units/kg/h × 80 kg / 50 units/mL = 0.0000016 mL/h: 0 µL/h after rounding down.
      "R2,ICU,Heparin,,80,,0.000001,units/kg/h,,,,hard,RATE hard min",
      // 250 mL in 1 min = 15,000 mL/h.
      "R3,ICU,Vancomycin,1 g/250 mL,,,,,,250,1,hard,RATE",
    );
    const report = results(cleanFile(), path);
    expect(
      report.map((r: { verdict: string; binding: unknown; outcome: string }) => [r.verdict, r.binding, r.outcome]),
    ).toEqual([
      [
        "hard",
        {
          param: "RATE",
          tier: "hard max",
          limit: "9999.999 mL/h (the engine's rate range, DERIVED_OUT_OF_RANGE)",
          limitCanonical: "9999999",
          derivedRate: "1600000 mL/h",
        },
        "match",
      ],
      [
        "hard",
        {
          param: "RATE",
          tier: "hard min",
          limit: "0.001 mL/h (the engine's rate range, DERIVED_OUT_OF_RANGE)",
          limitCanonical: "1",
          derivedRate: "0 mL/h",
        },
        "match",
      ],
      [
        "hard",
        {
          param: "RATE",
          tier: "hard max",
          limit: "9999.999 mL/h (the engine's rate range, DERIVED_OUT_OF_RANGE)",
          limitCanonical: "9999999",
          derivedRate: "15000 mL/h",
        },
        "match",
      ],
    ]);
    const text = dryRun(cleanFile(), path);
    expect(text.code).toBe(0);
    expect(text.out[1]).toMatch(
      /^R1 +ICU +Heparin +HARD +RATE hard max 9999\.999 mL\/h \(the engine's rate range, DERIVED_OUT_OF_RANGE\); derived rate 1600000 mL\/h +ok/,
    );
  });

  it("REQ-LC-036: expectedBinding may name the tier and the limit value; each part must match exactly", () => {
    const path = orders(
      "binding-parts.csv",
      "E1,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max 40 units/kg/h",
      "E2,ICU,Heparin,,80,,41,units/kg/h,,,,hard,dose  HARD MAX  40000 milliunits/kg/h",
      "E3,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max",
      "E4,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE soft max",
      "E5,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max 40.000001 units/kg/h",
      "E6,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max 39.999999 units/kg/h",
      "E7,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max 40 units/h",
      "E8,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard maximum",
      "E9,ICU,Heparin,,80,,41,units/kg/h,,,,hard,DOSE hard max 40 furlongs",
    );
    const report = results(cleanFile(), path);
    expect(report.map((r: { outcome: string; reason: string | null }) => r.outcome)).toEqual([
      "match",
      "match",
      "match",
      "mismatch",
      "mismatch",
      "mismatch",
      "mismatch",
      "unchecked",
      "unchecked",
    ]);
    expect(report[0].binding).toEqual({
      param: "DOSE",
      tier: "hard max",
      limit: "40 units/kg/h",
      limitCanonical: "40000000",
    });
    expect(report[7].reason).toBe(
      `${path} row 9, column expectedBinding: "DOSE hard maximum" is not a binding; write PARAM, PARAM TIER or PARAM TIER VALUE UNIT, e.g. "DOSE", "DOSE hard max" or "DOSE hard max 40 units/kg/h"`,
    );
    expect(report[8].reason).toBe(
      `${path} row 10, column expectedBinding: "furlongs" is not a unit of the library format (docs/library-format.md), e.g. units/kg/h, mL/h, min`,
    );
  });
});

describe("REQ-LC-015 dry-run expectations", () => {
  it("REQ-LC-015: one wrong expectation in the example set exits 1 and is marked MISMATCH", () => {
    const original = readFileSync(EXAMPLE_ORDERS_PATH, "utf8");
    const text = original.replace(/^(HEP-2 above soft max,.*),soft,DOSE$/m, "$1,go,");
    expect(text).not.toBe(original);
    const path = join(dir, "wrong.csv");
    writeFileSync(path, text);
    const result = dryRun(EXAMPLE_LIBRARY_PATH, path);
    expect(result.code).toBe(1);
    expect(result.out.find((l) => l.startsWith("HEP-2"))).toMatch(
      /SOFT +DOSE soft max 25 units\/kg\/h +MISMATCH \(expected go\)$/,
    );
    expect(result.out.at(-1)).toMatch(/, 1 mismatches$/);
  });

  it("REQ-LC-015: a wrong expected binding parameter is a mismatch too", () => {
    const path = orders("binding.csv", "H2,ICU,Heparin,,80,,41,units/kg/h,,,,hard,RATE");
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    expect(dryRun(library, path).code).toBe(1);
  });

  it("REQ-LC-036: malformed orders are error rows naming row and column; the rest still runs; exit 2", () => {
    const path = orders(
      "bad.csv",
      "B1,ICU,Heparin,,72.4.1,,18,units/kg/h,,,,maybe,",
      "B2,ICU,Heparin,,80,,18,units/kg/h,10,,,,DOSAGE",
      "B2,ICU,Heparin,,80,,,,10,,,,",
      "B4,ICU,Heparin,,80,,18,units/kg/h,,,,go,",
    );
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    expect(badOrderRun(library, path)).toEqual({
      code: 2,
      err: ["3 orders of the set could not be read (error rows marked BAD ORDER); the rest ran"],
      reasons: [
        [
          `${path} row 2, column expected: "maybe" must be go, soft, hard or error (or empty)`,
          `${path} row 2, column weightKg: "72.4.1" is not a decimal number; write digits with at most one decimal point and no sign, unit or exponent, e.g. "12.5"`,
        ].join("; "),
        [
          `${path} row 3, column rateMlPerH: give exactly one of dose, rateMlPerH or durationMin (what the clinician programs); got 2`,
          `${path} row 3, column expectedBinding: "DOSAGE" is not a parameter; one of WEIGHT, BSA, CONCENTRATION, DOSE, DOSE_ABSOLUTE, RATE, AREA_MAX_RATE, VTBI, AREA_MAX_VTBI, DURATION, BOLUS_DOSE, BOLUS_RATE, LOADING_DOSE, BOLUS_DOSE_ABSOLUTE, LOADING_DOSE_ABSOLUTE, DOSE_PER_ADMIN, DOSE_PER_ADMIN_ABSOLUTE, BOLUS_DOSE_RATE, LOADING_DOSE_RATE, PERIPHERAL_CONCENTRATION, CUMULATIVE, PCA_DOSE, PCA_LOCKOUT, PCA_MAX_DOSES_PER_HOUR, PCA_CLINICIAN_BOLUS, PCA_WINDOW_MAX, PCA_BASAL_IN_WINDOW`,
        ].join("; "),
        `${path} row 4, column order: order "B2" is already used at ${path} row 3; give each order its own name`,
        null,
      ],
    });
    const text = dryRun(library, path);
    expect(text.out.filter((line) => line.endsWith("BAD ORDER")).map((line) => line.split(" ")[0])).toEqual([
      "B1",
      "B2",
      "B2",
    ]);
    expect(text.out.find((line) => line.startsWith("B4"))).toMatch(/^B4 +ICU +Heparin +GO +- +ok \(expected go\)$/);
    expect(text.out.at(-1)).toBe(
      "4 orders: 1 go, 0 soft, 0 hard, 3 error; 1 expectations checked, 0 mismatches; 3 bad orders (fix them: exit 2)",
    );
  });

  it("REQ-LC-036: zero, negative, malformed and too-many-decimals values are told apart, each naming the resolution", () => {
    const path = orders(
      "values.csv",
      "Z1,ICU,Heparin,,0,,18,units/kg/h,,,,,",
      "Z2,ICU,Heparin,,-80,,18,units/kg/h,,,,,",
      "Z3,ICU,Heparin,,80kg,,18,units/kg/h,,,,,",
      "Z4,ICU,Heparin,,80.0001,,18,units/kg/h,,,,,",
      "Z5,ICU,Heparin,,80,,18.0000001,units/kg/h,,,,,",
      "Z6,ICU,Vancomycin,1 g/250 mL,,,,,,250,60.01,,",
      "Z7,ICU,Heparin,,80,,,,0.0005,,,,",
      "Z8,ICU,Heparin,-25000 units/500 mL,80,,18,units/kg/h,,,,,",
      "Z9,ICU,Heparin,,80,,0.000,units/kg/h,,,,,",
    );
    const at = (row: number, column: string): string => `${path} row ${row}, column ${column}`;
    expect(badOrderRun(EXAMPLE_LIBRARY_PATH, path).reasons).toEqual([
      `${at(2, "weightKg")}: "0" is zero; write a positive value, at least 0.001 kg (1 g), or leave the cell empty`,
      `${at(3, "weightKg")}: "-80" is negative; write a positive value, at least 0.001 kg (1 g)`,
      `${at(4, "weightKg")}: "80kg" is not a decimal number; write digits with at most one decimal point and no sign, unit or exponent, e.g. "12.5"`,
      `${at(5, "weightKg")}: "80.0001" kg is 80000.1 g, finer than the resolution of 0.001 kg (1 g); round it to a whole number of g`,
      `${at(6, "dose")}: "18.0000001" units/kg/h is 18000000.1 ABU/kg/h, finer than the resolution of 0.000001 units/kg/h (1 ABU/kg/h); round it to a whole number of ABU/kg/h`,
      `${at(7, "durationMin")}: "60.01" min is 3600.6 s, finer than the resolution of 1/60 min (1 s); round it to a whole number of s`,
      `${at(8, "rateMlPerH")}: "0.0005" mL/h is 0.5 µL/h, finer than the resolution of 0.001 mL/h (1 µL/h); round it to a whole number of µL/h`,
      `${at(9, "concentration")}: the amount in "-25000 units/500 mL": "-25000" is negative; write a positive value, at least 0.000001 units (1 ABU) (write e.g. "8 mg/250 mL")`,
      `${at(10, "dose")}: "0.000" is zero; write a positive value, at least 0.000001 units/kg/h (1 ABU/kg/h), or leave the cell empty`,
    ]);
  });

  it("REQ-LC-015: a value above the engine's documented maximum (docs/units.md) is an input error naming row and column (exit 2), never wrapped", () => {
    const path = orders(
      "too-big.csv",
      // 2^64 µL/h exactly: it used to reach the engine as 0 (BigInt.asUintN(64, …)).
      "T1,ICU,Heparin,,80,,,,18446744073709551.616,,,,",
      "T2,ICU,Heparin,,1000.001,10.0001,18446744073709551616,units/kg/h,,,,,",
      "T3,ICU,Vancomycin,1 g/250 mL,,,,,,10000,144000.1,,",
      "T4,ICU,Heparin,281474976.710656 units/10000 mL,80,,18,units/kg/h,,,,,",
      "T5,ICU,Heparin,,80,,,,10000,,,,",
    );
    const run = badOrderRun(EXAMPLE_LIBRARY_PATH, path);
    expect(run.code).toBe(2);
    expect(run.reasons).toEqual([
      `${path} row 2, column rateMlPerH: "18446744073709551.616" is above the engine's maximum of 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h, docs/units.md)`,
      [
        `${path} row 3, column dose: "18446744073709551616" is above the engine's maximum of 9007199254.740991 units/kg/h (MAX_LIMIT_VALUE = 9007199254740991 ABU/kg/h, docs/units.md)`,
        `${path} row 3, column weightKg: "1000.001" is above the engine's maximum of 1000 kg (MAX_WEIGHT_G = 1000000 g, docs/units.md)`,
        `${path} row 3, column bsaM2: "10.0001" is above the engine's maximum of 10 m2 (MAX_BSA_M2X10000 = 100000 m2 × 10^-4, docs/units.md)`,
      ].join("; "),
      [
        `${path} row 4, column durationMin: "144000.1" is above the engine's maximum of 144000 min (MAX_DURATION_S = 8640000 s, docs/units.md)`,
        `${path} row 4, column vtbiMl: "10000" is above the engine's maximum of 9999.999 mL (MAX_VOLUME_UL = 9999999 µL, docs/units.md)`,
      ].join("; "),
      [
        `${path} row 5, column concentration: the amount in "281474976.710656 units/10000 mL" is above the engine's maximum of 281474976.710655 units (MAX_AMOUNT_ABU = 281474976710655 ABU, docs/units.md)`,
        `${path} row 5, column concentration: the volume in "281474976.710656 units/10000 mL" is above the engine's maximum of 9999.999 mL (MAX_VOLUME_UL = 9999999 µL, docs/units.md)`,
      ].join("; "),
      `${path} row 6, column rateMlPerH: "10000" is above the engine's maximum of 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h, docs/units.md)`,
    ]);
  });

  it("REQ-LC-015: the maxima themselves are accepted and reach the engine", () => {
    const path = orders(
      "at-max.csv",
      "M1,ICU,Heparin,,1000,,,,9999.999,,,,",
      "M2,ICU,Vancomycin,1 g/250 mL,,,,,,9999.999,144000,,",
      "M3,ICU,Heparin,,80,10,9007199254.740991,units/kg/h,,,,,",
    );
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    const result = dryRun(library, path, "--format", "json");
    expect(result.err).toEqual([]);
    expect(JSON.parse(result.out.join("\n")).results.map((r: { order: string }) => r.order)).toEqual([
      "M1",
      "M2",
      "M3",
    ]);
  });

  it("REQ-LC-015: a concentration unit that is an Object.prototype name is an input error, not a crash", () => {
    const path = orders(
      "proto-unit.csv",
      "P1,ICU-ADULT,Heparin,25000 constructor/500 mL,80,,18,units/kg/h,,,,,",
      "P2,ICU-ADULT,Heparin,25000 toString/500 mL,80,,18,units/kg/h,,,,,",
    );
    expect(badOrderRun(EXAMPLE_LIBRARY_PATH, path)).toEqual({
      code: 2,
      err: ["2 orders of the set could not be read (error rows marked BAD ORDER); the rest ran"],
      reasons: [
        `${path} row 2, column concentration: "constructor" in "25000 constructor/500 mL" is not an amount unit; use g, mg, mcg, ng, units, milliunits, mEq or mmol`,
        `${path} row 3, column concentration: "toString" in "25000 toString/500 mL" is not an amount unit; use g, mg, mcg, ng, units, milliunits, mEq or mmol`,
      ],
    });
    const units = orders(
      "proto-dose-unit.csv",
      "P3,ICU,Heparin,,80,,18,hasOwnProperty,,,,,",
      "P4,ICU,Heparin,,80,,18,__proto__,,,,,",
    );
    expect(badOrderRun(EXAMPLE_LIBRARY_PATH, units).reasons).toEqual([
      `${units} row 2, column doseUnit: "hasOwnProperty" is not a dose rate unit such as mcg/kg/min`,
      `${units} row 3, column doseUnit: "__proto__" is not a dose rate unit such as mcg/kg/min`,
    ]);
  });

  it("REQ-LC-015: a malformed concentration is an input error naming row and column (exit 2)", () => {
    const path = orders(
      "bad-concentration.csv",
      "C1,ICU,Heparin,25000 units per 500 mL,80,,18,units/kg/h,,,,,",
      "C2,ICU,Heparin,0 units/500 mL,80,,18,units/kg/h,,,,,",
      "C3,ICU,Heparin,25000 units/0.0001 mL,80,,18,units/kg/h,,,,,",
    );
    expect(badOrderRun(EXAMPLE_LIBRARY_PATH, path)).toEqual({
      code: 2,
      err: ["3 orders of the set could not be read (error rows marked BAD ORDER); the rest ran"],
      reasons: [
        `${path} row 2, column concentration: "25000 units per 500 mL" is not written as AMOUNT UNIT/VOLUME mL, e.g. "8 mg/250 mL"`,
        `${path} row 3, column concentration: the amount in "0 units/500 mL": "0" is zero; write a positive value, at least 0.000001 units (1 ABU), or leave the cell empty (write e.g. "8 mg/250 mL")`,
        `${path} row 4, column concentration: the volume in "25000 units/0.0001 mL": "0.0001" mL is 0.1 µL, finer than the resolution of 0.001 mL (1 µL); round it to a whole number of µL (write e.g. "8 mg/250 mL")`,
      ],
    });
  });

  it("REQ-LC-015: a library that does not compile exits 1; a missing firmware exits 2", () => {
    const lib = cleanLibrary();
    lib.entries[0].limits.dose.softMax = "50";
    const library = join(dir, "broken.json");
    writeFileSync(library, JSON.stringify(lib));
    const path = orders("h.csv", "H1,ICU,Heparin,,80,,18,units/kg/h,,,,go,");
    expect(dryRun(library, path).code).toBe(1);
    const missing = join(dir, "none.wasm");
    expect(cli("dry-run", EXAMPLE_LIBRARY_PATH, path, "--firmware", missing)).toEqual({
      code: 2,
      out: [],
      err: [`error: cannot read firmware "${missing}": ENOENT; run npm run build:firmware first`],
    });
  });
});
