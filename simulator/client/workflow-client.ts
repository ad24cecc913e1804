// Typed workflow commands over a PumpClient (docs/workflow.md §8). Each returns the pump's answer:
// the snapshot (and engine result where a program was checked), or the refusal's result and detail.
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import type { Outcome, PumpClient } from "./client.ts";
import { decodeError, resultOf } from "./messages.ts";
import {
  decodeReadAdvisory, decodeSelectDrug, decodeWorkflow, encodeBolus, encodeCareArea, encodeOverride, encodePatient,
  encodeProgramBlock, encodeReadAdvisory, encodeSecondary, encodeSelectDrug, type AdvisoryChunk, type BolusOrder, type DrugChoice,
  type DrugSelection, type ProgramValues, type SecondaryOrder, type WorkflowResponse,
} from "./workflow-messages.ts";

const EMPTY = new Uint8Array(0);

export class PumpWorkflow {
  /** The payload of the last program-checking command: what an OVERRIDE echoes. */
  lastProgramPayload: Uint8Array = EMPTY;

  constructor(private readonly client: PumpClient) {}

  getInfusion = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.GET_INFUSION, EMPTY);
  selectCareArea = (careAreaId: number): Promise<Outcome<WorkflowResponse>> => this.plain(Command.SELECT_CARE_AREA, encodeCareArea(careAreaId));
  setPatient = (weightG: number, bsaM2X10000 = 0): Promise<Outcome<WorkflowResponse>> =>
    this.send(Command.SET_PATIENT, encodePatient(weightG, bsaM2X10000), (p) => decodeWorkflow(p, "patient"));
  selectDrug = (choice: DrugChoice): Promise<Outcome<DrugSelection>> => this.send(Command.SELECT_DRUG, encodeSelectDrug(choice), decodeSelectDrug);
  selectBasic = (reason: number): Promise<Outcome<WorkflowResponse>> => this.plain(Command.SELECT_BASIC, Uint8Array.of(reason));
  readAdvisory = (offset: number): Promise<Outcome<AdvisoryChunk>> => this.send(Command.READ_ADVISORY, encodeReadAdvisory(offset), decodeReadAdvisory);
  program = (values: ProgramValues): Promise<Outcome<WorkflowResponse>> => this.checked(Command.PROGRAM, encodeProgramBlock(values));
  titrate = (values: ProgramValues): Promise<Outcome<WorkflowResponse>> => this.checked(Command.TITRATE, encodeProgramBlock(values));
  bolus = (order: BolusOrder): Promise<Outcome<WorkflowResponse>> => this.checked(Command.BOLUS, encodeBolus(order));
  secondary = (order: SecondaryOrder): Promise<Outcome<WorkflowResponse>> => this.checked(Command.SECONDARY, encodeSecondary(order));
  /** Overrides the pending soft stop for exactly the values last sent (or `echo` to send others). */
  override = (reason: number, echo: Uint8Array = this.lastProgramPayload): Promise<Outcome<WorkflowResponse>> =>
    this.plain(Command.OVERRIDE, encodeOverride(reason, echo));
  cancel = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.CANCEL, EMPTY);
  start = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.START, EMPTY);
  pause = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.PAUSE, EMPTY);
  resume = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.RESUME, EMPTY);
  stop = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.STOP, EMPTY);
  acknowledgeAlarms = (): Promise<Outcome<WorkflowResponse>> => this.plain(Command.ACK_ALARMS, EMPTY);

  private checked(code: Command, payload: Uint8Array): Promise<Outcome<WorkflowResponse>> {
    this.lastProgramPayload = payload;
    return this.send(code, payload, (p) => decodeWorkflow(p, "result"));
  }

  private plain(code: Command, payload: Uint8Array): Promise<Outcome<WorkflowResponse>> {
    return this.send(code, payload, (p) => decodeWorkflow(p, "plain"));
  }

  private async send<T>(code: Command, payload: Uint8Array, decode: (payload: Uint8Array) => T): Promise<Outcome<T>> {
    const response = await this.client.request(code, payload);
    const sequence = response.sequence;
    if (resultOf(response.payload) === Result.OK) return { ok: true, value: decode(response.payload), sequence };
    return { ok: false, ...decodeError(response.payload), sequence };
  }
}
