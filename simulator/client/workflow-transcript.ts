// Transcript text for the programming workflow's frames, codes 0x0010–0x0020 (docs/workflow.md §8):
// the request's fields and, for an OK answer, the snapshot's essentials, e.g.
//   → REQ #4 PROGRAM mode DOSE dose 41000000 vtbiUl 500000
//   ← RSP #4 PROGRAM OK state PROGRAM_PENDING pending PRIMARY HARD_STOP verdict HARD_STOP DOSE HMAX 40000000
// Names come from the shared enums (firmware/**/codes.ts), never from copied tables.
import { Classification, Mode, Verdict } from "../../firmware/abi/codes.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  BasicReason,
  OverrideReason,
  PARAM_BOLUS_DURATION,
  PARAM_TITRATION_STEP,
  ProgramKind,
  PumpState,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import type { EngineResult } from "../host/types.ts";
import { paramName, tierName, verdictName } from "./names.ts";
import { decodeReadAdvisory, decodeSelectDrug, decodeWorkflow, type InfusionSnapshot } from "./workflow-messages.ts";

const nameIn = (names: Record<number, string>, code: number): string => names[code] ?? `?${code}`;
const PROGRAM_FIELDS = ["rateUlPerHour", "dose", "durationS", "vtbiUl"] as const;

/** The 36-byte program block at `at`: mode and the values its presence bits mark. */
function programBlock(p: Uint8Array, at: number): string {
  const v = new DataView(p.buffer, p.byteOffset + at, 36);
  const presence = v.getUint16(2, true);
  const values = PROGRAM_FIELDS.flatMap((name, bit) =>
    (presence >>> bit) & 1 ? [`${name} ${v.getBigUint64(4 + 8 * bit, true)}`] : [],
  );
  return [`mode ${nameIn(Mode, p[at])}`, ...values].join(" ");
}

/** Request text after the command name (leading space included), or undefined for another code. */
export function describeWorkflowRequest(code: number, p: Uint8Array): string | undefined {
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  const sized = (length: number, text: () => string): string =>
    p.length === length ? ` ${text()}` : ` (${p.length} bytes)`;
  switch (code) {
    case Command.SELECT_CARE_AREA:
      return sized(1, () => `area ${p[0]}`);
    case Command.SET_PATIENT:
      if (p.length === 16) {
        const age = v.getUint32(12, true);
        return ` weightG ${v.getUint32(0, true)} bsaM2X10000 ${v.getUint32(4, true)} confirmWeightG ${v.getUint32(8, true)} ageDays ${age === 0xffffffff ? "none" : age}`;
      }
      return sized(8, () => `weightG ${v.getUint32(0, true)} bsaM2X10000 ${v.getUint32(4, true)}`);
    case Command.SELECT_DRUG:
      return sized(20, () => {
        const custom = v.getBigUint64(8, true) !== 0n || v.getUint32(16, true) !== 0;
        const conc = p[4] === 0xff ? "none" : `${p[4]}`;
        return `entry ${v.getUint32(0, true)} conc ${conc}${custom ? ` customAmountAbu ${v.getBigUint64(8, true)} customVolumeUl ${v.getUint32(16, true)}` : ""}`;
      });
    case Command.SELECT_BASIC:
      return sized(1, () => `reason ${nameIn(BasicReason, p[0])}`);
    case Command.READ_ADVISORY:
      return sized(2, () => `offset ${v.getUint16(0, true)}`);
    case Command.PROGRAM:
    case Command.TITRATE:
      return sized(36, () => programBlock(p, 0));
    case Command.BOLUS:
      return sized(
        18,
        () =>
          `kind ${p[0] === 0 ? "BOLUS" : p[0] === 1 ? "LOADING_DOSE" : `?${p[0]}`} dose ${v.getBigUint64(2, true)} rateUlPerHour ${v.getBigUint64(10, true)}`,
      );
    case Command.SECONDARY:
      return sized(
        44,
        () => `entry ${v.getUint32(0, true)} conc ${p[4] === 0xff ? "none" : p[4]} ${programBlock(p, 8)}`,
      );
    case Command.OVERRIDE:
      return p.length === 0 ? " (0 bytes)" : ` reason ${nameIn(OverrideReason, p[0])} echo ${p.length - 1} bytes`;
    default:
      return undefined;
  }
}

function alarmNames(mask: number): string {
  const names: string[] = [];
  for (let bit = 0; bit < 32; bit++) if ((mask >>> bit) & 1) names.push(Alarm[bit] ?? `bit${bit}`);
  return names.join("|");
}

/** The snapshot's essentials: state, segment, motor, pending program, alarms, volume delivered. */
export function describeSnapshot(s: InfusionSnapshot): string {
  const parts = [`state ${nameIn(PumpState, s.state)}`];
  if (s.segment !== Segment.NONE) parts.push(`segment ${nameIn(Segment, s.segment)}`);
  parts.push(`motorRateUlPerHour ${s.motorRateUlPerHour}`);
  if (s.pendingKind !== ProgramKind.NONE) {
    parts.push(
      `pending ${nameIn(ProgramKind, s.pendingKind)} ${nameIn(Verdict, s.pendingVerdict)}${s.pendingOverride !== 0 ? ` overridden ${nameIn(OverrideReason, s.pendingOverride)}` : ""}`,
    );
  }
  if (s.alarmMask !== 0) parts.push(`alarms ${alarmNames(s.alarmMask)}`);
  if (s.alarmsSilenced) parts.push("silenced");
  if (s.totalDeliveredUl !== 0n) parts.push(`totalDeliveredUl ${s.totalDeliveredUl}`);
  return parts.join(" ");
}

export function describeVerdict(r: EngineResult): string {
  const param =
    r.bindingParam === PARAM_TITRATION_STEP
      ? "TITRATION_STEP"
      : r.bindingParam === PARAM_BOLUS_DURATION
        ? "BOLUS_DURATION"
        : paramName(r.bindingParam);
  const binding = r.bindingParam === 0xff ? "" : ` ${param} ${tierName(r.bindingTier)} ${r.bindingLimitValue}`;
  return `verdict ${verdictName(r.verdict)}${binding}`;
}

/** Text of an OK response to a workflow command (after "OK"), or undefined for another code. */
export function describeWorkflowResponse(code: number, p: Uint8Array): string | undefined {
  switch (code) {
    case Command.GET_INFUSION:
    case Command.SELECT_CARE_AREA:
    case Command.SELECT_BASIC:
    case Command.OVERRIDE:
    case Command.CANCEL:
    case Command.START:
    case Command.PAUSE:
    case Command.RESUME:
    case Command.STOP:
    case Command.ACK_ALARMS:
    case Command.SILENCE_ALARMS:
    case Command.SET_CONTAINER:
      return describeSnapshot(decodeWorkflow(p, "plain").snapshot);
    case Command.SET_PATIENT: {
      const r = decodeWorkflow(p, "patient");
      return `${describeSnapshot(r.snapshot)} weight ${nameIn(Classification, r.patient!.weightClassification)} bsa ${nameIn(Classification, r.patient!.bsaClassification)}`;
    }
    case Command.SELECT_DRUG: {
      const d = decodeSelectDrug(p);
      return `${describeSnapshot(d.snapshot)} advisory ${d.advisoryLength} bytes`;
    }
    case Command.READ_ADVISORY: {
      const a = decodeReadAdvisory(p);
      return `advisory ${a.advisoryLength} bytes, chunk ${a.bytes.length}`;
    }
    case Command.PROGRAM:
    case Command.TITRATE:
    case Command.BOLUS:
    case Command.SECONDARY: {
      const r = decodeWorkflow(p, "result");
      return `${describeSnapshot(r.snapshot)} ${describeVerdict(r.result!)}`;
    }
    default:
      return undefined;
  }
}
