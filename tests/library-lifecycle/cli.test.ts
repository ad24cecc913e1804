// The lifecycle subcommands of the library CLI (REQ-LC-023): each has --help, names what is wrong
// and where on a usage error (exit 2), and the real `tsx hil/library/cli.ts` process exits 0, 1
// and 2 as documented, so CI can rely on the code.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HELP } from "../../hil/library/cli.ts";
import { IMPORT_HELP } from "../../hil/library/tools/csv/command.ts";
import { DIFF_HELP } from "../../hil/library/tools/diff/command.ts";
import { DRY_RUN_HELP } from "../../hil/library/tools/dryrun/command.ts";
import { APPROVE_HELP, RELEASE_HELP } from "../../hil/library/tools/lifecycle/command.ts";
import { LINT_HELP } from "../../hil/library/tools/lint/command.ts";
import { cleanLibrary, cli, EXAMPLE_LIBRARY_PATH, tempDir } from "./helpers.ts";

describe("REQ-LC-023 lifecycle subcommands", () => {
  it.each([
    ["lint", LINT_HELP],
    ["diff", DIFF_HELP],
    ["dry-run", DRY_RUN_HELP],
    ["approve", APPROVE_HELP],
    ["release", RELEASE_HELP],
    ["import-csv", IMPORT_HELP],
  ])("REQ-LC-023: %s --help prints its usage and exits 0", (command, help) => {
    expect(cli(command, "--help")).toEqual({ code: 0, out: [help], err: [] });
    expect(help).toMatch(/Exit codes: 0 /);
    expect(HELP).toContain(`npm run library -- ${command} `);
  });

  it.each([
    [["lint"], "error: expected one file, got 0; usage: lint <library.json> [--severity <rule>=<level>]"],
    [["lint", EXAMPLE_LIBRARY_PATH, "--fix"], 'error: unknown option "--fix" (see --help)'],
    [["lint", EXAMPLE_LIBRARY_PATH, "--config"], "error: --config needs a value, e.g. --config lint.json"],
    [
      ["lint", EXAMPLE_LIBRARY_PATH, "--format", "json", "--format", "text"],
      "error: --format given twice; give it once",
    ],
    [["diff", EXAMPLE_LIBRARY_PATH], "error: expected 2 files, got 1; usage: diff <old.json> <new.json>"],
    [
      ["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "pdf"],
      'error: --format must be md, html or json, got "pdf"',
    ],
    [
      ["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "toString"],
      'error: --format must be md, html or json, got "toString"',
    ],
    [
      ["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "constructor"],
      'error: --format must be md, html or json, got "constructor"',
    ],
    [
      ["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "hasOwnProperty"],
      'error: --format must be md, html or json, got "hasOwnProperty"',
    ],
    [
      ["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "__proto__"],
      'error: --format must be md, html or json, got "__proto__"',
    ],
    [["dry-run", EXAMPLE_LIBRARY_PATH], "error: expected 2 files, got 1; usage: dry-run <library.json> <orders.csv>"],
    [["release"], "error: expected one file, got 0; usage: release <library.json>"],
    [
      ["import-csv", "--entries", "e.csv"],
      "error: import-csv needs --areas, e.g. --areas care-areas.csv; usage: import-csv --areas <areas.csv> --entries <entries.csv> --name <name> --version <n> -o <library.json>",
    ],
  ])("REQ-LC-023: usage error %j exits 2 and says how to fix it", (argv, message) => {
    expect(cli(...argv)).toEqual({ code: 2, out: [], err: [message] });
  });

  it("REQ-LC-023: the real process exits 0 (clean), 1 (error finding) and 2 (usage) for lint", () => {
    const dir = tempDir("cli");
    const clean = join(dir, "clean.json");
    writeFileSync(clean, JSON.stringify(cleanLibrary()));
    const bad = cleanLibrary();
    delete bad.careAreas[1].weight;
    const broken = join(dir, "no-weight.json");
    writeFileSync(broken, JSON.stringify(bad));
    const run = (...argv: string[]) => spawnSync("npx", ["tsx", "hil/library/cli.ts", ...argv], { encoding: "utf8" });
    expect(run("lint", clean)).toMatchObject({ status: 0, stdout: "clean: no findings\n" });
    const failing = run("lint", broken);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain(
      "error /careAreas/1/weight: care area PEDS has no weight limits; add a weight block with hardMin and hardMax in kg [care-area-no-weight-limits]",
    );
    expect(run("lint", clean, "--severity", "typo=off").status).toBe(2);
  });
});

describe("REQ-LC-023 REQ-LIB-012 a library file that is not JSON is named in the message", () => {
  const dir = tempDir("cli-json");
  const bad = join(dir, "broken library.json");
  writeFileSync(bad, "{ nope");
  const notUtf8 = join(dir, "latin1.json");
  writeFileSync(notUtf8, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
  const syntax = new RegExp(
    `^/: "${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not valid JSON: line 1, column 3: expected a property name in double quotes; fix the syntax there \\[json-syntax\\]$`,
  );

  it.each([
    ["validate"],
    ["compile", "-o", join(dir, "out.bin")],
    ["approve", "--approver", "Ana Lima:pharmacist"],
    ["release"],
  ])("REQ-LC-023: %s names the file in a JSON syntax error (exit 1)", (command, ...options) => {
    const run = cli(command, bad, ...options);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(syntax);
  });

  it("REQ-LC-011: lint names the file in its compile:json-syntax finding, in text and JSON", () => {
    const text = cli("lint", bad);
    expect(text.code).toBe(1);
    expect(text.out[0]).toMatch(
      new RegExp(
        `^error /: "${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not valid JSON: .+ \\[compile:json-syntax\\]$`,
      ),
    );
    const json = JSON.parse(cli("lint", bad, "--format", "json").out.join("\n"));
    expect(json.findings[0].message).toMatch(/^".*broken library\.json" is not valid JSON: /);
  });

  it("REQ-LIB-012: a file that is not UTF-8 is named too", () => {
    expect(cli("validate", notUtf8)).toEqual({
      code: 1,
      out: [],
      err: [`/: "${notUtf8}" is not valid UTF-8; save it as UTF-8 [json-syntax]`, "1 error; nothing written"],
    });
  });
});
