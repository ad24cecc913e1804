// What the runner needs of a target (docs/hil.md): a session per scenario with a line to the pump,
// timers for the client, simulated or real time, and whatever rig control the target has. The
// runner never asks which kind of target it has (STYLE: transport behind an interface).
import type { Timers } from "../../simulator/link/timers.ts";
import type { RecordingLink } from "./recording-link.ts";
import type { RunResult } from "../model/result-model.ts";
import type { LineImpairmentStep } from "../model/scenario.ts";
import type { Frame } from "../../simulator/client/frame.ts";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";

/** What a rig (or the virtual pump's host) can do beyond the serial line; each part is optional. */
export interface RigControl {
  /** The rig's reset procedure: NV cleared, the example library active, no faults (docs/hil.md §1). */
  reset?(): Promise<void>;
  /** Exactly these sensor faults (SensorFault names) are active from now on. */
  setFaults?(faults: readonly string[]): Promise<void>;
  /**
   * Exactly these flow fault switches (simulator/virtual-pump/faults.ts FLOW_FAULT_NAMES) are on from
   * now on: the set delivers more than the motor's rate and the pump's flow sensor reports it with
   * REPORT_FLOW (docs/workflow.md §7.5). Virtual: VirtualPump.setFlowFault; rig: its flow simulator.
   */
  setFlowFaults?(faults: readonly string[]): Promise<void>;
  /** Power off and on; the NV region survives. */
  powerCycle?(): Promise<void>;
  /** The rate the motor runs at now (virtual: the host's motor; rig: a flow sensor), µL/h. */
  motorRateUlPerHour?(): Promise<number>;
  /** Impairs the line from now on, both directions, seeded. */
  impairLine?(settings: LineImpairmentStep): Promise<void>;
  /** Whole µL the pump delivered since the session began (virtual: the delivery meter; rig: the gravimetric balance). */
  deliveredUl?(): Promise<bigint>;
  /** Hangs a new container holding this many µL (virtual: VirtualPump.setReservoir; rig: a bag on a load cell). */
  setReservoir?(volumeUl: bigint): Promise<void>;
  /**
   * Provisions the pump's 32-byte Ed25519 public key (docs/host-contract.md §10); the Status it
   * answers (virtual: PumpHost.provisionPublicKey; rig: its factory or service port — never the
   * serial protocol, which cannot write the key).
   */
  provisionKey?(publicKey: Uint8Array): Promise<number>;
  /**
   * One request through the pump's own keys, not the serial line (issue 13, docs/decisions/0036:
   * the firmware's receiveLocal); the response frame (virtual: VirtualPump.localRequest). Absent on
   * a port target: a `local` step is then blocked (REQ-HIL-006).
   */
  localRequest?(code: number, payload: Uint8Array): Promise<Frame>;
}

export type RigCapability = keyof RigControl;

/** The target is gone or stuck (device closed, process killed, line stalled): the scenario fails. */
export class TargetGoneError extends Error {}

export interface TargetSession {
  readonly link: RecordingLink;
  readonly timers: Timers;
  readonly rig: RigControl;
  /**
   * Before the scenario's first step: brings a pump that the previous scenario left busy back to
   * IDLE (a port target: the rig plug-in's returnToIdle, else over the protocol). Rejects with the
   * reason; absent where every session is a fresh pump (the virtual target).
   */
  returnToIdle?(pump: PumpCommands): Promise<void>;
  /** Sequence of the session's first request. */
  readonly firstSequence: number;
  /** The client's retransmission timeout on this target, ms (default the reference client's, CLIENT_TIMEOUT_MS). */
  readonly clientTimeoutMs?: number;
  /** Resolves or rejects like `exchange`, once its outcome is known and the line has settled. */
  drive<T>(exchange: Promise<T>): Promise<T>;
  /** Waits until whatever is on the line has arrived. */
  settle(): Promise<void>;
  /** Lets time pass: simulated on the virtual target, real on a rig. */
  advance(elapsedMs: number): Promise<void>;
  /** Time the session has run: simulated (virtual) or measured (rig), ms. */
  elapsedMs(): number;
  /**
   * The pump's event log as it stands, read without protocol traffic (the virtual pump's NV):
   * raw 64-byte records oldest first. Absent on a rig (its log is collected over its port).
   */
  pumpLog?(): { overwrittenCount: number; records: Uint8Array[] };
  close(): Promise<void>;
}

export interface Target {
  readonly description: RunResult["target"];
  /** Seeds the target drew itself, recorded in the run's result. */
  readonly seeds?: Readonly<Record<string, number>>;
  /** A fresh pump (docs/hil.md §1) and a line to it. */
  open(): Promise<TargetSession>;
  close(): Promise<void>;
}
