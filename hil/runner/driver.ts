// HilDriver: the typed API for HIL tests that need code rather than a scenario file. Every
// protocol and workflow command (the client's typed command table, PumpCommands, over the
// target's line), raw bytes,
// time, and the rig's controls, all driven the same way on the virtual pump and on a rig: each call
// returns once its answer is in and the line has settled (docs/hil.md §6).
import { Command, FrameType, LIBRARY_CHUNK_MAX_BYTES } from "../../firmware/abi/protocol-codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import type { Frame } from "../../simulator/client/frame.ts";
import { fileDigest, type LibraryStatusBlock } from "../../simulator/client/library-messages.ts";
import { PumpCommands, type Outcome } from "../../simulator/client/pump-commands.ts";
import { decodeRecord, type EventRecord } from "../../simulator/pump/event-record.ts";
import type { FaultSettings, LineImpairmentStep } from "../model/scenario.ts";
import type { RigCapability, Target, TargetSession } from "./target.ts";

/** The reference client's retransmission (docs/protocol.md §4); on the virtual target in simulated ms. */
export const CLIENT_TIMEOUT_MS = 500;
export const CLIENT_ATTEMPTS = 3;

/** The target has no rig control for this: the step is blocked, not failed (docs/hil.md §2). */
export class RigControlMissingError extends Error {
  constructor(readonly capability: RigCapability) {
    super(`needs rig control (${capability}), which this target does not have`);
  }
}

/** How a library file went (transferLibrary): the answer that ended it, and what it took. */
export interface LibraryTransferRun {
  /** The command whose answer ended the transfer: the first one refused, else the last one sent. */
  command: Command;
  /** That answer: the library status block (docs/protocol.md §5.6), or the refusal. */
  outcome: Outcome<LibraryStatusBlock>;
  /** LIBRARY_CHUNK requests sent (0 when LIBRARY_BEGIN resumed a transfer that had every byte). */
  chunksSent: number;
}

/** Every typed command of PumpCommands, each driven on the target until its answer is in. */
export class HilDriver extends PumpCommands {
  readonly client: PumpClient;
  /** The same commands through the pump's own keys (issue 13, receiveLocal); RigControlMissingError where the target has none. */
  readonly local: PumpCommands;

  constructor(readonly session: TargetSession) {
    super();
    this.client = new PumpClient(session.link, {
      timers: session.timers,
      timeoutMs: session.clientTimeoutMs ?? CLIENT_TIMEOUT_MS,
      maxAttempts: CLIENT_ATTEMPTS,
      firstSequence: session.firstSequence,
    });
    const localRequest = (code: number, payload: Uint8Array): Promise<Frame> => this.rig("localRequest")(code, payload);
    this.local = new (class extends PumpCommands {
      request = localRequest;
    })();
  }

  /** A fresh pump on the target and a driver for it. */
  static async open(target: Target): Promise<HilDriver> {
    return new HilDriver(await target.open());
  }

  /** Any code and payload; the response frame as it came. */
  request(code: number, payload: Uint8Array): Promise<Frame> {
    return this.session.drive(this.client.request(code, payload));
  }

  /**
   * Sends a library file (docs/protocol.md §5.6): LIBRARY_BEGIN with its length and SHA-256, then
   * LIBRARY_CHUNKs of `chunkBytes` from the receivedBytes the pump answered (a transfer it already
   * has resumes), then LIBRARY_ACTIVATE when `activate`. Stops at the first refusal. One request
   * at a time, each driven like any other (simulated time moves only for retransmissions).
   */
  async transferLibrary(
    file: Uint8Array,
    options: { chunkBytes?: number; activate?: boolean } = {},
  ): Promise<LibraryTransferRun> {
    const chunkBytes = options.chunkBytes ?? LIBRARY_CHUNK_MAX_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > LIBRARY_CHUNK_MAX_BYTES) {
      throw new Error(`chunkBytes must be 1 … ${LIBRARY_CHUNK_MAX_BYTES}, got ${chunkBytes}`);
    }
    let chunksSent = 0;
    const library = async (
      command: Command,
      answer: Promise<Outcome<LibraryStatusBlock>>,
    ): Promise<LibraryTransferRun> => ({ command, outcome: await answer, chunksSent });
    let run = await library(Command.LIBRARY_BEGIN, this.libraryBegin(file.length, fileDigest(file)));
    while (run.outcome.ok && run.outcome.value.receivedBytes < file.length) {
      const from = run.outcome.value.receivedBytes;
      chunksSent++;
      run = await library(
        Command.LIBRARY_CHUNK,
        this.libraryChunk(from, file.subarray(from, Math.min(from + chunkBytes, file.length))),
      );
      if (run.outcome.ok && run.outcome.value.receivedBytes <= from) {
        throw new Error(
          `LIBRARY_CHUNK at ${from} was accepted but receivedBytes did not move on (${run.outcome.value.receivedBytes})`,
        );
      }
    }
    if (run.outcome.ok && options.activate === true)
      run = await library(Command.LIBRARY_ACTIVATE, this.libraryActivate());
    return run;
  }

  /** Writes bytes as they are (no framing) and returns the frames received until the line settled. */
  async sendRaw(bytes: Uint8Array): Promise<Frame[]> {
    const from = this.frameCount();
    await this.session.link.write(bytes);
    await this.session.settle();
    return this.framesSince(from);
  }

  /** The last `count` records of the event log, oldest first (GET_STATUS, then READ_LOG). */
  async readLogTail(count: number): Promise<Outcome<EventRecord[]>> {
    const status = await this.getStatus();
    if (!status.ok) return status;
    const records: EventRecord[] = [];
    for (let from = Math.max(1, status.value.logNextSequence - count); from < status.value.logNextSequence;) {
      const read = await this.readLog(from, Math.min(7, status.value.logNextSequence - from));
      if (!read.ok) return read;
      if (read.value.records.length === 0) break;
      for (const record of read.value.records) records.push(decodeRecord(record));
      from = records[records.length - 1].sequence + 1;
    }
    return { ok: true, value: records, sequence: status.sequence };
  }

  /** Time passes: simulated on the virtual pump, real on a rig. */
  advance = (elapsedMs: number): Promise<void> => this.session.advance(elapsedMs);

  // Rig control (RigControlMissingError where the target has none).
  setFaults = async (faults: readonly string[]): Promise<void> => this.rig("setFaults")(faults);
  /** Exactly these flow fault switches (FLOW_FAULT_NAMES) are on: the rig's flow sensor reports them with REPORT_FLOW. */
  setFlowFaults = async (faults: readonly string[]): Promise<void> => this.rig("setFlowFaults")(faults);
  /**
   * A `fault` step: the sensor faults, then the flow fault switches, each only when given. Both
   * controls are looked up first, so a rig lacking one changes nothing (the step is blocked).
   */
  setInputs = async ({ set, flow }: FaultSettings): Promise<void> => {
    const sensors = set === undefined ? undefined : this.rig("setFaults");
    const flows = flow === undefined ? undefined : this.rig("setFlowFaults");
    if (sensors !== undefined) await sensors(set!);
    if (flows !== undefined) await flows(flow!);
  };
  powerCycle = async (): Promise<void> => this.rig("powerCycle")();
  motorRate = async (): Promise<number> => this.rig("motorRateUlPerHour")();
  impairLine = async (settings: LineImpairmentStep): Promise<void> => this.rig("impairLine")(settings);
  /** Whole µL delivered since the session began, as the rig's balance (virtual: the delivery meter) weighs it. */
  deliveredUl = async (): Promise<bigint> => this.rig("deliveredUl")();
  /** Hangs a new container of this many µL. */
  setReservoir = async (volumeUl: bigint | number): Promise<void> => this.rig("setReservoir")(BigInt(volumeUl));
  /** Provisions the pump's 32-byte Ed25519 public key (docs/host-contract.md §10); the Status it answered. */
  provisionKey = async (publicKey: Uint8Array): Promise<number> => this.rig("provisionKey")(publicKey);

  /** Every intact frame received so far; a count marks a point to look from. */
  frameCount = (): number => this.session.link.frames.length;
  framesSince = (from: number): Frame[] => this.session.link.frames.slice(from);
  /** EVENT frames received since a mark (or since the session began), decoded. */
  events = (from = 0): EventRecord[] =>
    this.framesSince(from)
      .filter((f) => f.type === FrameType.EVENT)
      .map((f) => decodeRecord(f.payload));
  /** The decoded transcript so far. */
  transcript = (): readonly string[] => this.session.link.transcript;
  linkCounters = (): { retransmissions: number; badFrames: number; strayResponses: number } => ({
    retransmissions: this.client.retransmissions,
    badFrames: this.client.badFrames,
    strayResponses: this.client.strayResponses,
  });
  elapsedMs = (): number => this.session.elapsedMs();
  close = (): Promise<void> => this.session.close();

  private rig<K extends RigCapability>(capability: K): NonNullable<TargetSession["rig"][K]> {
    const control = this.session.rig[capability];
    if (control === undefined) throw new RigControlMissingError(capability);
    return control.bind(this.session.rig) as NonNullable<TargetSession["rig"][K]>;
  }
}
