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
    ).toEqual(rows.map((row) => [row[col("order")], row[col("expected")], row[col("expectedBinding")]]));
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
      "the engine refused the request: status MISSING_VALUE (docs/engine.md §5)",
    ]);
    expect(report.failed).toBe(true);
    expect(dryRun(library, path).code).toBe(1);
  });
});

describe("REQ-LC-015 dry-run expectations", () => {
  it("REQ-LC-015: one wrong expectation in the example set exits 1 and is marked MISMATCH", () => {
    const text = readFileSync(EXAMPLE_ORDERS_PATH, "utf8").replace(
      "HEP-2 above soft max,ICU-ADULT,Heparin,25000 units/500 mL,80,,30,units/kg/h,,,,soft,DOSE",
      "HEP-2 above soft max,ICU-ADULT,Heparin,25000 units/500 mL,80,,30,units/kg/h,,,,go,",
    );
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

  it("REQ-LC-015: malformed orders exit 2, every problem with row and column", () => {
    const path = orders(
      "bad.csv",
      "B1,ICU,Heparin,,72.4.1,,18,units/kg/h,,,,maybe,",
      "B2,ICU,Heparin,,80,,18,units/kg/h,10,,,,DOSAGE",
      "B2,ICU,Heparin,,80,,,,10,,,,",
    );
    const result = dryRun(EXAMPLE_LIBRARY_PATH, path);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [
        [
          "error: the order set has errors:",
          `${path} row 2, column expected: "maybe" must be go, soft, hard or error (or empty)`,
          `${path} row 2, column weightKg: "72.4.1" is not a positive decimal in whole g (write e.g. "12.5")`,
          `${path} row 3, column rateMlPerH: give exactly one of dose, rateMlPerH or durationMin (what the clinician programs); got 2`,
          `${path} row 3, column expectedBinding: "DOSAGE" is not a parameter; one of WEIGHT, BSA, CONCENTRATION, DOSE, DOSE_ABSOLUTE, RATE, AREA_MAX_RATE, VTBI, AREA_MAX_VTBI, DURATION, BOLUS_DOSE, BOLUS_RATE, LOADING_DOSE, BOLUS_DOSE_ABSOLUTE, LOADING_DOSE_ABSOLUTE, DOSE_PER_ADMIN, DOSE_PER_ADMIN_ABSOLUTE, BOLUS_DOSE_RATE, LOADING_DOSE_RATE, PERIPHERAL_CONCENTRATION, CUMULATIVE`,
          `${path} row 4, column order: order "B2" is already used at ${path} row 3; give each order its own name`,
        ].join("\n"),
      ],
    });
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
    expect(dryRun(EXAMPLE_LIBRARY_PATH, path)).toEqual({
      code: 2,
      out: [],
      err: [
        [
          "error: the order set has errors:",
          `${path} row 2, column rateMlPerH: "18446744073709551.616" is above the engine's maximum of 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h, docs/units.md)`,
          `${path} row 3, column dose: "18446744073709551616" is above the engine's maximum of 9007199254.740991 units/kg/h (MAX_LIMIT_VALUE = 9007199254740991 ABU/kg/h, docs/units.md)`,
          `${path} row 3, column weightKg: "1000.001" is above the engine's maximum of 1000 kg (MAX_WEIGHT_G = 1000000 g, docs/units.md)`,
          `${path} row 3, column bsaM2: "10.0001" is above the engine's maximum of 10 m2 (MAX_BSA_M2X10000 = 100000 m2 × 10^-4, docs/units.md)`,
          `${path} row 4, column durationMin: "144000.1" is above the engine's maximum of 144000 min (MAX_DURATION_S = 8640000 s, docs/units.md)`,
          `${path} row 4, column vtbiMl: "10000" is above the engine's maximum of 9999.999 mL (MAX_VOLUME_UL = 9999999 µL, docs/units.md)`,
          `${path} row 5, column concentration: the amount in "281474976.710656 units/10000 mL" is above the engine's maximum of 281474976.710655 units (MAX_AMOUNT_ABU = 281474976710655 ABU, docs/units.md)`,
          `${path} row 5, column concentration: the volume in "281474976.710656 units/10000 mL" is above the engine's maximum of 9999.999 mL (MAX_VOLUME_UL = 9999999 µL, docs/units.md)`,
          `${path} row 6, column rateMlPerH: "10000" is above the engine's maximum of 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h, docs/units.md)`,
        ].join("\n"),
      ],
    });
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
    expect(dryRun(EXAMPLE_LIBRARY_PATH, path)).toEqual({
      code: 2,
      out: [],
      err: [
        [
          "error: the order set has errors:",
          `${path} row 2, column concentration: "constructor" in "25000 constructor/500 mL" is not an amount unit; use g, mg, mcg, ng, units, milliunits, mEq or mmol`,
          `${path} row 3, column concentration: "toString" in "25000 toString/500 mL" is not an amount unit; use g, mg, mcg, ng, units, milliunits, mEq or mmol`,
        ].join("\n"),
      ],
    });
    const units = orders(
      "proto-dose-unit.csv",
      "P3,ICU,Heparin,,80,,18,hasOwnProperty,,,,,",
      "P4,ICU,Heparin,,80,,18,__proto__,,,,,",
    );
    expect(dryRun(EXAMPLE_LIBRARY_PATH, units).err).toEqual([
      [
        "error: the order set has errors:",
        `${units} row 2, column doseUnit: "hasOwnProperty" is not a dose rate unit such as mcg/kg/min`,
        `${units} row 3, column doseUnit: "__proto__" is not a dose rate unit such as mcg/kg/min`,
      ].join("\n"),
    ]);
  });

  it("REQ-LC-015: a malformed concentration is an input error naming row and column (exit 2)", () => {
    const path = orders(
      "bad-concentration.csv",
      "C1,ICU,Heparin,25000 units per 500 mL,80,,18,units/kg/h,,,,,",
      "C2,ICU,Heparin,0 units/500 mL,80,,18,units/kg/h,,,,,",
      "C3,ICU,Heparin,25000 units/0.0001 mL,80,,18,units/kg/h,,,,,",
    );
    expect(dryRun(EXAMPLE_LIBRARY_PATH, path)).toEqual({
      code: 2,
      out: [],
      err: [
        [
          "error: the order set has errors:",
          `${path} row 2, column concentration: "25000 units per 500 mL" is not written as AMOUNT UNIT/VOLUME mL, e.g. "8 mg/250 mL"`,
          `${path} row 3, column concentration: the amount in "0 units/500 mL" is not a positive decimal in whole ABU (write e.g. "8 mg/250 mL")`,
          `${path} row 4, column concentration: the volume in "25000 units/0.0001 mL" is not a positive decimal in whole µL (write e.g. "8 mg/250 mL")`,
        ].join("\n"),
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
