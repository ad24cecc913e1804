// Spreadsheet import (REQ-LC-021): the hand-written sheets of the clean test library import to a
// library with the same image as its JSON; the example library survives export → import; every
// error names file, row and column, including the compiler's errors mapped back to their cell.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { csvField, parseCsv } from "../../hil/library/tools/csv/rfc4180.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, readJson, tempDir, type Json } from "./helpers.ts";

const AREAS = "tests/library-lifecycle/fixtures/clean-areas.csv";
const ENTRIES = "tests/library-lifecycle/fixtures/clean-entries.csv";
const areasText = readFileSync(AREAS, "utf8");
const entriesText = readFileSync(ENTRIES, "utf8");

function imageOf(json: unknown): Buffer {
  const result = compileLibrary(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return Buffer.from(result.image);
}

function importErrors(areas: string, entries: string): string[] {
  const result = importCsv({
    areas: { file: "areas.csv", text: areas },
    entries: { file: "entries.csv", text: entries },
    name: "Lifecycle test",
    version: 4,
  });
  return result.ok ? [] : result.errors;
}

/** The entry sheet with one cell replaced: row number as a spreadsheet shows it, column by name. */
function withCell(row: number, column: string, value: string, text = entriesText): string {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const records = parsed.records.map((r) => [...r.fields]);
  records[row - 1][records[0].indexOf(column)] = value;
  return records.map((cells) => cells.map(csvField).join(",")).join("\r\n");
}

describe("REQ-LC-021 spreadsheet import", () => {
  it("REQ-LC-021: round trip: the sheets compile to the same image as the JSON library they describe", () => {
    const result = importCsv({
      areas: { file: AREAS, text: areasText },
      entries: { file: ENTRIES, text: entriesText },
      name: "Lifecycle test",
      version: 4,
    });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.library).toEqual(cleanLibrary());
    expect(imageOf(result.library).equals(imageOf(cleanLibrary()))).toBe(true);
  });

  it("REQ-LC-021: the example library survives export → import with the same image", () => {
    const example: Json = readJson(EXAMPLE_LIBRARY_PATH);
    const sheets = exportCsv(example);
    const result = importCsv({
      areas: { file: "a.csv", text: sheets.areas },
      entries: { file: "e.csv", text: sheets.entries },
      name: example.name,
      version: example.version,
    });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(imageOf(result.library).equals(imageOf({ ...example, status: "draft" }))).toBe(true);
  });

  it.each([
    [
      "a cell the compiler refuses (tier order)",
      () => importErrors(areasText, withCell(2, "dose.softMax", "50")),
      "entries.csv row 2, column dose.hardMax: hardMax 40 units/kg/h is below softMax 50 units/kg/h; present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax [tier-order]",
    ],
    [
      "an unknown care-area code",
      () => importErrors(areasText, withCell(3, "careAreas", "PEDS; NICU")),
      'entries.csv row 3, column careAreas: care area "NICU" is not defined in careAreas (known codes: ICU, PEDS); fix the code or add the care area [unknown-care-area]',
    ],
    [
      "a custom concentration without hardMin, on its own row",
      () => importErrors(areasText, withCell(5, "conc.hardMin", "")),
      "entries.csv row 5, column conc.hardMin: a custom concentration needs a hardMin concentration limit; add the lowest concentration the pump may accept [custom-concentration-hard-min]",
    ],
    [
      "a decimal the schema refuses",
      () => importErrors(areasText, withCell(2, "dose.hardMax", "4O")),
      'entries.csv row 2, column dose.hardMax: "4O" is not valid; write the value as a decimal string such as "12.5" or "0.05" (no sign, exponent or leading ".") [schema:pattern]',
    ],
    [
      "tiers without a unit",
      () => importErrors(areasText, withCell(2, "dose.unit", "")),
      "entries.csv row 2, column dose.unit: is required [schema:required]",
    ],
    [
      "a yes/no cell",
      () => importErrors(areasText, withCell(2, "highAlert", "maybe")),
      'entries.csv row 2, column highAlert: "maybe" is not yes, no, true or false',
    ],
    [
      "a yes/no cell named like an Object.prototype member",
      () => importErrors(areasText, withCell(2, "highAlert", "constructor")),
      'entries.csv row 2, column highAlert: "constructor" is not yes, no, true or false',
    ],
    [
      "a yes/no cell named __proto__",
      () => importErrors(areasText, withCell(2, "highAlert", "__proto__")),
      'entries.csv row 2, column highAlert: "__proto__" is not yes, no, true or false',
    ],
    [
      "an id that is not a whole number",
      () => importErrors(areasText, withCell(2, "id", "10a")),
      'entries.csv row 2, column id: "10a" is not a whole number 0..2147483647',
    ],
    [
      "a later row that contradicts the first row of its entry",
      () => importErrors(areasText, withCell(5, "drug", "dobutamine")),
      'entries.csv row 5, column drug: "dobutamine" differs from row 4, the first row of entry 20; leave entry columns empty on its later rows',
    ],
    [
      "a later row without a concentration",
      () => importErrors(areasText, `${entriesText}10,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n`),
      "entries.csv row 8, column conc.amount: a later row of entry 10 must add a concentration (or give the entry another id)",
    ],
    [
      "a care-area cell",
      () => importErrors(areasText.replace("ICU,Adult ICU,0,No,999", "ICU,Adult ICU,0,No,0"), entriesText),
      "areas.csv row 2, column maxRateMlPerH: must be greater than 0 mL/h; leave the field out if there is no value [value-range]",
    ],
    [
      "an unknown column",
      () => importErrors(areasText.replace("maxVtbiMl", "maxVtbiL"), entriesText),
      "areas.csv row 1, column maxVtbiL: unknown column; known columns: id, code, name, basicInfusionAllowed, maxRateMlPerH, maxVtbiMl, weightKg.hardMin, weightKg.softMin, weightKg.softMax, weightKg.hardMax, bsaM2.hardMin, bsaM2.softMin, bsaM2.softMax, bsaM2.hardMax, weightConfirmation, note",
    ],
    [
      "a missing required column",
      () => importErrors(areasText.replace("basicInfusionAllowed", "note"), entriesText),
      "areas.csv row 1, column basicInfusionAllowed: required column is missing; add it to the first row",
    ],
    [
      "a row with too few cells",
      () =>
        importErrors(areasText.replace("ICU,Adult ICU,0,No,999,,30,40,200,350", "ICU,Adult ICU,0,No,999"), entriesText),
      "areas.csv row 2, column maxVtbiMl: the row has 5 cells but the header has 10 columns; add or remove cells (a comma inside a value needs quotes)",
    ],
    [
      "CSV syntax",
      () => importErrors(areasText.replace('"Pediatrics"', 'Pedi"atrics'), entriesText),
      'areas.csv row 4, column name: CSV syntax: a double quote inside an unquoted field; put the field in quotes and write the quote as ""',
    ],
  ])("REQ-LC-021: %s is reported at its row and column", (_title, errorsOf, message) => {
    expect(errorsOf()).toEqual([message]);
  });

  it("REQ-LC-021: every error of a badly broken sheet has a row and a column", () => {
    const broken = withCell(
      3,
      "doseUnit",
      "mcg/kg/min",
      withCell(6, "rate.unit", "", withCell(2, "dose.softMax", "50")),
    );
    const errors = importErrors(areasText.replace("999", "0"), broken);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    for (const error of errors) {
      expect(error).toMatch(/^(areas|entries)\.csv row \d+, column \S+: /);
    }
  });

  it("REQ-LC-021: the CLI writes a draft library only when it compiles; errors exit 1 and write nothing", () => {
    const dir = tempDir("import");
    const output = join(dir, "library.json");
    const args = [
      "import-csv",
      "--areas",
      AREAS,
      "--entries",
      ENTRIES,
      "--name",
      "Lifecycle test",
      "--version",
      "4",
      "-o",
      output,
    ];
    expect(cli(...args)).toEqual({
      code: 0,
      out: [`imported: Lifecycle test version 4 (draft): 5 entries, 2 care areas → ${output}`],
      err: [],
    });
    expect(JSON.parse(readFileSync(output, "utf8"))).toEqual(cleanLibrary());
    const bad = join(dir, "entries.csv");
    writeFileSync(bad, withCell(2, "dose.softMax", "50"));
    const failed = cli(
      "import-csv",
      "--areas",
      AREAS,
      "--entries",
      bad,
      "--name",
      "X",
      "--version",
      "5",
      "-o",
      join(dir, "new.json"),
    );
    expect(failed.code).toBe(1);
    expect(failed.err.at(-1)).toBe("1 error; nothing written");
    expect(readdirSync(dir).sort()).toEqual(["entries.csv", "library.json"]);
    expect(
      cli("import-csv", "--areas", AREAS, "--entries", ENTRIES, "--name", "X", "--version", "0", "-o", output),
    ).toEqual({ code: 2, out: [], err: ['error: --version must be a whole number 1..2147483647, got "0"'] });
    expect(cli("import-csv", "--areas", AREAS, "--name", "X", "--version", "1", "-o", output).code).toBe(2);
  });
});
