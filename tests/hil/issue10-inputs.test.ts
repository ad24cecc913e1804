// Issue 10 §7 items 3 and 6 on the HIL runner (REQ-HIL-013, REQ-HIL-014): a scenario file is read
// with the library's strict JSON reader (a second "expect" is an error, not a silent override), a
// FIFO given as --scenarios and a pseudo file system as --out are refused at once instead of
// hanging the runner.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarios } from "../../hil/runner/load-scenarios.ts";
import { OutDirError, prepareOutDir } from "../../hil/runner/out-dir.ts";
import { tempDir } from "../simulator/helpers.ts";
import { killSpawned, spawnHil } from "./helpers.ts";

const TEMP = tempDir("issue10-hil-");
afterAll(() => {
  killSpawned();
  TEMP.remove();
});

const STEP_TWICE = `{ "id": "SC-twice", "title": "t", "requirements": ["REQ-HIL-001"], "hazards": [], "steps": [
  { "send": "HELLO", "expect": { "result": "UNSUPPORTED_VERSION" }, "expect": { "result": "OK" } } ] }`;

describe("issue 10 §7: scenario files refuse repeated keys (REQ-HIL-013)", () => {
  it("issue 10 §7: a scenario whose second expect would silently replace the first is refused with its path", () => {
    const file = join(TEMP.path, "twice.json");
    writeFileSync(file, STEP_TWICE);
    const loaded = loadScenarios([file]);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors).toEqual([
      {
        file,
        path: "/steps/0/expect",
        message: 'key "expect" appears more than once in this object; keep only one [duplicate-key]',
      },
    ]);
  });

  it("issue 10 §7: a whole number written inexactly in a scenario is refused with its path", () => {
    const file = join(TEMP.path, "inexact.json");
    writeFileSync(
      file,
      STEP_TWICE.replace(', "expect": { "result": "OK" }', "").replace(
        '"HELLO"',
        '"HELLO", "args": { "clientProtocolVersion": 1.00000000000000001 }',
      ),
    );
    const loaded = loadScenarios([file]);
    expect(!loaded.ok && loaded.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "/steps/0/args/clientProtocolVersion",
        "1.00000000000000001 is read as 1; write a whole number without fraction or exponent [number-not-exact]",
      ],
    ]);
  });
});

describe("issue 10 §7: runner inputs and report folder are checked, never hang (REQ-HIL-014)", () => {
  it("issue 10 §7: --scenarios naming a FIFO is a setup error at once (real process)", async () => {
    const fifo = join(TEMP.path, "FIFO-1.json");
    execFileSync("mkfifo", [fifo]);
    const hil = spawnHil(["--scenarios", fifo, "--out", join(TEMP.path, "out-fifo")]);
    expect(await hil.exited).toBe(2);
    expect(hil.stderr()).toContain(`${fifo}: (whole file): cannot read: it is a FIFO (named pipe), not a regular file`);
  });

  it("issue 10 §7: a FIFO named *.json inside a scenario folder is refused, not read", () => {
    const dir = join(TEMP.path, "folder");
    execFileSync("mkdir", [dir]);
    execFileSync("mkfifo", [join(dir, "X-1.json")]);
    const loaded = loadScenarios([dir]);
    expect(!loaded.ok && loaded.errors[0].message).toBe(
      "cannot read: it is a FIFO (named pipe), not a regular file; give a file",
    );
  });

  it("issue 10 §7: --out /proc/x is refused at once (it hung in mkdir's recursive mode)", () => {
    expect(() => prepareOutDir("/proc/issue10-x/reports")).toThrow(OutDirError);
    expect(() => prepareOutDir("/proc/issue10-x/reports")).toThrow(
      "/proc is on the kernel's proc file system, not a place for files",
    );
    expect(existsSync("/proc/issue10-x")).toBe(false);
  });

  it("issue 10 §7: --out /proc/x as a real process exits 2 with the option named", async () => {
    const hil = spawnHil(["--scenarios", "hil/scenarios/PRO-007-handshake.json", "--out", "/proc/issue10-x"]);
    expect(await hil.exited).toBe(2);
    expect(hil.stderr()).toContain("--out /proc/issue10-x: /proc is on the kernel's proc file system");
  });

  it("issue 10 §7: --out through a regular file or /dev/null is refused as not a folder", () => {
    expect(() => prepareOutDir("/dev/null/reports")).toThrow("/dev/null is a character device, not a folder");
    const file = join(TEMP.path, "plain.txt");
    writeFileSync(file, "x");
    expect(() => prepareOutDir(join(file, "reports"))).toThrow("is a regular file, not a folder");
  });

  it("issue 10 §7: --out creates missing folders level by level and removes them when asked", () => {
    const out = join(TEMP.path, "a", "b", "c");
    const dir = prepareOutDir(out);
    expect(existsSync(out)).toBe(true);
    dir.removeCreated();
    expect(existsSync(join(TEMP.path, "a"))).toBe(false);
  });
});
