// What the pump answered an AUTO_PROGRAM, as the application acknowledgement (RRG^O16) says it:
// the order pending at the pump (AA), or refused with the IHE PIV code that fits the pump's
// result (docs/gateway.md §4, docs/workflow.md §8.15). A program pending with a hard stop is
// reported as an error (9024): it sits on the pump's screen but can never start.
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Verdict } from "../../firmware/abi/codes.ts";
import { ConcentrationDetail, OrderDetail } from "../../firmware/abi/auto-program-layout.ts";
import { PivCode } from "./piv-codes.ts";

/** The pump's answer, reduced to what the gateway reports. */
export type PumpAnswer =
  | { kind: "pending"; handle: number; verdict: number }
  | { kind: "refused"; result: number; detail: number }
  | { kind: "unreachable"; reason: string };

export interface AnswerReport {
  code: "AA" | "AE";
  piv?: PivCode;
  reason: string;
}

function refusalCode(result: number, detail: number): PivCode {
  switch (result) {
    case Result.AUTO_PROGRAM_NO_MATCH:
      return PivCode.NO_LIBRARY_MATCH;
    case Result.CONCENTRATION_DIFFERS:
      return detail === ConcentrationDetail.AMOUNT_KIND
        ? PivCode.UNITS_DO_NOT_MATCH_LIBRARY
        : PivCode.PARAMETER_DOES_NOT_MATCH_LIBRARY;
    case Result.CARE_AREA_DIFFERS:
    case Result.ENTRY_NOT_IN_CARE_AREA:
      return PivCode.CARE_AREA_MISMATCH;
    case Result.PUMP_BUSY:
      return detail === PumpState.RUNNING || detail === PumpState.PAUSED
        ? PivCode.INFUSER_INFUSING
        : detail === PumpState.ALARM
          ? PivCode.PUMP_ALARMING
          : PivCode.CANNOT_ACCEPT;
    case Result.ORDER_INCONSISTENT:
      return detail === OrderDetail.DOSE_BASIS ? PivCode.UNITS_DO_NOT_MATCH_LIBRARY : PivCode.NO_LIBRARY_MATCH;
    case Result.PATIENT_VALUE_NEEDED:
      return PivCode.WEIGHT_MISSING;
    case Result.OUTSIDE_PATIENT_BAND:
    case Result.ENGINE_STATUS:
      return PivCode.OUTSIDE_RANGE;
    case Result.NO_LIBRARY:
    case Result.UNKNOWN_COMMAND:
      return PivCode.CANNOT_ACCEPT;
    default:
      return PivCode.OTHER;
  }
}

export function reportAnswer(answer: PumpAnswer): AnswerReport {
  if (answer.kind === "unreachable")
    return { code: "AE", piv: PivCode.INFUSER_OFFLINE, reason: `the pump did not answer: ${answer.reason}` };
  if (answer.kind === "refused")
    return {
      code: "AE",
      piv: refusalCode(answer.result, answer.detail),
      reason: `the pump refused the order: ${Result[answer.result] ?? `result ${answer.result}`} / ${answer.detail}`,
    };
  if (answer.verdict === Verdict.HARD_STOP)
    return {
      code: "AE",
      piv: PivCode.HARD_LIMIT,
      reason: `the order is on the pump (handle ${answer.handle}) with a hard stop of its drug library: it cannot start`,
    };
  return {
    code: "AA",
    reason:
      answer.verdict === Verdict.SOFT_STOP
        ? `pending at the pump (handle ${answer.handle}) with a soft stop: a local override with a reason and a local start are needed`
        : `pending at the pump (handle ${answer.handle}) for local confirmation`,
  };
}
