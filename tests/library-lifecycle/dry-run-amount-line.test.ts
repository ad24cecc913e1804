// Dry-run orders by amount per dose and line access (issue 11; CHECK_PROGRAM request bits 11 and
// 12), and the ABI 7 parameters 17–22 named with the unit the library wrote their limits in, on the
// REAL firmware engine with the example library. Needs build/ders.wasm (npm run build:firmware).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, EXAMPLE_LIBRARY_PATH, firmwareCopy, tempDir } from "./helpers.ts";

let dir: string;
let firmware: string;
beforeAll(async () => {
  dir = tempDir("dry-run-amount-line");
  firmware = await firmwareCopy(dir);
});

const HEADER = "order,careArea,entry,concentration,rateMlPerH,vtbiMl,durationMin,doseAmount,doseAmountUnit,lineAccess";

function orders(name: string, ...rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join("\r\n"));
  return path;
}

interface Row {
  order: string;
  verdict: string;
  reason: string | null;
  binding: { param: string; tier: string; limit: string; limitCanonical: string } | null;
}

function run(path: string): { code: number; err: string[]; results: Row[]; text: string[] } {
  const json = cli("dry-run", EXAMPLE_LIBRARY_PATH, path, "--firmware", firmware, "--format", "json");
  const text = cli("dry-run", EXAMPLE_LIBRARY_PATH, path, "--firmware", firmware);
  return { code: json.code, err: json.err, results: JSON.parse(json.out.join("\n")).results, text: text.out };
}

describe("REQ-LC-036 dry-run by amount per dose and line access (issue 11)", () => {
  it("REQ-LC-036 REQ-ENG-061 REQ-ENG-062: an amount per dose reaches the engine; DOSE_PER_ADMIN is shown in mg at the limit and one ABU beyond", () => {
    // Vancomycin 1070, 2 g/500 mL (4 mg/mL), over 150 min: 2,000 mg is 500 mL, the soft max exactly;
    // 2,000.000001 mg (1,000 ABU = pg more) still rounds down to 500,000 µL but its amount is above
    // the soft max; 3,000.000001 mg is above the hard max too, but its 750 mL binds first (VTBI, ID 7).
    const path = orders(
      "amount.csv",
      "V1,ICU-ADULT,Vancomycin,2 g/500 mL,,,150,2000,mg,",
      "V2,ICU-ADULT,Vancomycin,2 g/500 mL,,,150,2000.000001,mg,",
      "V3,ICU-ADULT,Vancomycin,2 g/500 mL,,,150,3000.000001,mg,",
    );
    const r = run(path);
    expect(r.err).toEqual([]);
    expect(r.results.map((x) => [x.order, x.verdict, x.binding])).toEqual([
      ["V1", "go", null],
      ["V2", "soft", { param: "DOSE_PER_ADMIN", tier: "soft max", limit: "2000 mg", limitCanonical: "2000000000000" }],
      ["V3", "hard", { param: "VTBI", tier: "hard max", limit: "500 mL", limitCanonical: "500000" }],
    ]);
    expect(r.text.find((line) => line.startsWith("V2"))).toMatch(/ SOFT +DOSE_PER_ADMIN soft max 2000 mg$/);
  });

  it("REQ-LC-036 REQ-ENG-065: line access peripheral stops the 40 mEq/100 mL bag at 0.2 mEq/mL; central has no limit", () => {
    // KCl 1050, 40 mEq/100 mL (0.4 mEq/mL), 20 mL/h (8 mEq/h), 40 mL (120 min).
    const path = orders(
      "line.csv",
      "K1,ICU-ADULT,Potassium chloride,40 mEq/100 mL,20,40,,,,peripheral",
      "K2,ICU-ADULT,Potassium chloride,40 mEq/100 mL,20,40,,,,Central",
      "K3,ICU-ADULT,Potassium chloride,20 mEq/100 mL,20,40,,,,peripheral",
    );
    const r = run(path);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0); // no expectations given: verdicts are reported, not checked
    expect(r.results.map((x) => [x.order, x.verdict, x.binding?.param ?? null, x.binding?.limit ?? null])).toEqual([
      ["K1", "hard", "PERIPHERAL_CONCENTRATION", "0.2 mEq/mL"],
      ["K2", "go", null, null],
      ["K3", "go", null, null],
    ]);
    expect(r.text.find((line) => line.startsWith("K1"))).toMatch(
      / HARD +PERIPHERAL_CONCENTRATION hard max 0\.2 mEq\/mL$/,
    );
  });

  it("REQ-LC-036: LOADING_DOSE_RATE and CUMULATIVE limits are converted into the units the library wrote them in", async () => {
    const { describeBinding } = await import("../../hil/library/tools/dryrun/binding.ts");
    const { readFileSync } = await import("node:fs");
    const library = JSON.parse(readFileSync(EXAMPLE_LIBRARY_PATH, "utf8"));
    const dexmed = library.entries.find((e: { id: number }) => e.id === 1140);
    const heparin24h = library.entries.find((e: { cumulative?: unknown }) => e.cumulative !== undefined);
    const area = library.careAreas[0];
    expect(describeBinding(20, 4, 12000000n, dexmed, area, 0).limit).toBe("0.2 mcg/kg/min");
    // 40,000 units = 40,000,000,000 ABU (microunits).
    expect(heparin24h.cumulative.unit).toBe("units");
    expect(describeBinding(22, 4, 40000000000n, heparin24h, area, 0).limit).toBe("40000 units");
  });

  it("REQ-LC-036: a bad amount, amount unit or line access is an error row naming the order and field; the rest runs; exit 2", () => {
    const path = orders(
      "bad.csv",
      "B1,ICU-ADULT,Vancomycin,2 g/500 mL,,,150,2000,mg/h,",
      "B2,ICU-ADULT,Vancomycin,2 g/500 mL,,,150,2 g,mg,",
      "B3,ICU-ADULT,Potassium chloride,40 mEq/100 mL,20,40,,,,arterial",
      "B4,ICU-ADULT,Vancomycin,2 g/500 mL,,500,150,2000,mg,",
      "B5,ICU-ADULT,Potassium chloride,40 mEq/100 mL,20,40,,,,central",
    );
    const r = run(path);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["4 orders of the set could not be read (error rows marked BAD ORDER); the rest ran"]);
    expect(r.results.map((x) => [x.order, x.verdict, x.reason])).toEqual([
      [
        "B1",
        "error",
        `${path} row 2, column doseAmountUnit: "mg/h" is not an amount per dose unit such as mg/kg, mg/m2 or g`,
      ],
      [
        "B2",
        "error",
        `${path} row 3, column doseAmount: "2 g" is not a decimal number; write digits with at most one decimal point and no sign, unit or exponent, e.g. "12.5"`,
      ],
      ["B3", "error", `${path} row 4, column lineAccess: "arterial" must be peripheral or central (or empty)`],
      [
        "B4",
        "error",
        `${path} row 5, column doseAmount: give the VTBI or the amount per dose, not both (the pump derives the VTBI from the amount)`,
      ],
      ["B5", "go", null],
    ]);
    expect(r.text.filter((line) => line.endsWith("BAD ORDER")).map((line) => line.split(" ")[0])).toEqual([
      "B1",
      "B2",
      "B3",
      "B4",
    ]);
  });
});
