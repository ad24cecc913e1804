// The library CLI as a user meets it (issue 16): --opt=value, a help with an example for every
// command (validate and compile included, not the global help), and a reader that closes standard
// output early (`| head`) gets no EPIPE stack trace and leaves the command's exit code unchanged.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMPILE_HELP, HELP, VALIDATE_HELP } from "../../hil/library/cli.ts";
import { IMPORT_HELP } from "../../hil/library/tools/csv/command.ts";
import { DIFF_HELP } from "../../hil/library/tools/diff/command.ts";
import { DRY_RUN_HELP } from "../../hil/library/tools/dryrun/command.ts";
import { APPROVE_HELP, RELEASE_HELP } from "../../hil/library/tools/lifecycle/command.ts";
import { LINT_HELP } from "../../hil/library/tools/lint/command.ts";
import { KEY_ID_HELP, SIGN_HELP } from "../../hil/library/tools/signing/command.ts";
import { cli, EXAMPLE_LIBRARY_PATH, EXAMPLE_ORDERS_PATH, tempDir } from "./helpers.ts";

const dir = tempDir("ders-library-terminal");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("REQ-LC-023 REQ-LIB-012 library CLI: --opt=value and per-command help with an example", () => {
  it.each([
    ["validate", VALIDATE_HELP],
    ["compile", COMPILE_HELP],
    ["lint", LINT_HELP],
    ["diff", DIFF_HELP],
    ["dry-run", DRY_RUN_HELP],
    ["approve", APPROVE_HELP],
    ["release", RELEASE_HELP],
    ["sign", SIGN_HELP],
    ["key-id", KEY_ID_HELP],
    ["import-csv", IMPORT_HELP],
  ])("REQ-LC-023 REQ-LIB-012: %s --help prints that command's help, with an example", (command, help) => {
    expect(cli(command, "--help")).toEqual({ code: 0, out: [help], err: [] });
    expect(cli(command, "-h").out).toEqual([help]);
    expect(help).not.toBe(HELP);
    expect(help).toContain(`Example:\n  npm run library -- ${command} `);
  });

  it("REQ-LIB-012: the global help shows examples", () => {
    expect(HELP).toContain("Examples:\n  npm run library -- validate ");
  });

  it("REQ-LIB-012: compile --output=<file> and -o<file> work as -o <file>", () => {
    for (const [i, form] of [["--output=%"], ["-o%"], ["-o", "%"]].entries()) {
      const output = join(dir, `image-${i}.bin`);
      const run = cli("compile", EXAMPLE_LIBRARY_PATH, ...form.map((a) => a.replace("%", output)));
      expect(run.code, form.join(" ")).toBe(0);
      expect(run.out[1]).toMatch(new RegExp(`^image: ${output.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, \\d+ bytes$`));
    }
    expect(readFileSync(join(dir, "image-0.bin")).equals(readFileSync(join(dir, "image-2.bin")))).toBe(true);
    expect(cli("compile", EXAMPLE_LIBRARY_PATH, "--output=").err).toEqual([
      "error: --output needs a file name, e.g. --output library.bin",
    ]);
  });

  it("REQ-LC-023: lifecycle options take --opt=value: the same report as --opt value", () => {
    expect(cli("lint", EXAMPLE_LIBRARY_PATH, "--format=json")).toEqual(
      cli("lint", EXAMPLE_LIBRARY_PATH, "--format", "json"),
    );
    expect(cli("diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format=json")).toEqual(
      cli("diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "json"),
    );
    expect(cli("lint", EXAMPLE_LIBRARY_PATH, "--severity=soft-equals-hard=off").code).toBe(
      cli("lint", EXAMPLE_LIBRARY_PATH, "--severity", "soft-equals-hard=off").code,
    );
    expect(cli("lint", EXAMPLE_LIBRARY_PATH, "--format=").err).toEqual([
      "error: --format needs a value, e.g. --format json",
    ]);
    expect(cli("lint", EXAMPLE_LIBRARY_PATH, "--config", "--format").err).toEqual([
      "error: --config needs a value, e.g. --config lint.json",
    ]);
  });
});

describe("REQ-LC-023 a closed standard output", () => {
  // The read end is closed before the command writes its first line: every write meets EPIPE.
  function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", "hil/library/cli.ts", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.destroy();
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
  }

  it.each([
    [["lint", EXAMPLE_LIBRARY_PATH]],
    [["diff", EXAMPLE_LIBRARY_PATH, EXAMPLE_LIBRARY_PATH, "--format", "json"]],
    [["dry-run", EXAMPLE_LIBRARY_PATH, EXAMPLE_ORDERS_PATH]],
    [["validate", EXAMPLE_LIBRARY_PATH]],
  ])(
    "REQ-LC-023: %j with its output closed: no stack trace, the command's own exit code",
    async (args) => {
      const expected = cli(...args).code;
      const run = await runWithClosedStdout(args);
      expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
      expect(run.code).toBe(expected);
    },
    30_000,
  );
});
