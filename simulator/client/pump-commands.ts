// The typed command table (docs/protocol.md §5, docs/workflow.md §8): every command's request
// encoder and response decoder, and the one place a response frame becomes an Outcome. How a
// request reaches the pump is the subclass's `request`: PumpClient sends it over a ByteLink, the HIL
// driver also drives its target until the answer is in.
import { Command, PROTOCOL_VERSION, Result } from "../../firmware/abi/protocol-codes.ts";
import type { EngineRequest, EngineResult } from "../host/types.ts";
import {
  autoProgramEcho,
  decodeAutoProgram,
  encodeAutoProgram,
  type AutoProgramOrder,
  type AutoProgramResponse,
} from "./auto-program-messages.ts";
import type { Frame } from "./frame.ts";
import {
  decodeLibraryStatus,
  encodeLibraryBegin,
  encodeLibraryChunk,
  type LibraryStatusBlock,
} from "./library-messages.ts";
import {
  decodeCheckProgram,
  decodeError,
  decodeHello,
  decodeReadLog,
  decodeStatus,
  encodeCheckProgram,
  encodeGetStatus,
  encodeHello,
  encodeReadLog,
  resultOf,
  type ErrorOutcome,
  type HelloInfo,
  type LogRecords,
  type PumpStatus,
} from "./messages.ts";
import {
  decodeReadAdvisory,
  decodeSelectDrug,
  decodeWorkflow,
  encodeBolus,
  encodeCareArea,
  encodeContainer,
  encodeReportFlow,
  encodeOverride,
  encodePatient,
  type PatientExtras,
  encodeProgramBlock,
  encodeReadAdvisory,
  encodeSecondary,
  encodeSelectDrug,
  type AdvisoryChunk,
  type BolusOrder,
  type DrugChoice,
  type DrugSelection,
  type ProgramValues,
  type SecondaryOrder,
  type WorkflowResponse,
} from "./workflow-messages.ts";

export type Outcome<T> = ({ ok: true; value: T } | ({ ok: false } & ErrorOutcome)) & { sequence: number };
type Reply<T> = Promise<Outcome<T>>;

const EMPTY = new Uint8Array(0);

/** A response frame as an Outcome: the decoded payload when OK, else the refusal's result and detail. */
export function outcomeOf<T>(response: Frame, decode: (payload: Uint8Array) => T): Outcome<T> {
  const sequence = response.sequence;
  if (resultOf(response.payload) === Result.OK) return { ok: true, value: decode(response.payload), sequence };
  return { ok: false, ...decodeError(response.payload), sequence };
}

export abstract class PumpCommands {
  /** The payload of the last program-checking command: what an OVERRIDE echoes. */
  lastProgramPayload: Uint8Array = EMPTY;

  /** Sends one request and resolves with its response frame. */
  abstract request(code: number, payload: Uint8Array): Promise<Frame>;

  // Protocol commands (docs/protocol.md §5).
  hello = (clientProtocolVersion = PROTOCOL_VERSION): Reply<HelloInfo> =>
    this.typed(Command.HELLO, encodeHello(clientProtocolVersion), decodeHello);
  getStatus = (): Reply<PumpStatus> => this.typed(Command.GET_STATUS, encodeGetStatus(), decodeStatus);
  readLog = (fromSequence: number, maxRecords: number): Reply<LogRecords> =>
    this.typed(Command.READ_LOG, encodeReadLog(fromSequence, maxRecords), decodeReadLog);
  checkProgram = (request: EngineRequest): Reply<EngineResult> =>
    this.typed(Command.CHECK_PROGRAM, encodeCheckProgram(request), decodeCheckProgram);

  // Library transfer (docs/protocol.md §5.6): each answers the library status block.
  libraryStatus = (): Reply<LibraryStatusBlock> => this.typed(Command.LIBRARY_STATUS, EMPTY, decodeLibraryStatus);
  libraryBegin = (totalLength: number, digest: Uint8Array): Reply<LibraryStatusBlock> =>
    this.typed(Command.LIBRARY_BEGIN, encodeLibraryBegin(totalLength, digest), decodeLibraryStatus);
  libraryChunk = (offset: number, bytes: Uint8Array): Reply<LibraryStatusBlock> =>
    this.typed(Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, bytes), decodeLibraryStatus);
  libraryActivate = (): Reply<LibraryStatusBlock> => this.typed(Command.LIBRARY_ACTIVATE, EMPTY, decodeLibraryStatus);

  // Workflow commands (docs/workflow.md §8): the snapshot (and engine result where a program was checked).
  getInfusion = (): Reply<WorkflowResponse> => this.plain(Command.GET_INFUSION, EMPTY);
  selectCareArea = (careAreaId: number): Reply<WorkflowResponse> =>
    this.plain(Command.SELECT_CARE_AREA, encodeCareArea(careAreaId));
  setPatient = (weightG: number, bsaM2X10000 = 0, extras: PatientExtras = {}): Reply<WorkflowResponse> =>
    this.typed(Command.SET_PATIENT, encodePatient(weightG, bsaM2X10000, extras), (p) => decodeWorkflow(p, "patient"));
  selectDrug = (choice: DrugChoice): Reply<DrugSelection> =>
    this.typed(Command.SELECT_DRUG, encodeSelectDrug(choice), decodeSelectDrug);
  selectBasic = (reason: number): Reply<WorkflowResponse> => this.plain(Command.SELECT_BASIC, Uint8Array.of(reason));
  readAdvisory = (offset: number): Reply<AdvisoryChunk> =>
    this.typed(Command.READ_ADVISORY, encodeReadAdvisory(offset), decodeReadAdvisory);
  program = (values: ProgramValues): Reply<WorkflowResponse> =>
    this.checked(Command.PROGRAM, encodeProgramBlock(values));
  titrate = (values: ProgramValues): Reply<WorkflowResponse> =>
    this.checked(Command.TITRATE, encodeProgramBlock(values));
  bolus = (order: BolusOrder): Reply<WorkflowResponse> => this.checked(Command.BOLUS, encodeBolus(order));
  secondary = (order: SecondaryOrder): Reply<WorkflowResponse> =>
    this.checked(Command.SECONDARY, encodeSecondary(order));
  /** Overrides the pending soft stop for exactly the values last sent (or `echo` to send others). */
  override = (reason: number, echo: Uint8Array = this.lastProgramPayload): Reply<WorkflowResponse> =>
    this.plain(Command.OVERRIDE, encodeOverride(reason, echo));
  cancel = (): Reply<WorkflowResponse> => this.plain(Command.CANCEL, EMPTY);
  start = (): Reply<WorkflowResponse> => this.plain(Command.START, EMPTY);
  pause = (): Reply<WorkflowResponse> => this.plain(Command.PAUSE, EMPTY);
  resume = (): Reply<WorkflowResponse> => this.plain(Command.RESUME, EMPTY);
  stop = (): Reply<WorkflowResponse> => this.plain(Command.STOP, EMPTY);
  acknowledgeAlarms = (): Reply<WorkflowResponse> => this.plain(Command.ACK_ALARMS, EMPTY);
  /** SILENCE_ALARMS: `source` 0 at the pump, 1 over a remote link (docs/workflow.md §8.13). */
  silenceAlarms = (source: number): Reply<WorkflowResponse> =>
    this.plain(Command.SILENCE_ALARMS, Uint8Array.of(source));
  /** SET_CONTAINER: the primary container's volume in µL, 0 not tracked (docs/workflow.md §8.14). */
  setContainer = (volumeUl: number): Reply<WorkflowResponse> =>
    this.plain(Command.SET_CONTAINER, encodeContainer(volumeUl));
  /** REPORT_FLOW: the measured flow in µL/h and the free-flow flag (docs/workflow.md §8.15). */
  reportFlow = (measuredUlPerHour: number, freeFlow = false): Reply<WorkflowResponse> =>
    this.plain(Command.REPORT_FLOW, encodeReportFlow(measuredUlPerHour, freeFlow));

  /**
   * AUTO_PROGRAM (issue 13, docs/workflow.md §8.16): the order becomes a pending program bound to it;
   * an OVERRIDE of it echoes the order's program block (and must come from the pump's keys).
   */
  autoProgram = (order: AutoProgramOrder): Reply<AutoProgramResponse> => {
    const payload = encodeAutoProgram(order);
    this.lastProgramPayload = autoProgramEcho(payload);
    return this.typed(Command.AUTO_PROGRAM, payload, decodeAutoProgram);
  };

  /** Any command with its own decoder, as an Outcome. */
  async typed<T>(code: Command, payload: Uint8Array, decode: (payload: Uint8Array) => T): Reply<T> {
    return outcomeOf(await this.request(code, payload), decode);
  }

  private checked(code: Command, payload: Uint8Array): Reply<WorkflowResponse> {
    this.lastProgramPayload = payload;
    return this.typed(code, payload, (p) => decodeWorkflow(p, "result"));
  }

  private plain(code: Command, payload: Uint8Array): Reply<WorkflowResponse> {
    return this.typed(code, payload, (p) => decodeWorkflow(p, "plain"));
  }
}
