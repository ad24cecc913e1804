// The rig-control plug-in (`npm run hil -- --port <tty> --rig <module>`, docs/hil.md "Rig control
// plug-ins"): what a test rig must offer so that scenarios needing more than the serial line run on a
// real pump instead of being blocked, and between scenarios the pump is returned to idle. Defined
// here once, with each method's contract (as @serialport/bindings-interface does for a binding); a
// rig's module is loaded with a dynamic import and its shape checked before the first scenario.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Frame } from "../../simulator/client/frame.ts";
import type { LineImpairmentStep } from "../model/scenario.ts";
import type { RigControl } from "./target.ts";

/** What the runner tells a rig when it creates it. */
export interface RigPluginContext {
  /** The serial port the pump is on (--port). */
  port: string;
  /** Its line speed (--baud). */
  baudRate: number;
  /** The runner's environment: where a plug-in reads its own settings (e.g. HIL_RIG_CONTROL). */
  env: Readonly<Record<string, string | undefined>>;
}

/** What returnToIdle may use besides the rig's own hardware. */
export interface ReturnToIdleContext {
  /**
   * The protocol-level return to idle (docs/hil.md): STOP if infusing, CANCEL a pending program,
   * ACK_ALARMS, then GET_INFUSION must report IDLE with no pending program. Rejects with the reason.
   */
  overProtocol(): Promise<void>;
}

/** What a key request may use: the runner's own numbering on the serial line. */
export interface LocalRequestContext {
  /**
   * The sequence of the last request the runner wrote on the serial line (undefined before the
   * first). A rig that numbers the pump's key requests itself keeps clear of it, as the virtual
   * pump's local port does (LocalSequencer, simulator/virtual-pump/local-port.ts): both inputs share
   * the pump's history (docs/host-contract.md §12 rule 3).
   */
  lastSerialSequence: number | undefined;
}

/**
 * A rig. Every method resolves once its effect is complete on the pump (e.g. the pump has powered
 * on again), rejects with a message naming what failed, and never touches the serial line the
 * runner owns. Required methods are what the scenarios need; the optional ones may be
 * absent, and steps needing them are then blocked (docs/hil.md §2).
 */
export interface RigPlugin {
  /** Power off and on; the pump's NV region survives. Resolves once the pump is powered again. */
  powerCycle(): Promise<void>;
  /** Exactly these sensor faults (SensorFault names: OCCLUSION, AIR_IN_LINE, DOOR_OPEN, LOW_BATTERY) are active from now on; [] clears them. */
  setFaults(faults: readonly string[]): Promise<void>;
  /** Provisions the 32-byte Ed25519 public key through the factory or service port (never the serial protocol); the Status the pump answered. */
  provisionKey(publicKey: Uint8Array): Promise<number>;
  /** Hangs a new container holding this many µL. */
  setReservoir(volumeUl: bigint): Promise<void>;
  /**
   * Before every scenario: the rig's hardware neutral (no sensor faults, a full container, a clean
   * line) and the pump idle (IDLE, nothing pending, alarms acknowledged). A rig with no better way
   * calls context.overProtocol() after neutralising its hardware. Rejects when it cannot: that
   * scenario is then blocked with the reason, and the next one tries again.
   */
  returnToIdle(context: ReturnToIdleContext): Promise<void>;
  /**
   * Optional: one request through the pump's own keys, never the serial line (issue 13,
   * docs/decisions/0036: the firmware's receiveLocal) — a `local` step. Resolves to the response
   * frame the pump gave its keys, once the EVENT frames the request wrote have been put on the
   * serial line; rejects when the pump gave none. Without it a `local` step is blocked.
   */
  localRequest?(code: number, payload: Uint8Array, context: LocalRequestContext): Promise<Frame>;
  /**
   * Optional: exactly these flow fault switches (`over-delivery`, `free-flow`: FLOW_FAULT_NAMES of
   * simulator/virtual-pump/faults.ts) are on from now on; [] turns them off. While one is on the set
   * delivers more than the motor's rate and the rig's flow sensor reports the measured flow to the
   * pump with REPORT_FLOW (docs/workflow.md §7.5). A rig without a flow sensor leaves it out, and a
   * `fault` step with `flow` is blocked there. The context is there for a sensor that reports on the
   * pump's keys (as hil/rigs/qemu-mcu-rig.ts does).
   */
  setFlowFaults?(faults: readonly string[], context?: LocalRequestContext): Promise<void>;
  /** Optional: impairs the line from now on, both directions, seeded. */
  impairLine?(settings: LineImpairmentStep): Promise<void>;
  /** Optional: the rate the motor runs at now (a flow sensor), µL/h. */
  motorRateUlPerHour?(): Promise<number>;
  /** Optional: whole µL delivered since the rig was created or last tared in returnToIdle (a gravimetric balance). */
  deliveredUl?(): Promise<bigint>;
  /**
   * Optional: a rig-driven clock. The pump's time moves on by exactly elapsedMs (the rig feeds its
   * timer), resolving once it has; between calls the pump's time stands still. Without it a
   * scenario's `advance` waits in real time. An emulated MCU (hil/rigs/qemu-mcu-rig.ts) has it: the
   * suite's advances add up to hours of pump time. The context is there for a rig whose flow sensor
   * reports on the pump's keys between its control periods (hil/rigs/qemu-mcu-rig.ts).
   */
  advance?(elapsedMs: number, context?: LocalRequestContext): Promise<void>;
  /**
   * Optional: a line tap — bytes that arrived at the pump and bytes the pump put on the serial line
   * since the last returnToIdle. With it the runner's quiet-line wait also waits until the pump has
   * every byte the runner wrote and the runner has every byte the pump sent, so a slow pump (an
   * emulator on a loaded host) or bytes still in a tty's buffers are not taken for a quiet line.
   */
  lineTap?(): Promise<{ receivedByPump: bigint; sentByPump: bigint }>;
  /**
   * Optional: what the rig is, for the report's run identity (REQ-RPT-016) — e.g. `{ rig: "bench 2",
   * serial: "R-0042", "flow sensor": "SLF3S-0600F, calibrated 2026-11-01" }`. Called once, before
   * the first scenario. At most RIG_IDENTITY_MAX_FIELDS fields; names and values are non-empty
   * one-line strings of at most RIG_IDENTITY_MAX_LENGTH characters. Give what stays the same from
   * run to run (no times), so reports of the same inputs stay identical.
   */
  identity?(): Promise<Readonly<Record<string, string>>>;
  /** Optional: called once after the last scenario; releases the rig's own connections. */
  close?(): Promise<void>;
}

export const RIG_IDENTITY_MAX_FIELDS = 16;
export const RIG_IDENTITY_MAX_LENGTH = 200;

/** What a plug-in module exports. */
export interface RigPluginModule {
  createRig(context: RigPluginContext): RigPlugin | Promise<RigPlugin>;
}

export const REQUIRED_RIG_METHODS = [
  "powerCycle",
  "setFaults",
  "provisionKey",
  "setReservoir",
  "returnToIdle",
] as const satisfies readonly (keyof RigPlugin)[];
export const OPTIONAL_RIG_METHODS = [
  "identity",
  "setFlowFaults",
  "impairLine",
  "motorRateUlPerHour",
  "deliveredUl",
  "advance",
  "lineTap",
  "localRequest",
  "close",
] as const satisfies readonly (keyof RigPlugin)[];

/** The module cannot be loaded or does not have the plug-in's shape: a setup error (exit 2). */
export class RigPluginError extends Error {}

/** Checks a created rig's shape; returns it typed, or throws naming the module and the method. */
export function checkRigPlugin(rig: unknown, modulePath: string): RigPlugin {
  if (typeof rig !== "object" || rig === null)
    throw new RigPluginError(
      `--rig ${modulePath}: createRig() returned ${rig === null ? "null" : typeof rig}, not a rig object`,
    );
  const record = rig as Record<string, unknown>;
  for (const name of REQUIRED_RIG_METHODS)
    if (typeof record[name] !== "function")
      throw new RigPluginError(
        `--rig ${modulePath}: the rig has no method ${name}() (required: ${REQUIRED_RIG_METHODS.join(", ")}; docs/hil.md "Rig control plug-ins")`,
      );
  for (const name of OPTIONAL_RIG_METHODS)
    if (record[name] !== undefined && typeof record[name] !== "function")
      throw new RigPluginError(`--rig ${modulePath}: ${name} is ${typeof record[name]}, not a method`);
  return rig as RigPlugin;
}

/** Imports the module (a path resolved from the working folder), creates the rig and checks its shape. */
export async function loadRigPlugin(modulePath: string, context: RigPluginContext): Promise<RigPlugin> {
  let module: Partial<RigPluginModule>;
  try {
    module = (await import(pathToFileURL(resolve(process.cwd(), modulePath)).href)) as Partial<RigPluginModule>;
  } catch (error) {
    throw new RigPluginError(`--rig ${modulePath}: cannot load the module: ${(error as Error).message}`);
  }
  if (typeof module.createRig !== "function")
    throw new RigPluginError(
      `--rig ${modulePath}: the module exports no function createRig (docs/hil.md "Rig control plug-ins")`,
    );
  let rig: unknown;
  try {
    rig = await module.createRig(context);
  } catch (error) {
    throw new RigPluginError(`--rig ${modulePath}: createRig() failed: ${(error as Error).message}`);
  }
  return checkRigPlugin(rig, modulePath);
}

/** Asks the rig who it is (when it can say) and checks the answer; throws naming the module and the field. */
export async function rigIdentity(rig: RigPlugin, modulePath: string): Promise<Record<string, string> | undefined> {
  if (rig.identity === undefined) return undefined;
  let answer: unknown;
  try {
    answer = await rig.identity();
  } catch (error) {
    throw new RigPluginError(`--rig ${modulePath}: identity() failed: ${(error as Error).message}`);
  }
  if (typeof answer !== "object" || answer === null || Array.isArray(answer))
    throw new RigPluginError(
      `--rig ${modulePath}: identity() must give an object of strings, not ${JSON.stringify(answer)}`,
    );
  const fields = Object.entries(answer as Record<string, unknown>);
  if (fields.length > RIG_IDENTITY_MAX_FIELDS)
    throw new RigPluginError(
      `--rig ${modulePath}: identity() gave ${fields.length} fields; at most ${RIG_IDENTITY_MAX_FIELDS}`,
    );
  const oneLine = (text: unknown): boolean =>
    typeof text === "string" &&
    text.trim() !== "" &&
    text.length <= RIG_IDENTITY_MAX_LENGTH &&
    !/[\u0000-\u001f\u007f]/.test(text);
  const identity: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (!oneLine(name) || !oneLine(value))
      throw new RigPluginError(
        `--rig ${modulePath}: identity() field ${JSON.stringify(name)}: ${JSON.stringify(value)} — names and values must be non-empty one-line strings of at most ${RIG_IDENTITY_MAX_LENGTH} characters`,
      );
    identity[name] = value as string;
  }
  return identity;
}

/** The runner's view of a rig: the RigControl its steps use (no reset: returnToIdle runs instead). */
export function rigControlOf(rig: RigPlugin): RigControl {
  const control: RigControl = {
    powerCycle: () => rig.powerCycle(),
    setFaults: (faults) => rig.setFaults(faults),
    provisionKey: (key) => rig.provisionKey(key),
    setReservoir: (volumeUl) => rig.setReservoir(volumeUl),
  };
  if (rig.setFlowFaults !== undefined) control.setFlowFaults = (faults) => rig.setFlowFaults!(faults);
  if (rig.impairLine !== undefined) control.impairLine = (settings) => rig.impairLine!(settings);
  if (rig.motorRateUlPerHour !== undefined) control.motorRateUlPerHour = () => rig.motorRateUlPerHour!();
  if (rig.deliveredUl !== undefined) control.deliveredUl = () => rig.deliveredUl!();
  return control;
}
