// `library export-csv` (REQ-LC-033): the example library exported to its two sheets and imported
// again gives the same canonical JSON (keys sorted; the fields the sheets do not carry set aside)
// and the same image; run as real processes, as a pharmacist would.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, readJson, tempDir, type Json } from "./helpers.ts";

const run = (...argv: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "hil/library/cli.ts", ...argv], { encoding: "utf8" });

/** JSON with object keys sorted: equal libraries give equal text whatever the key order. */
function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

/** What the sheets carry: everything but the document's $schema, notice, description, status and approvals. */
function carried(library: Json): string {
  const { $schema, notice, description, status, approvals, ...rest } = library;
  return JSON.stringify(canonical(rest), null, 2);
}

function image(library: Json): string {
  const compiled = compileLibrary({ ...library, status: "draft" });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return Buffer.from(compiled.image).toString("hex");
}

function roundTrip(library: Json, viaProcess: boolean): Json {
  const dir = tempDir("csv-export");
  const source = join(dir, "source.json");
  writeFileSync(source, `${JSON.stringify(library, null, 2)}\n`);
  const areas = join(dir, "areas.csv");
  const entries = join(dir, "entries.csv");
  const output = join(dir, "imported.json");
  const exportArgs = ["export-csv", source, "--areas", areas, "--entries", entries];
  const importArgs = [
    "import-csv",
    "--areas",
    areas,
    "--entries",
    entries,
    "--name",
    library.name,
    "--version",
    String(library.version),
    "-o",
    output,
  ];
  if (viaProcess) {
    const exported = run(...exportArgs);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(
      `import again with: npm run library -- import-csv --areas ${areas} --entries ${entries}`,
    );
    const imported = run(...importArgs);
    expect(imported.status, imported.stderr).toBe(0);
  } else {
    expect(cli(...exportArgs).code).toBe(0);
    const imported = cli(...importArgs);
    expect(imported.code, imported.err.join("\n")).toBe(0);
  }
  return JSON.parse(readFileSync(output, "utf8"));
}

describe("REQ-LC-033 export-csv round-trips with import-csv", () => {
  it("REQ-LC-033 REQ-LC-021: the example library → sheets → import (real processes): same canonical JSON, same image, a draft", () => {
    const original = readJson(EXAMPLE_LIBRARY_PATH);
    const back = roundTrip(original, true);
    expect(carried(back)).toBe(carried(original));
    expect(image(back)).toBe(image(original));
    expect(back.status).toBe("draft");
    expect(back.approvals).toBeUndefined();
  });

  it("REQ-LC-033: notes and advisories with commas, quotes, line breaks and non-ASCII text survive", () => {
    const library = cleanLibrary();
    library.careAreas[0].note = 'Adult ICU, "step-down" beds\nincluded';
    library.entries[0].advisory = "Double check; weight, dose, rate — «always»";
    library.entries[0].note = "line one\r\nline two";
    const back = roundTrip(library, false);
    expect(carried(back)).toBe(carried(library));
  });

  it("REQ-GW-013: external codes of entries and concentrations survive the sheets (issue 13)", () => {
    const library = cleanLibrary();
    library.entries[0].codes = ["RXN:3628", "FORM-0042"];
    library.entries[0].concentrations[0].codes = ["NDC:0409-9104-20"];
    const back = roundTrip(library, false);
    expect(back.entries[0].codes).toEqual(["RXN:3628", "FORM-0042"]);
    expect(back.entries[0].concentrations[0].codes).toEqual(["NDC:0409-9104-20"]);
    expect(carried(back)).toBe(carried(library));
  });

  it("REQ-LC-033: a library that does not compile is not exported (exit 1, nothing written); outputs over the input are refused (exit 2)", () => {
    const dir = tempDir("csv-export-bad");
    const source = join(dir, "bad.json");
    const broken = cleanLibrary();
    broken.entries[0].limits.dose.softMax = "50";
    writeFileSync(source, JSON.stringify(broken));
    const areas = join(dir, "areas.csv");
    const failed = cli("export-csv", source, "--areas", areas, "--entries", join(dir, "entries.csv"));
    expect(failed.code).toBe(1);
    expect(failed.err.at(-1)).toBe("1 error; only a library that compiles is exported; nothing written");
    expect(() => readFileSync(areas)).toThrow();
    expect(cli("export-csv", source, "--areas", source, "--entries", join(dir, "e.csv")).code).toBe(2);
    expect(cli("export-csv", source, "--areas", areas, "--entries", areas).code).toBe(2);
    expect(cli("export-csv", source, "--areas", areas).code).toBe(2);
  });
});
