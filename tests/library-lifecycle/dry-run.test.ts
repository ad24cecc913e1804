// Dry-run on the REAL firmware engine (REQ-LC-014, REQ-LC-015): the shipped example order set
// gives the verdicts its expected column names, with go, soft and hard all covered; a wrong
// expectation exits 1; malformed orders exit 2 naming row and column. Needs build/ders.wasm
// (npm run build:firmware); a private copy is taken so a concurrent rebuild cannot interfere.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../hil/library/csv/rfc4180.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, EXAMPLE_ORDERS_PATH, firmwareCopy, tempDir } from "./helpers.ts";

let dir: string;
let firmware: string;
beforeAll(async () => {
  dir = tempDir("dry-run");
  firmware = await firmwareCopy(dir);
});

const HEADER = "order,careArea,entry,concentration,weightKg,bsaM2,dose,doseUnit,rateMlPerH,vtbiMl,durationMin,expected,expectedBinding";

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
    expect(report.results.map((r: { order: string; verdict: string; binding: { param: string } | null }) => [r.order, r.verdict, r.binding?.param ?? ""]))
      .toEqual(rows.map((row) => [row[col("order")], row[col("expected")], row[col("expectedBinding")]]));
    expect(report.counts.go).toBeGreaterThan(0);
    expect(report.counts.soft).toBeGreaterThan(0);
    expect(report.counts.hard).toBeGreaterThan(0);
    expect(report.counts).toMatchObject({ orders: rows.length, checked: rows.length, mismatches: 0 });
  });

  it("REQ-LC-014: the text report gives verdict and binding limit in the library's units, then counts", () => {
    const path = orders("heparin.csv", "H1,ICU,Heparin,,80,,18,units/kg/h,,,,,", "H2,ICU,10,,80,,41,units/kg/h,,,,,", "H3,ICU,Heparin,,100,,26,units/kg/h,,,,,", "H4,ICU,Heparin,,80,,26,units/kg/h,,,,soft,DOSE");
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
    writeFileSync(json, JSON.stringify({ orders: [{ order: "V1", careArea: "ICU", entry: "Vancomycin", concentration: "1 g/250 mL", vtbiMl: "250", durationMin: "45", expected: "hard", expectedBinding: "DURATION" }] }));
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    const fromCsv = JSON.parse(dryRun(library, csv, "--format", "json").out.join("\n"));
    const fromJson = JSON.parse(dryRun(library, json, "--format", "json").out.join("\n"));
    expect(fromJson.results.map((r: { where: string }) => ({ ...r, where: "" }))).toEqual(fromCsv.results.map((r: { where: string }) => ({ ...r, where: "" })));
    expect(fromCsv.results[0]).toMatchObject({ verdict: "hard", binding: { param: "DURATION", tier: "hard min", limit: "60 min" }, outcome: "match" });
  });

  it("REQ-LC-014: an entry may be named by generic name when the care area offers one entry of the drug", () => {
    const path = orders("generic.csv", "G1,MEDSURG,heparin,25000 units/500 mL,80,,18,units/kg/h,,,,go,", "G2,ICU-ADULT,norepinephrine,8 mg/250 mL,80,,,,10,,,go,");
    const report = JSON.parse(dryRun(EXAMPLE_LIBRARY_PATH, path, "--format", "json").out.join("\n"));
    expect(report.results.map((r: { verdict: string; reason: string | null }) => [r.verdict, r.reason])).toEqual([["go", null], ["go", null]]);
    const lib = cleanLibrary();
    lib.entries[0].displayName = "Heparin (adult)";
    lib.entries[1].careAreas = ["PEDS", "ICU"];
    const library = join(dir, "two-heparins.json");
    writeFileSync(library, JSON.stringify(lib));
    const ambiguous = JSON.parse(dryRun(library, orders("ambiguous.csv", "A1,ICU,heparin,,80,,18,units/kg/h,,,,,"), "--format", "json").out.join("\n"));
    expect(ambiguous.results[0]).toMatchObject({ verdict: "error", reason: '"heparin" matches entries 10, 11; use the entry id' });
  });

  it("REQ-LC-014: an order the library cannot serve is an error result (exit 1), not a crash", () => {
    const path = orders("missing.csv", "X1,NICU,Heparin,,3,,10,units/kg/h,,,,,", "X2,ICU,Morphine,,,,,,5,,,,", "X3,PEDS,Heparin (peds),,,,,,5,,,,");
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
    const text = readFileSync(EXAMPLE_ORDERS_PATH, "utf8").replace("HEP-2 above soft max,ICU-ADULT,Heparin,25000 units/500 mL,80,,30,units/kg/h,,,,soft,DOSE", "HEP-2 above soft max,ICU-ADULT,Heparin,25000 units/500 mL,80,,30,units/kg/h,,,,go,");
    const path = join(dir, "wrong.csv");
    writeFileSync(path, text);
    const result = dryRun(EXAMPLE_LIBRARY_PATH, path);
    expect(result.code).toBe(1);
    expect(result.out.find((l) => l.startsWith("HEP-2"))).toMatch(/SOFT +DOSE soft max 25 units\/kg\/h +MISMATCH \(expected go\)$/);
    expect(result.out.at(-1)).toMatch(/, 1 mismatches$/);
  });

  it("REQ-LC-015: a wrong expected binding parameter is a mismatch too", () => {
    const path = orders("binding.csv", "H2,ICU,Heparin,,80,,41,units/kg/h,,,,hard,RATE");
    const library = join(dir, "clean.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
    expect(dryRun(library, path).code).toBe(1);
  });

  it("REQ-LC-015: malformed orders exit 2, every problem with row and column", () => {
    const path = orders("bad.csv", "B1,ICU,Heparin,,72.4.1,,18,units/kg/h,,,,maybe,", "B2,ICU,Heparin,,80,,18,units/kg/h,10,,,,DOSAGE", "B2,ICU,Heparin,,80,,,,10,,,,");
    const result = dryRun(EXAMPLE_LIBRARY_PATH, path);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [[
        "error: the order set has errors:",
        `${path} row 2, column expected: "maybe" must be go, soft, hard or error (or empty)`,
        `${path} row 2, column weightKg: "72.4.1" is not a positive decimal in whole g (write e.g. "12.5")`,
        `${path} row 3, column rateMlPerH: give exactly one of dose, rateMlPerH or durationMin (what the clinician programs); got 2`,
        `${path} row 3, column expectedBinding: "DOSAGE" is not a parameter; one of WEIGHT, BSA, CONCENTRATION, DOSE, DOSE_ABSOLUTE, RATE, AREA_MAX_RATE, VTBI, AREA_MAX_VTBI, DURATION, BOLUS_DOSE, BOLUS_RATE, LOADING_DOSE`,
        `${path} row 4, column order: order "B2" is already used at ${path} row 3; give each order its own name`,
      ].join("\n")],
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
    expect(cli("dry-run", EXAMPLE_LIBRARY_PATH, path, "--firmware", missing)).toEqual({ code: 2, out: [], err: [`error: cannot read firmware "${missing}": ENOENT; run npm run build:firmware first`] });
  });
});
