// Issue 10 §7 items 3, 4 and 6 on the library tools: every JSON file they read refuses a repeated
// key and an inexact whole number with its path (REQ-LIB-009, REQ-LIB-019); inputs must be
// regular files and outputs regular files or absent (REQ-LC-026).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLibraryText } from "../../hil/library/compiler/json-text.ts";
import { cleanLibrary, cli, firmwareCopy, tempDir } from "../library-lifecycle/helpers.ts";
import { TINY_LIBRARY_PATH } from "../library/helpers.ts";

const parse = (text: string) => parseLibraryText(new TextEncoder().encode(text));

describe("issue 10 §7: whole numbers are exactly the number written (REQ-LIB-019)", () => {
  it('issue 10 §7: "version": 12.9999999999999999 is refused with its path, not read as 13', () => {
    const library = JSON.stringify(cleanLibrary()).replace(/"version":\d+/, '"version":12.9999999999999999');
    const result = parse(library);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        path: "/version",
        rule: "number-not-exact",
        message: "12.9999999999999999 is read as 13; write a whole number without fraction or exponent",
      },
    ]);
  });

  it("issue 10 §7: 13.0, 1e1 and an integer beyond 2^53 are refused; 13, -0 and 0.5 are read as written", () => {
    expect(parse('{ "a": [13.0, 1e1, 9007199254740993] }')).toMatchObject({
      ok: false,
      errors: [{ path: "/a/0" }, { path: "/a/1" }, { path: "/a/2", rule: "number-not-exact" }],
    });
    expect(parse('{ "a": [13, -0, 0.5, 9007199254740991] }')).toMatchObject({ ok: true });
  });

  it("issue 10 §7: validate exits 1 on a version of 12.9999999999999999", () => {
    const dir = tempDir("issue10-version");
    const file = join(dir, "lib.json");
    writeFileSync(file, JSON.stringify(cleanLibrary()).replace(/"version":\d+/, '"version":12.9999999999999999'));
    const run = cli("validate", file);
    expect(run.code).toBe(1);
    expect(run.err[0]).toBe(
      "/version: 12.9999999999999999 is read as 13; write a whole number without fraction or exponent [number-not-exact]",
    );
  });
});

describe("issue 10 §7: every JSON file the library tools read refuses a repeated key (REQ-LIB-009)", () => {
  let dir: string;
  let library: string;
  beforeAll(() => {
    dir = tempDir("issue10-dupkeys");
    library = join(dir, "lib.json");
    writeFileSync(library, JSON.stringify(cleanLibrary()));
  });

  it("issue 10 §7: a lint configuration with a rule named twice is a usage error naming the path", () => {
    const config = join(dir, "lint.json");
    writeFileSync(config, '{ "severity": { "soft-equals-hard": "off", "soft-equals-hard": "error" } }');
    const run = cli("lint", library, "--config", config);
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toContain(
      `${config} /severity/soft-equals-hard: key "soft-equals-hard" appears more than once`,
    );
  });

  it("issue 10 §7: a dry-run JSON order set with a repeated key is an order-set error naming the path", async () => {
    const firmware = await firmwareCopy(dir);
    const orders = join(dir, "orders.json");
    writeFileSync(
      orders,
      '[{ "order": "V1", "careArea": "ICU", "entry": "Vancomycin", "expected": "go", "expected": "hard" }]',
    );
    const run = cli("dry-run", library, orders, "--firmware", firmware);
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toContain(`${orders} /0/expected: key "expected" appears more than once`);
  });
});

describe("issue 10 §7: inputs are regular files, outputs never replace a FIFO, device or link (REQ-LC-026)", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("issue10-kinds");
  });

  it("issue 10 §7: validate of a FIFO is refused at once instead of hanging (real process)", () => {
    const fifo = join(dir, "in.fifo");
    execFileSync("mkfifo", [fifo]);
    const result = spawnSync(process.execPath, ["--import", "tsx", "hil/library/cli.ts", "validate", fifo], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.signal).toBeNull(); // not killed by the timeout: it did not hang
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`cannot read "${fifo}": it is a FIFO (named pipe), not a regular file`);
  });

  it("issue 10 §7: validate of /dev/null or a folder is a usage error", () => {
    expect(cli("validate", "/dev/null")).toMatchObject({
      code: 2,
      err: ['error: cannot read "/dev/null": it is a character device, not a regular file; give a file'],
    });
    expect(cli("validate", dir).code).toBe(2);
  });

  it("issue 10 §7: compile -o onto a FIFO is refused and the FIFO stays a FIFO", () => {
    const fifo = join(dir, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    const run = cli("compile", TINY_LIBRARY_PATH, "-o", fifo);
    expect(run.code).toBe(2);
    expect(run.err[0]).toContain("it is a FIFO (named pipe), not a regular file; the write would replace it");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("issue 10 §7: compile -o onto a dangling symlink is refused and the link stays", () => {
    const link = join(dir, "dangling.bin");
    symlinkSync(join(dir, "nowhere", "x.bin"), link);
    const run = cli("compile", TINY_LIBRARY_PATH, "-o", link);
    expect(run.code).toBe(2);
    expect(run.err[0]).toContain("it is a symbolic link to nothing (a dangling link)");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("issue 10 §7: compile -o onto a link to a device is refused without touching the device", () => {
    const link = join(dir, "null.bin");
    symlinkSync("/dev/null", link);
    expect(cli("compile", TINY_LIBRARY_PATH, "-o", link).code).toBe(2);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("issue 10 §7: diff -o onto a FIFO is refused; a regular output file is still written", () => {
    const fifo = join(dir, "diff.fifo");
    execFileSync("mkfifo", [fifo]);
    expect(cli("diff", TINY_LIBRARY_PATH, TINY_LIBRARY_PATH, "-o", fifo).code).toBe(2);
    const report = join(dir, "diff.md");
    expect(cli("diff", TINY_LIBRARY_PATH, TINY_LIBRARY_PATH, "-o", report).code).toBe(0);
    expect(existsSync(report) && readFileSync(report, "utf8").length > 0).toBe(true);
  });
});
