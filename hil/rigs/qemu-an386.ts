// `npm run hil:mcu -- [hil options]`: the HIL suite against the emulated MCU (docs/mcu-port.md §8).
// Builds the QEMU HIL image (make -C firmware/port an386-rig), starts qemu-system-arm -M mps2-an386
// with UART0 on a pseudo-terminal (the protocol line), UART1 in a console file and UART2 on a Unix
// socket (the rig stand-in), then runs the HIL runner exactly as on a rig: --port <the pty> --rig
// hil/rigs/qemu-mcu-rig.ts. Reports go to build/hil-report-mcu unless --out says otherwise; the
// exit code is the runner's (0 every scenario passed, 1 one failed or was blocked, 2 setup).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCliOptions, UsageError } from "../runner/cli-options.ts";
import { runCli } from "../runner/run-cli.ts";
import { defaultScenarios } from "./mcu-suite.ts";
import { CONTROL_ENV } from "./qemu-mcu-rig.ts";
import { MemoryProfile, memoryProfileName } from "../../firmware/abi/memory-profiles.ts";
import { portBuildDir, profileByName } from "../../simulator/host/memory-layout.ts";

/** The QEMU board runs the mcu profile unless --profile says otherwise (docs/mcu-port.md §8). */
export const hilImage = (profile: MemoryProfile): string => `${portBuildDir(profile)}/an386-rig/ders-an386-rig.elf`;
const DEFAULT_PROFILE = "mcu";
export const RIG_MODULE = "hil/rigs/qemu-mcu-rig.ts";
const DEFAULT_OUT = "build/hil-report-mcu";
const QEMU_START_LIMIT_MS = 30_000;
/**
 * The client's retransmission timeout against the emulator: a signed activation is millions of
 * emulated instructions, and CI machines are shared; a repeat is answered from history anyway.
 */
const CLIENT_TIMEOUT_MS = "2000";

/** Starts QEMU; resolves the protocol line's pty once QEMU has made it. */
export function startQemu(
  image: string,
  consolePath: string,
  rigSocket: string,
): { child: ChildProcess; pty: Promise<string> } {
  const args = [
    ...["-M", "mps2-an386", "-nographic", "-monitor", "none"],
    ...["-serial", "pty", "-serial", `file:${consolePath}`],
    ...["-chardev", `socket,id=rig,path=${rigSocket},server=on,wait=off`, "-serial", "chardev:rig"],
    // No -icount: the pump's time is the rig's (advance over UART2), not QEMU's virtual clock.
    ...["-kernel", image],
  ];
  const child = spawn("qemu-system-arm", args, { stdio: ["ignore", "pipe", "pipe"] });
  const pty = new Promise<string>((resolve, reject) => {
    let output = "";
    const giveUp = setTimeout(
      () => reject(new Error(`qemu-system-arm made no pty in 30 s:\n${output}`)),
      QEMU_START_LIMIT_MS,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const found = /char device redirected to (\/dev\/pts\/\d+)/.exec(output);
      if (found !== null) {
        clearTimeout(giveUp);
        resolve(found[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (error) =>
      reject(new Error(`qemu-system-arm: ${error.message} (apt-get install qemu-system-arm)`)),
    );
    child.on("exit", (code) => {
      clearTimeout(giveUp);
      reject(new Error(`qemu-system-arm exited (${code}) before opening its pty:\n${output}`));
    });
  });
  return { child, pty };
}

async function main(argv: string[]): Promise<number> {
  for (const option of ["--port", "--rig", "--baud"])
    if (argv.some((arg) => arg === option || arg.startsWith(`${option}=`))) {
      process.stderr.write(`hil:mcu: ${option} is set here (the emulated MCU's pty and rig plug-in)\n`);
      return 2;
    }
  const profileAt = argv.findIndex((arg) => arg === "--profile" || arg.startsWith("--profile="));
  const profileName =
    profileAt < 0
      ? DEFAULT_PROFILE
      : argv[profileAt]!.includes("=")
        ? argv[profileAt]!.split("=")[1]!
        : argv[profileAt + 1]!;
  let profile: MemoryProfile;
  try {
    profile = profileByName(profileName ?? "");
  } catch (error) {
    process.stderr.write(`hil:mcu: --profile: ${(error as Error).message}\n`);
    return 2;
  }
  const image = hilImage(profile);
  const make = spawnSync(
    "make",
    [
      "-C",
      "firmware/port",
      "an386-rig",
      `PROFILE=${memoryProfileName(profile)}`,
      `BUILD=${join(process.cwd(), portBuildDir(profile))}`,
    ],
    { encoding: "utf8" },
  );
  if (make.error !== undefined || make.status !== 0) {
    process.stderr.write(
      `hil:mcu: building ${image} failed (needs npm run build, wabt, gcc-arm-none-eabi libnewlib-arm-none-eabi):\n${make.stdout ?? ""}${make.stderr ?? make.error?.message ?? ""}\n`,
    );
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), "ders-hil-mcu-"));
  const consolePath = join(dir, "console.log");
  const rigSocket = join(dir, "rig.sock");
  const qemu = startQemu(image, consolePath, rigSocket);
  try {
    const pty = await qemu.pty;
    process.env[CONTROL_ENV] = rigSocket;
    const hasOut = argv.some((arg) => arg === "--out" || arg.startsWith("--out="));
    const hasScenarios = argv.some((arg) => arg === "--scenarios" || arg.startsWith("--scenarios="));
    const suite = defaultScenarios();
    if (!hasScenarios)
      for (const { path, gaps } of suite.notRun)
        process.stdout.write(`hil:mcu: not run here, the QEMU rig has no ${gaps.join(" and no ")}: ${path}\n`);
    const options = parseCliOptions([
      ...argv,
      ...["--port", pty, "--rig", RIG_MODULE],
      ...(argv.some((arg) => arg === "--timeout" || arg.startsWith("--timeout="))
        ? []
        : ["--timeout", CLIENT_TIMEOUT_MS]),
      ...(hasOut ? [] : ["--out", DEFAULT_OUT]),
      ...(profileAt < 0 ? ["--profile", DEFAULT_PROFILE] : []),
      ...(hasScenarios ? [] : ["--scenarios", ...suite.run]),
    ]);
    process.stdout.write(
      `hil:mcu: QEMU mps2-an386 (${memoryProfileName(profile)} memory profile) on ${pty}, rig control on UART2 (${rigSocket})\n`,
    );
    const code = await runCli(options);
    if (code !== 0)
      process.stderr.write(`hil:mcu: the MCU's console:\n${readFileSync(consolePath, "utf8").slice(-4000)}\n`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hil:mcu: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`hil:mcu: ${(error as Error).message}\n`);
    return 2;
  } finally {
    qemu.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
