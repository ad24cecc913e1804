// A synchronous pump for workflow tests: the release module, driven through real request frames
// (receive/transmit), with the example library active. One call = one command and its response,
// so fast-check model runs stay synchronous and fast.
import { RX_BUFFER_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { encodeFrame, type Frame } from "../../simulator/client/frame.ts";
import {
  decodeSelectDrug,
  decodeWorkflow,
  encodeBolus,
  encodeCareArea,
  encodeContainer,
  encodeOverride,
  encodePatient,
  type PatientExtras,
  encodeProgramBlock,
  encodeReportFlow,
  encodeSecondary,
  encodeSelectDrug,
  type BolusOrder,
  type DrugChoice,
  type DrugSelection,
  type ProgramValues,
  type SecondaryOrder,
  type WorkflowResponse,
} from "../../simulator/client/workflow-messages.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import {
  autoProgramEcho,
  decodeAutoProgram,
  encodeAutoProgram,
  type AutoProgramOrder,
  type AutoProgramResponse,
} from "../../simulator/client/auto-program-messages.ts";
import { drainFrames, loadImage, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";

export interface Answer<T> {
  result: Result;
  detail: number;
  /** The decoded response when result is OK. */
  value?: T;
  raw: Uint8Array;
  events: Frame[];
}

export class PumpDriver {
  readonly firmware: FirmwareExports;
  private sequence = 0;
  /** Where send() puts its frames: the serial line, or the pump's own keys (issue 13, receiveLocal). */
  input: "serial" | "local" = "serial";
  /** Payload of the last program-checking command: what OVERRIDE echoes by default. */
  lastProgramPayload: Uint8Array = new Uint8Array(0);

  /** `image`: the library to load instead of the example one (ignored with `nv`, which brings its own). */
  constructor(options: { nv?: Uint8Array; library?: boolean; image?: Uint8Array } = {}) {
    this.firmware = powerOn(options.nv);
    this.firmware.init();
    if (options.library ?? true) {
      if (options.nv === undefined && loadImage(this.firmware, options.image ?? exampleLibraryImage()) !== Status.OK)
        throw new Error("library refused");
    }
    drainFrames(this.firmware);
  }

  /** One request frame in, its response (and any events queued before it) out. */
  send(code: number, payload: Uint8Array): Answer<Uint8Array> {
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) & 0xffff;
    const wire = encodeFrame(FrameType.REQUEST, sequence, code, payload);
    // The serial line gets a flushing delimiter first; the local input takes one frame as it is (delimiter last).
    const bytes = this.input === "local" ? wire : new Uint8Array(wire.length + 1);
    if (this.input === "serial") bytes.set(wire, 1);
    new Uint8Array(this.firmware.memory.buffer).set(bytes, RX_BUFFER_OFFSET);
    const handled =
      this.input === "local" ? this.firmware.receiveLocal(bytes.length) : this.firmware.receive(bytes.length);
    if (handled !== 1) throw new Error("the pump did not handle exactly one frame");
    const frames = drainFrames(this.firmware);
    const responses = frames.filter((f) => f.type === FrameType.RESPONSE);
    if (responses.length !== 1 || responses[0].sequence !== sequence || responses[0].code !== code) {
      throw new Error(
        `expected one response to #${sequence}, got ${JSON.stringify(responses.map((r) => [r.sequence, r.code]))}`,
      );
    }
    const raw = responses[0].payload;
    return {
      result: raw[0] | (raw[1] << 8),
      detail: raw.length === 3 ? raw[2] : 0,
      raw,
      events: frames.filter((f) => f.type === FrameType.EVENT),
    };
  }

  private workflow(code: number, payload: Uint8Array, shape: "plain" | "result" | "patient"): Answer<WorkflowResponse> {
    const answer = this.send(code, payload);
    return { ...answer, value: answer.result === Result.OK ? decodeWorkflow(answer.raw, shape) : undefined };
  }

  private checked(code: number, payload: Uint8Array): Answer<WorkflowResponse> {
    this.lastProgramPayload = payload;
    return this.workflow(code, payload, "result");
  }

  getInfusion = () => this.workflow(Command.GET_INFUSION, new Uint8Array(0), "plain");
  selectCareArea = (id: number) => this.workflow(Command.SELECT_CARE_AREA, encodeCareArea(id), "plain");
  setPatient = (weightG: number, bsa = 0, extras: PatientExtras = {}) =>
    this.workflow(Command.SET_PATIENT, encodePatient(weightG, bsa, extras), "patient");
  selectBasic = (reason: number) => this.workflow(Command.SELECT_BASIC, Uint8Array.of(reason), "plain");
  program = (values: ProgramValues) => this.checked(Command.PROGRAM, encodeProgramBlock(values));
  titrate = (values: ProgramValues) => this.checked(Command.TITRATE, encodeProgramBlock(values));
  bolus = (order: BolusOrder) => this.checked(Command.BOLUS, encodeBolus(order));
  secondary = (order: SecondaryOrder) => this.checked(Command.SECONDARY, encodeSecondary(order));
  override = (reason: number, echo: Uint8Array = this.lastProgramPayload) =>
    this.workflow(Command.OVERRIDE, encodeOverride(reason, echo), "plain");
  cancel = () => this.workflow(Command.CANCEL, new Uint8Array(0), "plain");
  start = () => this.workflow(Command.START, new Uint8Array(0), "plain");
  pause = () => this.workflow(Command.PAUSE, new Uint8Array(0), "plain");
  resume = () => this.workflow(Command.RESUME, new Uint8Array(0), "plain");
  stop = () => this.workflow(Command.STOP, new Uint8Array(0), "plain");
  acknowledgeAlarms = () => this.workflow(Command.ACK_ALARMS, new Uint8Array(0), "plain");
  silenceAlarms = (source: number) => this.workflow(Command.SILENCE_ALARMS, Uint8Array.of(source), "plain");
  setContainer = (volumeUl: number) => this.workflow(Command.SET_CONTAINER, encodeContainer(volumeUl), "plain");
  reportFlow = (measuredUlPerHour: number, freeFlow = false) =>
    this.workflow(Command.REPORT_FLOW, encodeReportFlow(measuredUlPerHour, freeFlow), "plain");

  /** `run` with every request sent from the pump's own keys (receiveLocal), then back to the serial line. */
  atPump<T>(run: () => T): T {
    this.input = "local";
    try {
      return run();
    } finally {
      this.input = "serial";
    }
  }

  /** AUTO_PROGRAM (issue 13): an OVERRIDE afterwards echoes the order's program block. */
  autoProgram(order: AutoProgramOrder): Answer<AutoProgramResponse> {
    const payload = encodeAutoProgram(order);
    this.lastProgramPayload = autoProgramEcho(payload);
    const answer = this.send(Command.AUTO_PROGRAM, payload);
    return { ...answer, value: answer.result === Result.OK ? decodeAutoProgram(answer.raw) : undefined };
  }

  selectDrug(choice: DrugChoice): Answer<DrugSelection> {
    const answer = this.send(Command.SELECT_DRUG, encodeSelectDrug(choice));
    return { ...answer, value: answer.result === Result.OK ? decodeSelectDrug(answer.raw) : undefined };
  }

  tick(elapsedMs: number): number {
    return this.firmware.tick(elapsedMs);
  }

  setFaults(mask: number): number {
    return this.firmware.setSensorFaults(mask);
  }

  motorRate(): bigint {
    return this.firmware.motorRate();
  }

  records(): EventRecord[] {
    return logOf(this.firmware).records;
  }

  nv(): Uint8Array {
    return nvOf(this.firmware);
  }
}

/** Example-library facts the scenarios use (hil/library/examples/general-hospital.json). */
export const ICU = 0;
export const MEDSURG = 1;
export const HEPARIN = 1001; // 25,000 units / 500 mL = 50 units/mL; dose 5–25 soft, 40 hard units/kg/h; cap 2,500 units/h
export const POTASSIUM = 1050;
export const VANCOMYCIN = 1070; // intermittent, secondary allowed
export const SALINE = 2001;
export const NO_CONCENTRATION = 0xff;
