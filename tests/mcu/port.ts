// The C port (firmware/port, docs/mcu-port.md) seen from a test: build it with make, run the POSIX
// board on a script of steps, and run the same steps through the Node reference host (PumpHost on
// V8) so the two can be compared byte for byte. Only tests/mcu uses this (npm run test:mcu).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { FRAME_DELIMITER, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame } from "../../simulator/client/frame.ts";
import { NvSaveError, NvStore } from "../../simulator/pump/nv-store.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { routeLocalOutput } from "../../simulator/virtual-pump/local-port.ts";
import { PORT_BUILD_DIR, PORT_MAKE_ARGS, RELEASE_WASM_PATH } from "../support/profile.ts";

export const POSIX_BINARY = `${PORT_BUILD_DIR}/posix/ders-posix`;

/** One thing that happens to the pump; each kind is one script line of the POSIX board. */
export type PortStep =
  | { kind: "rx"; bytes: Uint8Array }
  /** One encoded request frame from the pump's own keys (receiveLocal, issue 13). */
  | { kind: "local"; bytes: Uint8Array }
  | { kind: "tick"; elapsedMs: number }
  | { kind: "faults"; mask: number }
  | { kind: "powerCycle" }
  | { kind: "trapNext" }
  | { kind: "nvFail"; failing: boolean };

/** What the pump did in one step: the UART bytes it sent and the motor rate at the end. */
export interface StepOutput {
  tx: string;
  motorUlPerHour: bigint;
  /** After a `local` step: the answer routed to the keys (encoded response frame, hex; "" when none). */
  local?: string;
}

export interface PortRun {
  /** Step 0 is the power-on; step i + 1 answers steps[i]. */
  steps: StepOutput[];
  /** The host's own events in order, e.g. "POWER_ON blank", "FIRMWARE_TRAP tick: unreachable executed". */
  hostEvents: string[];
  stderr: string;
  exitCode: number | null;
}

/** Why the port cannot be built here, or undefined: wasm2c (Debian wabt), a C compiler and make. */
export function missingTools(): string | undefined {
  for (const [tool, args] of [
    ["wasm2c", ["--version"]],
    ["cc", ["--version"]],
    ["make", ["--version"]],
  ] as const) {
    const probe = spawnSync(tool, args, { encoding: "utf8" });
    if (probe.error !== undefined || probe.status !== 0)
      return `${tool} is not installed (apt-get install wabt gcc make)`;
  }
  return undefined;
}

/** make -C firmware/port posix; throws with the compiler's output on failure. */
export function buildPosixPort(): string {
  const make = spawnSync("make", ["-C", "firmware/port", "posix", ...PORT_MAKE_ARGS], { encoding: "utf8" });
  if (make.status !== 0) throw new Error(`building the C port failed:\n${make.stdout}\n${make.stderr}`);
  return POSIX_BINARY;
}

export function scriptLine(step: PortStep): string {
  switch (step.kind) {
    case "rx":
      return `rx ${Buffer.from(step.bytes).toString("hex")}`;
    case "local":
      return `local ${Buffer.from(step.bytes).toString("hex")}`;
    case "tick":
      return `tick ${step.elapsedMs}`;
    case "faults":
      return `faults ${step.mask}`;
    case "powerCycle":
      return "power-cycle";
    case "trapNext":
      return "trap-next";
    case "nvFail":
      return `nv-fail ${step.failing ? "on" : "off"}`;
  }
}

/** Runs the POSIX board on the steps (and extra raw script lines after them). */
export function runPort(
  steps: readonly PortStep[],
  nvPath: string,
  options: { stackKib?: number; extraLines?: string[]; binary?: string } = {},
): PortRun {
  const args = ["--nv", nvPath, ...(options.stackKib === undefined ? [] : ["--stack-kib", String(options.stackKib)])];
  const script = [...steps.map(scriptLine), ...(options.extraLines ?? []), "quit", ""].join("\n");
  const run = spawnSync(options.binary ?? POSIX_BINARY, args, {
    input: script,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const out: StepOutput[] = [];
  const hostEvents: string[] = [];
  for (const line of run.stdout.split("\n")) {
    const step = /^step tx=([0-9a-f]*) motor=(\d+)(?: local=([0-9a-f]*))?$/.exec(line);
    if (step !== null)
      out.push({
        tx: step[1]!,
        motorUlPerHour: BigInt(step[2]!),
        ...(step[3] === undefined ? {} : { local: step[3] }),
      });
    else if (line.startsWith("host ")) hostEvents.push(line.slice(5));
  }
  // The last "step" line is written when "quit" is read: it ends the last step, nothing follows.
  return { steps: out, hostEvents, stderr: run.stderr, exitCode: run.status };
}

/**
 * The virtual pump's split of what the firmware queued after a local request (routeLocalOutput):
 * the response with the request's sequence and code to the keys, everything else to the line.
 */
export function routeLocal(request: Uint8Array, output: Uint8Array): { tx: string; local: string } {
  const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
  const check = checkSegment(request.at(-1) === FRAME_DELIMITER ? request.subarray(0, -1) : request);
  if (!check.ok) return { tx: hex(output), local: "" };
  const { response, toLine } = routeLocalOutput(output, check.frame.sequence, check.frame.code);
  const local =
    response === undefined
      ? ""
      : hex(encodeFrame(FrameType.RESPONSE, response.sequence, response.code, response.payload));
  return { tx: hex(toLine), local };
}

/** A fault switch like tests/host/pump-host.test.ts: when armed, the next export runs, then traps for real. */
class TrapSwitch {
  armed = false;
  private readonly trapModule = new WebAssembly.Module(
    Uint8Array.from([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11,
    ]),
  );
  private readonly trap = new WebAssembly.Instance(this.trapModule, {}).exports.f as () => void;

  instrument = (exports: FirmwareExports): FirmwareExports => {
    const wrapped: Record<string, unknown> = { ...exports };
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== "function" || name === "motorRate") continue;
      wrapped[name] = (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown)(...args);
        if (this.armed) {
          this.armed = false;
          this.trap();
        }
        return result;
      };
    }
    return wrapped as unknown as FirmwareExports;
  };
}

/** In-memory NV whose saves fail while `failing` (the POSIX board's `nv-fail on`). */
class SwitchableNvStore extends NvStore {
  failing = false;
  override save(nv: Uint8Array, start?: number, end?: number): void {
    if (this.failing) throw new NvSaveError("memory", new Error("switched off by the test"));
    super.save(nv, start, end);
  }
}

/**
 * The same steps through PumpHost on V8, as the C loop makes its calls: tick / receive /
 * setSensorFaults, then drain transmit; a power cycle powers on again and drains; a trap is
 * followed by restart() (the C loop restarts by itself, docs/host-contract.md §7 step 4).
 */
export async function runReference(
  steps: readonly PortStep[],
): Promise<{ steps: StepOutput[]; nv: Uint8Array; hostEvents: string[] }> {
  const trap = new TrapSwitch();
  const hostEvents: string[] = [];
  const nvStore = new SwitchableNvStore();
  const pump = await PumpHost.create({
    nvStore,
    wasmBytes: readFileSync(RELEASE_WASM_PATH),
    instrument: trap.instrument,
    onEvent: (event) => hostEvents.push(event.kind),
  });
  const out: StepOutput[] = [];
  const record = (): void => {
    out.push({
      tx: Buffer.from(pump.drainTransmit()).toString("hex"),
      motorUlPerHour: BigInt(pump.motor.rateUlPerHour),
    });
  };
  record();
  for (const step of steps) {
    try {
      if (step.kind === "local") {
        pump.receiveLocal(step.bytes);
        const routed = routeLocal(step.bytes, pump.drainTransmit());
        out.push({ tx: routed.tx, motorUlPerHour: BigInt(pump.motor.rateUlPerHour), local: routed.local });
        continue;
      }
      if (step.kind === "rx") pump.receive(step.bytes);
      else if (step.kind === "tick") pump.tick(step.elapsedMs);
      else if (step.kind === "faults") pump.setSensorFaults(step.mask);
      else if (step.kind === "powerCycle") pump.powerCycle();
      else if (step.kind === "nvFail") nvStore.failing = step.failing;
      else trap.armed = true; // nothing is called: the next step's first export traps after running
      out.push({
        tx: Buffer.from(step.kind === "trapNext" ? [] : pump.drainTransmit()).toString("hex"),
        motorUlPerHour: BigInt(pump.motor.rateUlPerHour),
      });
    } catch (error) {
      if (pump.state !== "FAILED") throw error;
      pump.restart();
      out.push({
        tx: Buffer.from(pump.drainTransmit()).toString("hex"),
        motorUlPerHour: BigInt(pump.motor.rateUlPerHour),
      });
    }
  }
  const nv = pump.nv.load() ?? new Uint8Array(0);
  pump.close();
  return { steps: out, nv, hostEvents };
}
