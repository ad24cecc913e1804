// REQ-LIB-009 and REQ-LIB-012: the CLI's commands, exit codes and fail-closed writing, both
// in-process through main() and, once per exit code, as the real `tsx hil/library/cli.ts`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { EXIT_LIBRARY_ERRORS, EXIT_OK, EXIT_USAGE, HELP, main } from "../../hil/library/cli.ts";
import { TINY_LIBRARY_PATH, readJson, validLibrary } from "./helpers.ts";

interface Run {
  code: number;
  out: string[];
  err: string[];
}

function run(...argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function spawnCli(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync("npx", ["tsx", "hil/library/cli.ts", ...argv], { encoding: "utf8" });
}

let dir: string;
let badLibrary: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "library-cli-"));
  const bad = validLibrary();
  bad.entries[0].limits.dose.softMax = "30";
  bad.entries[1].careAreas = ["WARD"];
  badLibrary = join(dir, "bad.json");
  writeFileSync(badLibrary, JSON.stringify(bad));
});

describe("REQ-LIB-012 command-line interface", () => {
  it("REQ-LIB-012: --help prints the usage and exits 0", () => {
    expect(run("--help")).toEqual({ code: EXIT_OK, out: [HELP], err: [] });
    expect(run("compile", "-h").code).toBe(EXIT_OK);
  });

  it("REQ-LIB-012: validate prints a summary and exits 0 on a valid library", () => {
    expect(run("validate", TINY_LIBRARY_PATH)).toEqual({
      code: EXIT_OK,
      out: ["valid: Tiny version 3 (released): 1 entry, 1 care area"],
      err: [],
    });
  });

  it("REQ-LIB-012: compile writes the image and prints name, version, entry count, size and body SHA-256", () => {
    const output = join(dir, "tiny.bin");
    const result = run("compile", TINY_LIBRARY_PATH, "-o", output);
    const image = readFileSync(output);
    const digest = createHash("sha256").update(image.subarray(96)).digest("hex");
    expect(result).toEqual({
      code: EXIT_OK,
      out: [
        "compiled: Tiny version 3 (released): 1 entry, 1 care area",
        `image: ${output}, 283 bytes`,
        `body SHA-256: ${digest}`,
      ],
      err: [],
    });
    expect(readdirSync(dir).sort()).toEqual(["bad.json", "tiny.bin"]); // no temporary file left
  });

  it("REQ-LIB-012: compile replaces an existing output file on success", () => {
    const output = join(dir, "tiny.bin");
    writeFileSync(output, "old");
    expect(run("compile", TINY_LIBRARY_PATH, "--output", output).code).toBe(EXIT_OK);
    expect(readFileSync(output).length).toBe(283);
  });

  it.each([
    [
      [],
      "error: no command given; use validate, compile, lint, diff, dry-run, approve, release, sign, key-id, import-csv, export-csv, review, verify, send (see --help)",
    ],
    [
      ["check", "x.json"],
      'error: unknown command "check"; use validate, compile, lint, diff, dry-run, approve, release, sign, key-id, import-csv, export-csv, review, verify, send (see --help)',
    ],
    [["validate"], "error: validate takes exactly one library file, got 0; e.g. validate library.json"],
    [
      ["validate", "a.json", "b.json"],
      "error: validate takes exactly one library file, got 2; e.g. validate library.json",
    ],
    [["validate", TINY_LIBRARY_PATH, "-o", "x.bin"], "error: validate writes nothing; drop -o, or use compile"],
    [["compile", TINY_LIBRARY_PATH], "error: compile needs an output file: add -o <image.bin>"],
    [["compile", TINY_LIBRARY_PATH, "-o"], "error: -o needs a file name, e.g. -o library.bin"],
    [["compile", TINY_LIBRARY_PATH, "--verbose", "-o", "x.bin"], 'error: unknown option "--verbose" (see --help)'],
    [
      ["compile", TINY_LIBRARY_PATH, "-o", TINY_LIBRARY_PATH],
      "error: the output file is the library file itself; choose another -o path",
    ],
    [["validate", "missing.json"], 'error: cannot read "missing.json": ENOENT; check the path'],
  ])("REQ-LIB-012: usage error %j exits 2 and says how to fix it", (argv, message) => {
    expect(run(...argv)).toEqual({ code: EXIT_USAGE, out: [], err: [message] });
  });

  it("REQ-LIB-012: an output directory that does not exist is a usage error and leaves nothing", () => {
    const output = join(dir, "no-such-dir", "x.bin");
    expect(run("compile", TINY_LIBRARY_PATH, "-o", output)).toEqual({
      code: EXIT_USAGE,
      out: [],
      err: [`error: cannot write "${output}": ENOENT; check that the directory exists and is writable`],
    });
    expect(readdirSync(dir)).toEqual(["bad.json"]);
  });
});

describe("REQ-LIB-009 fail closed", () => {
  it("REQ-LIB-009: validate prints every error as 'path: message [rule]' and exits 1", () => {
    expect(run("validate", badLibrary)).toEqual({
      code: EXIT_LIBRARY_ERRORS,
      out: [],
      err: [
        "/entries/0/limits/dose/hardMax: hardMax 25 mcg/kg/min is below softMax 30 mcg/kg/min; present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax [tier-order]",
        '/entries/1/careAreas/0: care area "WARD" is not defined in careAreas (known codes: ICU, NICU); fix the code or add the care area [unknown-care-area]',
        "2 errors; nothing written",
      ],
    });
  });

  it("REQ-LIB-009: compile with errors writes no output file", () => {
    const output = join(dir, "out.bin");
    expect(run("compile", badLibrary, "-o", output).code).toBe(EXIT_LIBRARY_ERRORS);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir)).toEqual(["bad.json"]);
  });

  it("REQ-LIB-009: compile with errors leaves a pre-existing output file untouched", () => {
    const output = join(dir, "out.bin");
    writeFileSync(output, "previous release");
    expect(run("compile", badLibrary, "-o", output).code).toBe(EXIT_LIBRARY_ERRORS);
    expect(readFileSync(output, "utf8")).toBe("previous release");
    expect(readdirSync(dir).sort()).toEqual(["bad.json", "out.bin"]);
  });

  it("REQ-LIB-009: a file with a duplicated key or broken JSON exits 1 and writes nothing", () => {
    const dup = join(dir, "dup.json");
    writeFileSync(dup, JSON.stringify(readJson(TINY_LIBRARY_PATH)).replace('"version":3', '"version":3,"version":4'));
    const output = join(dir, "out.bin");
    expect(run("compile", dup, "-o", output)).toEqual({
      code: EXIT_LIBRARY_ERRORS,
      out: [],
      err: [
        '/version: key "version" appears more than once in this object; keep only one [duplicate-key]',
        "1 error; nothing written",
      ],
    });
    writeFileSync(dup, "{");
    expect(run("compile", dup, "-o", output).code).toBe(EXIT_LIBRARY_ERRORS);
    expect(existsSync(output)).toBe(false);
  });
});

describe("REQ-LIB-012 the real CLI process (one spawn per exit code)", () => {
  it("REQ-LIB-012: exit 0 and a written image", () => {
    const output = join(dir, "tiny.bin");
    const result = spawnCli("compile", TINY_LIBRARY_PATH, "-o", output);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("283 bytes");
    expect(readFileSync(output).length).toBe(283);
  });

  it("REQ-LIB-009, REQ-LIB-012: exit 1, errors on stderr, pre-existing output untouched", () => {
    const output = join(dir, "out.bin");
    writeFileSync(output, "previous release");
    const result = spawnCli("compile", badLibrary, "-o", output);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "/entries/0/limits/dose/hardMax: hardMax 25 mcg/kg/min is below softMax 30 mcg/kg/min",
    );
    expect(result.stderr).toContain("[unknown-care-area]");
    expect(readFileSync(output, "utf8")).toBe("previous release");
  });

  it("REQ-LIB-012: exit 2 on a usage error", () => {
    const result = spawnCli("compile", TINY_LIBRARY_PATH);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("compile needs an output file: add -o <image.bin>");
  });
});
