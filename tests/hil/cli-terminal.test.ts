// `npm run hil` as a user meets it at a terminal (issue 16): --help and a mistyped option answer at
// once without building the firmware; --opt=value works; per-run help has examples; a reader that
// closes the pipe early (`| head`) neither crashes the run nor loses its reports; verdicts are
// coloured on a colour terminal and never with NO_COLOR or in a pipe.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, readFileSync, readSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureFirmwareBuilt, FIRMWARE_OUTPUTS, staleFirmwareOutput } from "../../hil/runner/ensure-build.ts";
import { parseCliOptions } from "../../hil/runner/cli-options.ts";
import { openPtyPair } from "../../simulator/virtual-pump/pty-addon.ts";
import { tempDir } from "../simulator/helpers.ts";
import { killSpawned, spawnHil } from "./helpers.ts";

const TEMP = tempDir("ders-hil-terminal-");
afterAll(() => {
  killSpawned();
  TEMP.remove();
});

const HANDSHAKE = "hil/scenarios/PRO-007-handshake.json";

describe("REQ-HIL-015 command line: fast help, --opt=value, examples", () => {
  it("REQ-HIL-015: --opt=value is the same as --opt value", () => {
    expect(
      parseCliOptions([
        "--out=o",
        "--filter=WF",
        "--scenarios=a",
        "b",
        "--port=/dev/x",
        "--baud=9600",
        "--firmware=f.wasm",
        "--wall-time",
      ]),
    ).toEqual(
      parseCliOptions([
        "--out",
        "o",
        "--filter",
        "WF",
        "--scenarios",
        "a",
        "b",
        "--port",
        "/dev/x",
        "--baud",
        "9600",
        "--firmware",
        "f.wasm",
        "--wall-time",
      ]),
    );
    expect(parseCliOptions(["--out=o"]).outDir).toBe("o");
    expect(() => parseCliOptions(["--help=yes"])).toThrow("--help takes no value");
    expect(() => parseCliOptions(["--out="])).toThrow('--out needs a folder name, got ""');
  });

  it("REQ-HIL-015: npm run hil builds only when a run happens: the script does not build first, the CLI does after reading its options", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.hil).toBe("tsx hil/runner/cli.ts --build");
    expect(parseCliOptions(["--build"]).build).toBe(true);
  });

  it("REQ-HIL-015: --help (with --build) prints the usage with examples at once and builds nothing", async () => {
    const started = Date.now();
    const hil = spawnHil(["--build", "--help"]);
    expect(await hil.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000); // a firmware build takes ~40 s
    expect(hil.stdout()).toMatch(/^usage: npm run hil -- \[options\]/);
    expect(hil.stdout()).toContain("examples:\n  npm run hil ");
    expect(hil.stdout()).toContain("--out=/tmp/report");
    expect(hil.stderr()).toBe("");
  });

  it("REQ-HIL-015: a mistyped option (with --build) is refused at once, before any build", async () => {
    const hil = spawnHil(["--build", "--scenario", HANDSHAKE]);
    expect(await hil.exited).toBe(2);
    expect(hil.stderr()).toMatch(/^hil: unknown option "--scenario"\nusage:/);
    expect(hil.stderr()).not.toContain("build:firmware");
  });
});

describe("REQ-HIL-015 --build rebuilds a stale firmware only", () => {
  // A stand-in for npm: records that it ran and writes the three outputs, as npm run build:firmware would.
  function fakeRoot(name: string, exitCode = 0): { root: string; runs: () => number; npm: string } {
    const root = join(TEMP.path, name);
    mkdirSync(join(root, "firmware"), { recursive: true });
    writeFileSync(join(root, "firmware", "index.ts"), "");
    writeFileSync(join(root, "asconfig.json"), "{}");
    const npm = join(root, "fake-npm.mjs");
    writeFileSync(
      npm,
      `import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
appendFileSync("runs", process.argv.slice(2).join(" ") + "\\n");
mkdirSync("build", { recursive: true });
for (const f of ${JSON.stringify(FIRMWARE_OUTPUTS)}) writeFileSync(f, "");
process.exit(${exitCode});
`,
    );
    const runs = (): number =>
      existsSync(join(root, "runs")) ? readFileSync(join(root, "runs"), "utf8").trim().split("\n").length : 0;
    return { root, runs, npm };
  }

  it("REQ-HIL-015: a missing or older build runs npm run build:firmware once; a current one runs nothing", () => {
    const { root, runs, npm } = fakeRoot("stale");
    const logged: string[] = [];
    const firmware = join(root, "build/ders.wasm");
    expect(staleFirmwareOutput(root)).toBe("build/ders.wasm is missing");
    expect(ensureFirmwareBuilt(firmware, (l) => logged.push(l), root, npm)).toBeUndefined();
    expect(readFileSync(join(root, "runs"), "utf8")).toBe("run build:firmware\n");
    expect(logged).toEqual(["hil: build/ders.wasm is missing: npm run build:firmware"]);
    const past = new Date(Date.now() - 60_000);
    // Every build of every memory profile (docs/decisions/0041).
    expect(FIRMWARE_OUTPUTS).toContain("build/ders.mcu.wasm");
    for (const f of FIRMWARE_OUTPUTS) utimesSync(join(root, f), past, past);
    expect(staleFirmwareOutput(root)).toBe("build/ders.wasm is older than the firmware sources");
    expect(ensureFirmwareBuilt(firmware, () => undefined, root, npm)).toBeUndefined();
    expect(runs()).toBe(2);
    expect(staleFirmwareOutput(root)).toBeUndefined();
    expect(ensureFirmwareBuilt(firmware, () => undefined, root, npm)).toBeUndefined();
    expect(runs()).toBe(2);
    expect(
      ensureFirmwareBuilt(join(root, "other.wasm"), () => undefined, join(TEMP.path, "nothing-here"), npm),
    ).toBeUndefined(); // own firmware: no build
  });

  it("REQ-HIL-015: a failed build is a setup error that says so", () => {
    const { root, npm } = fakeRoot("failing", 3);
    expect(ensureFirmwareBuilt(join(root, "build/ders.wasm"), () => undefined, root, npm)).toBe(
      "npm run build:firmware failed (exit 3); nothing was run",
    );
  });
});

describe("REQ-HIL-009 a closed pipe and colour", () => {
  it("REQ-HIL-009: the reader closing stdout early (| head) neither crashes the run nor loses its reports; the exit code is the run's", async () => {
    const out = join(TEMP.path, "epipe");
    const hil = spawnHil([
      "--scenarios",
      HANDSHAKE,
      "hil/scenarios/WF-010-heparin-hard-stop.json",
      "hil/scenarios/PRO-009-read-log.json",
      "--out",
      out,
    ]);
    await hil.line(/^\[1\/3\] run /);
    hil.child.stdout!.destroy(); // like head after its lines: the read end of the pipe is closed
    expect(await hil.exited).toBe(0);
    expect(hil.stderr()).toBe("");
    for (const name of ["report.json", "report.html", "junit.xml", "SHA256SUMS"])
      expect(existsSync(join(out, name)), name).toBe(true);
  }, 60_000);

  function onTerminal(env: NodeJS.ProcessEnv): Promise<{ code: number | null; text: string }> {
    const pty = openPtyPair();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "hil/runner/cli.ts", "--scenarios", HANDSHAKE, "--out", join(TEMP.path, "tty")],
      {
        stdio: ["ignore", pty.slaveFd, "ignore"],
        env: {
          ...process.env,
          TERM: "xterm-256color",
          FORCE_COLOR: undefined,
          NO_COLOR: undefined,
          NODE_DISABLE_COLORS: undefined,
          // A developer's colour terminal: with CI set (as CI runs this), Node reports 2 colours.
          CI: undefined,
          ...env,
        },
      },
    );
    return new Promise((resolve) =>
      child.once("exit", (code) => {
        const chunks: Buffer[] = [];
        const buffer = Buffer.alloc(65536);
        for (;;) {
          let n = 0;
          try {
            n = readSync(pty.masterFd, buffer);
          } catch {
            break; // EAGAIN: everything the run printed has been read
          }
          if (n === 0) break;
          chunks.push(Buffer.from(buffer.subarray(0, n)));
        }
        closeSync(pty.masterFd);
        closeSync(pty.slaveFd);
        resolve({ code, text: Buffer.concat(chunks).toString() });
      }),
    );
  }

  it("REQ-HIL-009: on a colour terminal PASS is green; with NO_COLOR there is no colour code; wall-clock and simulated time are in the summary", async () => {
    const coloured = await onTerminal({});
    expect(coloured.code).toBe(0);
    expect(coloured.text).toContain("\x1b[32mPASS\x1b[39m");
    expect(coloured.text).toMatch(/time: \d+\.\d{3} s wall clock; 0\.000 s simulated pump time/);
    const plain = await onTerminal({ NO_COLOR: "1" });
    expect(plain.code).toBe(0);
    expect(plain.text).toContain("1 scenario: 1 passed");
    expect(plain.text).not.toMatch(/\x1b\[\d+m/);
  }, 60_000);
});
