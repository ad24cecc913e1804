// The protocol-level return to idle, run before every scenario on a port target (docs/hil.md
// "Rig control plug-ins"): a pump left infusing, with a program pending or an alarm standing by the
// previous scenario would otherwise fail the next one, and every one after it. STOP if infusing,
// CANCEL whatever is selected or pending, ACK_ALARMS; then GET_INFUSION must report IDLE with no
// pending program. Over the protocol alone a care area once selected stays selected (only a power
// cycle, an engine reset or a library activation clears it): the preamble then fails with that
// reason, and a rig plug-in (hil/runner/rig-plugin.ts) that power-cycles is what returns it to IDLE.
import { PumpState, ProgramKind } from "../../firmware/abi/workflow-codes.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import type { Outcome, PumpCommands } from "../../simulator/client/pump-commands.ts";
import type { WorkflowResponse } from "../../simulator/client/workflow-messages.ts";

/** The pump could not be brought back to idle; the message says what it answered. */
export class ReturnToIdleError extends Error {}

const INFUSING: ReadonlySet<number> = new Set([PumpState.RUNNING, PumpState.PAUSED, PumpState.ALARM]);

function snapshotOf(step: string, outcome: Outcome<WorkflowResponse>): WorkflowResponse["snapshot"] {
  if (!outcome.ok)
    throw new ReturnToIdleError(
      `${step} answered ${Result[outcome.result] ?? outcome.result} detail ${outcome.detail}`,
    );
  return outcome.value.snapshot;
}

const SELECTED: ReadonlySet<number> = new Set([PumpState.AREA_SELECTED, PumpState.DRUG_SELECTED]);

const stateName = (state: number): string => PumpState[state] ?? String(state);

export async function returnToIdleOverProtocol(pump: PumpCommands): Promise<void> {
  let snapshot = snapshotOf("GET_INFUSION", await pump.getInfusion());
  if (INFUSING.has(snapshot.state)) snapshot = snapshotOf("STOP", await pump.stop());
  if (snapshot.state !== PumpState.IDLE || snapshot.pendingKind !== ProgramKind.NONE) {
    // CANCEL steps back one level at a time (docs/workflow.md §2); a few suffice from any state.
    for (let i = 0; i < 4 && (snapshot.state !== PumpState.IDLE || snapshot.pendingKind !== ProgramKind.NONE); i++) {
      const cancelled = await pump.cancel();
      if (!cancelled.ok) break;
      snapshot = cancelled.value.snapshot;
    }
  }
  const acknowledged = await pump.acknowledgeAlarms();
  if (!acknowledged.ok && acknowledged.result !== Result.OUT_OF_STATE)
    throw new ReturnToIdleError(`ACK_ALARMS answered ${Result[acknowledged.result] ?? acknowledged.result}`);
  snapshot = snapshotOf("GET_INFUSION", await pump.getInfusion());
  if (snapshot.pendingKind === ProgramKind.NONE && SELECTED.has(snapshot.state))
    throw new ReturnToIdleError(
      `after STOP, CANCEL and ACK_ALARMS the pump reports ${stateName(snapshot.state)}: no protocol command clears a care-area selection (docs/workflow.md §2); a rig plug-in whose returnToIdle power-cycles the pump does (docs/hil.md "Rig control plug-ins")`,
    );
  if (snapshot.state !== PumpState.IDLE || snapshot.pendingKind !== ProgramKind.NONE)
    throw new ReturnToIdleError(
      `after STOP, CANCEL and ACK_ALARMS the pump reports ${stateName(snapshot.state)} with pending ${ProgramKind[snapshot.pendingKind] ?? snapshot.pendingKind}, not IDLE with nothing pending`,
    );
}
