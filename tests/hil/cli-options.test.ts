// The CLI's option parser (hil/runner/cli-options.ts): defaults, several values after one option,
// and usage errors that name the option and say what to write.
import { describe, expect, it } from "vitest";
import { parseCliOptions, UsageError } from "../../hil/runner/cli-options.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

describe("REQ-HIL-007 options", () => {
  it("REQ-HIL-007: defaults: hil/scenarios, the virtual pump, build/ders.wasm (the suite profile's build: build/ders.mcu.wasm under DERS_PROFILE=mcu), build/hil-report", () => {
    expect(parseCliOptions([])).toEqual({
      scenarios: ["hil/scenarios"],
      filters: [],
      baudRate: 115_200,
      firmwarePath: RELEASE_WASM_PATH,
      outDir: "build/hil-report",
      help: false,
    });
  });

  it("REQ-HIL-007 REQ-HIL-002: several scenario paths and filters; a rig with --port and --baud", () => {
    expect(
      parseCliOptions([
        "--scenarios",
        "a",
        "b.json",
        "--filter",
        "WF",
        "--filter",
        "PRO",
        "--port",
        "/dev/ttyUSB0",
        "--baud",
        "9600",
        "--out",
        "o",
        "--firmware",
        "f.wasm",
      ]),
    ).toEqual({
      scenarios: ["a", "b.json"],
      filters: ["WF", "PRO"],
      port: "/dev/ttyUSB0",
      baudRate: 9600,
      firmwarePath: "f.wasm",
      outDir: "o",
      help: false,
    });
    expect(parseCliOptions(["--help"]).help).toBe(true);
  });

  it("REQ-HIL-007: usage errors name the option", () => {
    const cases: [string[], string][] = [
      [["--bogus"], 'unknown option "--bogus"'],
      [["stray"], 'unknown option "stray" (values follow an option, e.g. --scenarios <dir>)'],
      [["--out"], "--out needs a value"],
      [["--out", ""], '--out needs a folder name, got ""'],
      [["--port", "a", "b"], "--port takes one value, got 2: a b"],
      [["--port", "/dev/x", "--baud", "fast"], '--baud must be a positive whole number such as 115200, got "fast"'],
      [["--port", "/dev/x", "--baud", "0"], '--baud must be a positive whole number such as 115200, got "0"'],
      [
        ["--baud", "9600"],
        "--baud applies to a rig: give --port <path> as well (the virtual pump's line has no speed)",
      ],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCliOptions(argv), argv.join(" ")).toThrow(UsageError);
      expect(() => parseCliOptions(argv), argv.join(" ")).toThrow(message);
    }
  });

  it("REQ-HIL-017: --timeout sets the client's retransmission timeout on a rig, and only there", () => {
    expect(parseCliOptions(["--port", "/dev/x", "--timeout", "2000"])).toMatchObject({ clientTimeoutMs: 2000 });
    expect(parseCliOptions(["--port", "/dev/x"]).clientTimeoutMs).toBeUndefined();
    expect(() => parseCliOptions(["--timeout", "2000"])).toThrow("--timeout applies to a rig");
    expect(() => parseCliOptions(["--port", "/dev/x", "--timeout", "0"])).toThrow("--timeout must be a whole number");
  });
});
