// `npm run hil` as a real process (node --import tsx hil/runner/cli.ts): exit code 0 when every
// scenario passed, 1 when one failed, 2 on usage and setup errors; plain progress lines and a
// summary when stdout is not a terminal; a rig target on a port whose pump process is killed
// mid-run ends in a failure with a clear message, not a hang.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleImage, killSpawnedPumps, spawnPumpCli, tempDir } from "../simulator/helpers.ts";
import { killSpawned, spawnHil } from "./helpers.ts";

const TEMP = tempDir("ders-hil-cli-");
afterAll(() => {
  killSpawned();
  killSpawnedPumps();
  TEMP.remove();
});

describe("REQ-HIL-007 REQ-HIL-009 exit codes, progress and summary", () => {
  it("REQ-HIL-007 REQ-HIL-009: 0 when every scenario passed, with plain progress lines, a summary and the reports", async () => {
    const out = join(TEMP.path, "pass");
    const hil = spawnHil([
      "--scenarios",
      "hil/scenarios/PRO-007-handshake.json",
      "hil/scenarios/WF-010-heparin-hard-stop.json",
      "--out",
      out,
    ]);
    expect(await hil.exited).toBe(0);
    const lines = hil.stdout().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "[1/2] run  SC-PRO-007-handshake: HELLO names the protocol, the firmware build and the active library; GET_STATUS counts the requests",
      "[1/2] PASS SC-PRO-007-handshake (3 steps, 0 ms simulated)",
      "[2/2] run  SC-WF-010-heparin-hard-stop: Heparin 41 units/kg/h is a hard stop: no start, no override, only an edit continues",
      "[2/2] PASS SC-WF-010-heparin-hard-stop (12 steps, 0 ms simulated)",
    ]);
    expect(hil.stdout()).not.toContain("\x1b["); // no terminal control codes in a pipe
    expect(hil.stdout()).toContain("2 scenarios: 2 passed, 0 failed, 0 blocked (15 steps run)");
    expect(hil.stdout()).toContain(`reports: ${join(out, "report.json")}`);
    for (const name of ["report.json", "report.html", "junit.xml", "SHA256SUMS"])
      expect(existsSync(join(out, name)), name).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).summary).toMatchObject({
      scenarios: 2,
      passed: 2,
    });
  });

  it("REQ-HIL-007 REQ-HIL-005: 1 when a scenario failed; the summary shows the step's expected and observed lines", async () => {
    const hil = spawnHil(["--scenarios", "tests/hil/fixtures", "--filter", "WRONG", "--out", join(TEMP.path, "fail")]);
    expect(await hil.exited).toBe(1);
    const stdout = hil.stdout();
    expect(stdout).toContain("[1/1] FAIL SC-WRONG-hard-stop-as-go (4 steps, 0 ms simulated)");
    expect(stdout).toContain("FAIL SC-WRONG-hard-stop-as-go (tests/hil/fixtures/WRONG-hard-stop-as-go.json)");
    expect(stdout).toContain(
      "    expected: verdict GO\n    observed: verdict HARD_STOP\n    expected: bindingParam NONE\n    observed: bindingParam DOSE\n",
    );
  });

  it("REQ-HIL-007 REQ-HIL-001: 2 for a usage or setup error, naming the option or the file and JSON path; nothing runs", async () => {
    const invalid = join(TEMP.path, "invalid");
    writeFileSync(
      `${invalid}.json`,
      JSON.stringify({
        id: "SC-invalid",
        title: "t",
        requirements: ["REQ-HIL-001"],
        hazards: [],
        steps: [{ send: "START", expect: { state: "GOING" } }],
      }),
    );
    // 2^64 + 25,000,000: sent as its low 64 bits it would be a plausible 25 units/kg/h, and pass.
    const wraps = join(TEMP.path, "wraps");
    writeFileSync(
      `${wraps}.json`,
      JSON.stringify({
        id: "SC-wraps",
        title: "t",
        requirements: ["REQ-HIL-001"],
        hazards: [],
        steps: [
          { send: "SELECT_CARE_AREA", args: { careAreaId: 0 } },
          { send: "SET_PATIENT", args: { weightG: 70000 } },
          { send: "SELECT_DRUG", args: { entryId: 1001, concentrationIndex: 0 } },
          {
            send: "PROGRAM",
            args: { mode: "DOSE", dose: "18446744073734551616", vtbiUl: "500000" },
            expect: { result: "OK", verdict: "GO" },
          },
        ],
      }),
    );
    const cases: [string[], RegExp][] = [
      [["--bogus"], /^hil: unknown option "--bogus"\nusage: npm run hil/],
      [["--baud", "9600"], /^hil: --baud applies to a rig: give --port <path> as well/],
      [
        ["--scenarios", `${invalid}.json`],
        /^hil: invalid scenarios \(nothing was run\):\n  .*invalid\.json: \/steps\/0\/expect\/state \(step 1\): "GOING" is not valid here; write one of: IDLE, /,
      ],
      [
        ["--scenarios", `${wraps}.json`],
        /^hil: invalid scenarios \(nothing was run\):\n  .*wraps\.json: \/steps\/3\/args\/dose \(step 4\): "18446744073734551616" is too large: a 64-bit value is at most "18446744073709551615"/,
      ],
      [["--filter", "no-such-scenario"], /^hil: no scenario id contains "no-such-scenario" \(--filter\)/],
      [
        ["--firmware", join(TEMP.path, "missing.wasm")],
        /^hil: --firmware: cannot read .*missing\.wasm: ENOENT \(run npm run build first\)/,
      ],
      [
        ["--port", "/dev/no-such-pump-device"],
        /^hil: cannot open the target: serial port \/dev\/no-such-pump-device: cannot open/,
      ],
    ];
    const runs = cases.map(([args]) => spawnHil([...args, "--out", join(TEMP.path, "never")]));
    const codes = await Promise.all(runs.map((r) => r.exited));
    cases.forEach(([args, message], i) => {
      expect(codes[i], args.join(" ")).toBe(2);
      expect(runs[i].stderr(), args.join(" ")).toMatch(message);
      expect(runs[i].stdout(), args.join(" ")).not.toMatch(/\[1\/\d+\] run/);
    });
    expect(existsSync(join(TEMP.path, "never"))).toBe(false);
  });

  it("REQ-HIL-007: --out that is not a writable folder is a setup error naming --out before anything runs; a new folder is created", async () => {
    const file = join(TEMP.path, "a-file");
    writeFileSync(file, "not a folder");
    const cases: [string, RegExp][] = [
      ["", /^hil: --out needs a folder name, got ""/],
      ["package.json", /^hil: --out package\.json is not a folder/],
      [file, /^hil: --out .*a-file is not a folder/],
      [
        join(file, "sub"),
        /^hil: --out .*a-file\/sub: .*a-file is a regular file, not a folder: give a folder for the reports/,
      ],
    ];
    const runs = cases.map(([out]) => spawnHil(["--scenarios", "hil/scenarios/PRO-007-handshake.json", "--out", out]));
    const codes = await Promise.all(runs.map((r) => r.exited));
    cases.forEach(([out, message], i) => {
      expect(codes[i], JSON.stringify(out)).toBe(2);
      expect(runs[i].stderr(), JSON.stringify(out)).toMatch(message);
      expect(runs[i].stdout(), JSON.stringify(out)).not.toMatch(/\[1\/\d+\] run/); // checked before the target opens: nothing ran
    });
    expect(readFileSync(file, "utf8")).toBe("not a folder");

    const fresh = join(TEMP.path, "new", "nested", "out");
    const ok = spawnHil(["--scenarios", "hil/scenarios/PRO-007-handshake.json", "--out", fresh]);
    expect(await ok.exited).toBe(0);
    expect(readdirSync(fresh).sort()).toEqual([
      "SHA256SUMS",
      "junit.xml",
      "pump-logs.json",
      "report.html",
      "report.json",
    ]); // no write-check file left behind
  });
});

describe("REQ-HIL-002 REQ-HIL-008 a rig on a serial port", () => {
  it("REQ-HIL-002 REQ-HIL-006 REQ-HIL-008 REQ-HIL-011: the same scenario files run on --port (rig steps blocked); a pump process killed mid-run fails the step, in bounded time", async () => {
    const imagePath = join(TEMP.path, "library.dersimg");
    writeFileSync(imagePath, exampleImage());
    const pump = spawnPumpCli(["--library", imagePath]);
    const path = await pump.path;

    const rig = spawnHil([
      "--port",
      path,
      "--scenarios",
      "hil/scenarios/WF-010-heparin-hard-stop.json",
      "--out",
      join(TEMP.path, "rig"),
    ]);
    expect(await rig.exited).toBe(1);
    expect(rig.stdout()).toContain(`target: port ${path} at 115200 baud`);
    // The hard-stop scenario's protocol steps pass on the port; its first motor check needs a flow sensor the bare port lacks.
    const report = JSON.parse(readFileSync(join(TEMP.path, "rig", "report.json"), "utf8"));
    expect(report.target).toEqual({ kind: "port", path, baudRate: 115200 });
    expect(report.scenarios[0].steps.map((step: { verdict: string }) => step.verdict)).toEqual([
      "pass",
      "pass",
      "pass",
      "pass",
      "pass",
      "pass",
      "blocked",
    ]);
    expect(rig.stdout()).toContain(
      "  step 7: expectMotor 0 µL/h\n  blocked: this step needs rig control (motorRateUlPerHour), which this target does not have",
    );
    expect(rig.stdout()).toContain("1 scenario: 0 passed, 0 failed, 1 blocked");
    expect(rig.stdout()).toMatch(/seeds: port first request sequence = \d+/);

    // A pump of its own: the one above is left with a care area selected, which the return to idle
    // over the protocol cannot clear (REQ-HIL-016), so this scenario would be blocked before the kill.
    const second = spawnPumpCli(["--library", imagePath]);
    const secondPath = await second.path;
    pump.child.kill("SIGTERM");
    const dies = spawnHil([
      "--port",
      secondPath,
      "--baud",
      "115200",
      "--scenarios",
      "tests/hil/fixtures/DIES-mid-run.json",
      "--out",
      join(TEMP.path, "dies"),
    ]);
    await dies.line(/^\[1\/1\] run /);
    // Into the 1,500 ms wait: past the return to idle (a few requests) that precedes step 1 on a port.
    await new Promise((resolve) => setTimeout(resolve, 700));
    second.child.kill("SIGKILL");
    const startedMs = performance.now();
    expect(await dies.exited).toBe(1);
    // Bounded: the wait and the client's timeouts (~3 s) end it. The ceiling only proves it never hangs, with room for a loaded 2-core CI.
    expect(performance.now() - startedMs).toBeLessThan(30_000);
    expect(dies.stdout()).toMatch(/\[1\/1\] FAIL SC-DIES-mid-run/);
    expect(dies.stdout()).toMatch(
      /the step could not complete: .*(device is gone|no response to request|write after close)/,
    );
  });
});
