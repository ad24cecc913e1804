// The virtual pump's command line (simulator/virtual-pump/cli-options.ts and cli.ts): every option
// parsed, and every bad one refused with a message naming it — exit code 2 from the real process.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NV_REGION_SIZE } from "../support/profile.ts";
import { checkStateFile, parseCliOptions, USAGE, UsageError } from "../../simulator/virtual-pump/cli-options.ts";
import { killSpawnedPumps, spawnPumpCli, tempDir } from "./helpers.ts";
import { nvSizesText } from "../../simulator/host/memory-layout.ts";

const TEMP = tempDir("ders-cli-options-");
afterAll(() => {
  killSpawnedPumps();
  TEMP.remove();
});

const refusal = (argv: string[]): string => {
  try {
    parseCliOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${argv.join(" ")}`);
};

describe("REQ-SIM-012 usage errors name the option", () => {
  it("REQ-SIM-012: every option is parsed into the pump's options", () => {
    const options = parseCliOptions([
      "--firmware",
      "fw.wasm",
      "--library",
      "lib.dersimg",
      "--state",
      "pump.nv",
      "--baud",
      "9600",
      "--fast",
      "--step-ms",
      "5",
      "--seed",
      "4294967295",
      "--drop",
      "0.001",
      "--duplicate",
      "0",
      "--corrupt",
      "1",
      "--fault",
      "occlusion@500-800",
      "--fault",
      "door-open@0",
      "--power-loss-at",
      "1000",
      "--power-loss-at",
      "2000",
    ]);
    expect(options).toMatchObject({
      firmwarePath: "fw.wasm",
      libraryPath: "lib.dersimg",
      statePath: "pump.nv",
      baudRate: 9600,
      clock: "fast",
      stepMs: 5,
      seed: 4294967295,
      drop: "0.001",
      duplicate: "0",
      corrupt: "1",
      help: false,
    });
    expect(options.schedule).toEqual([
      { atMs: 500, kind: "fault", fault: "occlusion", active: true },
      { atMs: 800, kind: "fault", fault: "occlusion", active: false },
      { atMs: 0, kind: "fault", fault: "door-open", active: true },
      { atMs: 1000, kind: "power-loss" },
      { atMs: 2000, kind: "power-loss" },
    ]);
    expect(parseCliOptions([])).toMatchObject({ clock: "realtime", schedule: [] });
    expect(parseCliOptions(["--provision-key", "release.pub"]).publicKeyPath).toBe("release.pub"); // REQ-SIM-021
    expect(() => parseCliOptions(["--provision-key", ""])).toThrow(/--provision-key: the path is empty/);
    expect(parseCliOptions(["--realtime"]).clock).toBe("realtime");
  });

  it.each([
    [["--bogus"], /--bogus/],
    [["--baud"], /--baud/],
    [["--baud", "fast"], /--baud: "fast" is not an integer/],
    [["--baud", "0"], /--baud/],
    [["--step-ms", "-5"], /--step-ms/],
    [["--seed", "4294967296"], /--seed/],
    [["--drop", "1.5"], /--drop: "1.5" is more than 1/],
    [["--corrupt", "5%"], /--corrupt: "5%" is not a probability/],
    [["--duplicate", "1e-3"], /--duplicate/],
    [["--fault", "fire@100"], /--fault: unknown fault "fire"/],
    [["--fault", "occlusion"], /--fault: "occlusion" is not a fault/],
    [["--fault", "occlusion@800-500"], /--fault: .*must clear after/],
    [["--power-loss-at", "soon"], /--power-loss-at/],
    [["--fast", "--realtime"], /--fast and --realtime/],
    [["--state", ""], /--state: the path is empty/],
    [["stray"], /stray/],
  ])("REQ-SIM-012: %j is refused naming the option", (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it("REQ-SIM-012: --opt=value is the same as --opt value; the usage shows examples", () => {
    expect(
      parseCliOptions(["--seed=7", "--fault=occlusion@500-800", "--state=pump.nv", "--reservoir-ml=0.5", "--fast"]),
    ).toEqual(
      parseCliOptions([
        "--seed",
        "7",
        "--fault",
        "occlusion@500-800",
        "--state",
        "pump.nv",
        "--reservoir-ml",
        "0.5",
        "--fast",
      ]),
    );
    expect(refusal(["--bogus"])).toBe('unknown option "--bogus"');
    expect(refusal(["--baud"])).toBe("--baud needs a value");
    expect(refusal(["--fast=yes"])).toBe("--fast takes no value");
    expect(USAGE).toContain("examples:\n  npm run pump -- --library ");
  });

  it("REQ-SIM-018: --reservoir-ml is a decimal volume in mL, kept exactly in µL", () => {
    expect(parseCliOptions(["--reservoir-ml", "250"]).reservoirUl).toBe(250_000n);
    expect(parseCliOptions(["--reservoir-ml", "0.5"]).reservoirUl).toBe(500n);
    expect(parseCliOptions(["--reservoir-ml", "0.001"]).reservoirUl).toBe(1n);
    expect(parseCliOptions(["--reservoir-ml", "100000"]).reservoirUl).toBe(100_000_000n);
    expect(parseCliOptions([]).reservoirUl).toBeUndefined();
  });

  it.each([
    [["--reservoir-ml"], /--reservoir-ml/],
    [["--reservoir-ml", "lots"], /--reservoir-ml: "lots" is not a volume: write a volume in mL from 0.001 to 100000/],
    [["--reservoir-ml", "0.0005"], /--reservoir-ml: "0.0005" is not a volume: .*at most 3 decimals/],
    [["--reservoir-ml", "-5"], /--reservoir-ml/],
    [["--reservoir-ml", "1e3"], /--reservoir-ml: "1e3" is not a volume/],
    [["--reservoir-ml", "250ml"], /--reservoir-ml: "250ml" is not a volume/],
    [["--reservoir-ml", "0"], /--reservoir-ml: 0 mL is out of range/],
    [["--reservoir-ml", "0.000"], /--reservoir-ml: 0.000 mL is out of range/],
    [["--reservoir-ml", "100000.001"], /--reservoir-ml: 100000.001 mL is out of range/],
  ])("REQ-SIM-012 REQ-SIM-018: %j is refused naming the option", (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it("REQ-SIM-012 REQ-SIM-004: a state file that is not an NV snapshot is refused, naming --state; a new path or a snapshot is fine", () => {
    const notNv = join(TEMP.path, "not-nv.bin");
    writeFileSync(notNv, "hello");
    expect(() => checkStateFile(notNv)).toThrow(
      new UsageError(
        `--state: ${notNv} is 5 bytes, not an NV snapshot of ${nvSizesText()} bytes: give a new path or delete it`,
      ),
    );
    const snapshot = join(TEMP.path, "pump.nv");
    writeFileSync(snapshot, new Uint8Array(NV_REGION_SIZE));
    expect(() => checkStateFile(snapshot)).not.toThrow();
    expect(() => checkStateFile(join(TEMP.path, "new.nv"))).not.toThrow();
  });

  it("REQ-SIM-012: the process exits 2 with the message (bad value, unreadable file) and the usage, and creates no device", async () => {
    const badValue = spawnPumpCli(["--baud", "fast"]);
    const badFile = spawnPumpCli(["--library", "/nonexistent.dersimg"]);
    expect(await badValue.exited).toEqual({ code: 2, signal: null });
    expect(await badFile.exited).toEqual({ code: 2, signal: null });
    expect(badValue.stderr()).toContain('--baud: "fast" is not an integer');
    expect(badValue.stderr()).toContain("usage: npm run pump");
    expect(badFile.stderr()).toContain("--library: cannot read /nonexistent.dersimg: ENOENT");
    expect(badValue.stdout() + badFile.stdout()).toBe("");
  });

  it("REQ-SIM-012 REQ-SIM-018: a bad --reservoir-ml makes the process exit 2 naming the option, with no device", async () => {
    const bad = spawnPumpCli(["--reservoir-ml", "half"]);
    expect(await bad.exited).toEqual({ code: 2, signal: null });
    expect(bad.stderr()).toContain('virtual-pump: --reservoir-ml: "half" is not a volume');
    expect(bad.stderr()).toContain("--reservoir-ml <mL>"); // the usage names it too
    expect(bad.stdout()).toBe("");
  });
});
