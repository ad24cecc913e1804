// The panel's view of the pump, gathered for each page over the local port: the snapshot
// (GET_INFUSION), the clock and library (GET_STATUS), the event log since the panel attached
// (READ_LOG) with who caused each record, and what the panel's own last commands answered. Nothing
// here decides anything: every state, verdict, tier and limit is the firmware's answer.
import { EventType } from "../../firmware/abi/event-types.ts";
import type { InfusionSnapshot, DrugSelection, WorkflowResponse } from "../client/workflow-messages.ts";
import type { EngineResult } from "../host/types.ts";
import { decodeRecord, recordIntact, type EventRecord } from "../pump/event-record.ts";
import type { Catalogue } from "./catalogue.ts";
import type { PanelCommands } from "./panel-commands.ts";

/** Who caused a log record, as far as the panel can tell (REQ-PNL-006). */
export type RecordSource = "this panel" | "another client" | "the pump";

export interface ActivityRow {
  record: EventRecord;
  by: RecordSource;
}

export interface LastCheck {
  command: string;
  result: EngineResult;
  entryId: number;
  concentrationIndex: number;
  /** The pump's next log sequence just after the check: a later record of another client supersedes it. */
  logSequenceAfter: number;
}

export interface Flash {
  kind: "done" | "refused" | "entry error";
  text: string;
}

export interface PanelView {
  nowMs: bigint;
  libraryActive: boolean;
  libraryVersion: number;
  /** The catalogue when it describes the active library, else undefined with the reason. */
  catalogue: Catalogue | undefined;
  catalogueProblem: string | undefined;
  snapshot: InfusionSnapshot;
  selection: DrugSelection | undefined;
  lastCheck: LastCheck | undefined;
  /** True when another client changed the pump after the panel's last check, which is then not shown. */
  checkSuperseded: boolean;
  activity: ActivityRow[];
  /** The newest record another client caused since the panel's last action, if any. */
  otherClient: ActivityRow | undefined;
  flash: Flash | undefined;
}

/** Records a clinician's command writes: another client's when the panel did not send that command. */
const COMMAND_RECORDS: ReadonlySet<number> = new Set([
  EventType.PROGRAM_ACCEPTED_NO_ALERT,
  EventType.SOFT_STOP_OVERRIDDEN,
  EventType.SOFT_STOP_EDITED,
  EventType.HARD_STOP_EDITED,
  EventType.PROGRAM_CANCELLED,
  EventType.INFUSION_STARTED,
  EventType.INFUSION_STOPPED,
  EventType.BASIC_INFUSION_SELECTED,
  EventType.PROGRAM_REPLACED,
  EventType.INFUSION_RESUMED,
  EventType.TITRATION_APPLIED,
  EventType.BOLUS_STARTED,
  EventType.SECONDARY_STARTED,
  EventType.DRUG_SELECTION_REFUSED,
  EventType.ALERT_RAISED,
  EventType.START_REFUSED,
  EventType.ALARM_SILENCED,
  EventType.PROGRAM_CHECK,
]);

const READ_LOG_PAGE = 7;
/** Rows of the activity list the page shows. */
export const ACTIVITY_ROWS = 40;

export class PanelSession {
  flash: Flash | undefined;
  selection: DrugSelection | undefined;
  lastCheck: LastCheck | undefined;
  private checkSuperseded = false;
  private readonly activity: ActivityRow[] = [];
  private nextLogSequence: number | undefined;
  /** Log sequence after which another client's records are news (moves on with each panel action). */
  private seenUpTo = 0;

  constructor(
    readonly commands: PanelCommands,
    readonly catalogue: Catalogue | undefined,
  ) {}

  /** The panel acted: what another client did before this is no longer news. */
  acknowledgeOthers(): void {
    this.seenUpTo = this.activity.at(-1)?.record.sequence ?? this.seenUpTo;
  }

  /** Keeps the engine result of a check the panel sent, to show until something replaces it. */
  async recordCheck(command: string, response: WorkflowResponse): Promise<void> {
    if (response.result === undefined) return;
    const status = await this.commands.getStatus();
    this.lastCheck = {
      command,
      result: response.result,
      entryId: response.snapshot.entryId,
      concentrationIndex: response.snapshot.concentrationIndex,
      logSequenceAfter: status.ok ? status.value.logNextSequence : 0,
    };
    this.checkSuperseded = false;
  }

  /** A new drug selection: the previous check belongs to another program. */
  forgetCheck(): void {
    this.lastCheck = undefined;
    this.checkSuperseded = false;
  }

  async view(): Promise<PanelView> {
    const status = await this.commands.getStatus();
    const infusion = await this.commands.getInfusion();
    if (!status.ok || !infusion.ok) throw new Error("the pump refused GET_STATUS or GET_INFUSION over the local port");
    await this.readNewRecords(status.value.logNextSequence);
    const snapshot = infusion.value.snapshot;
    let catalogueProblem: string | undefined;
    if (this.catalogue === undefined) catalogueProblem = "the panel was started without the library file";
    else if (!status.value.libraryActive) catalogueProblem = "the pump has no active library";
    else if (this.catalogue.libraryVersion !== status.value.libraryVersion)
      catalogueProblem = `the panel's library file is version ${this.catalogue.libraryVersion}, the pump's active library version ${status.value.libraryVersion}`;
    const check = this.lastCheck;
    if (
      check !== undefined &&
      this.activity.some((row) => row.by === "another client" && row.record.sequence >= check.logSequenceAfter)
    ) {
      this.lastCheck = undefined;
      this.checkSuperseded = true;
    }
    const others = this.activity.filter((row) => row.by === "another client" && row.record.sequence > this.seenUpTo);
    return {
      nowMs: status.value.nowMs,
      libraryActive: status.value.libraryActive,
      libraryVersion: status.value.libraryVersion,
      catalogue: catalogueProblem === undefined ? this.catalogue : undefined,
      catalogueProblem,
      snapshot,
      selection:
        this.selection?.snapshot.entryId === snapshot.entryId && snapshot.drugSelected ? this.selection : undefined,
      lastCheck: this.lastCheck,
      checkSuperseded: this.checkSuperseded,
      activity: this.activity.slice(-ACTIVITY_ROWS).reverse(),
      otherClient: others.at(-1),
      flash: this.flash,
    };
  }

  private async readNewRecords(logNextSequence: number): Promise<void> {
    // The panel's history starts at its first look: what happened before it is the pump's past.
    if (this.nextLogSequence === undefined) {
      this.nextLogSequence = logNextSequence;
      this.seenUpTo = logNextSequence - 1;
    }
    while (this.nextLogSequence < logNextSequence) {
      const page = await this.commands.readLog(this.nextLogSequence, READ_LOG_PAGE);
      if (!page.ok || page.value.records.length === 0) break;
      for (const bytes of page.value.records) {
        // A damaged record's sequence cannot be trusted: step past it by one so the reading goes on.
        if (!recordIntact(bytes)) {
          this.nextLogSequence += 1;
          continue;
        }
        const record = decodeRecord(bytes);
        this.nextLogSequence = record.sequence + 1;
        this.activity.push({ record, by: sourceOf(record, this.commands.ownRecords) });
      }
    }
    if (this.activity.length > 4 * ACTIVITY_ROWS) this.activity.splice(0, this.activity.length - ACTIVITY_ROWS);
  }
}

export function sourceOf(record: EventRecord, ownRecords: ReadonlySet<number>): RecordSource {
  if (ownRecords.has(record.sequence)) return "this panel";
  if (COMMAND_RECORDS.has(record.type)) return "another client";
  if (record.type === EventType.INFUSION_PAUSED && record.detail === 0) return "another client";
  return "the pump";
}
