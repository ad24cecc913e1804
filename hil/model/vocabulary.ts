// The names a scenario file may use for a numeric code (docs/hil.md §3), built from the enums of
// firmware/**/codes.ts themselves so no name list can drift from the firmware. The JSON Schema
// generated from them (scenario-schema.ts) lists the same names for editors.
import {
  Classification,
  DoseBasis,
  InfusionType,
  KeyState,
  Mode,
  NO_PARAM,
  Param,
  Status,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { TIER_SHORT_NAMES } from "../../simulator/client/names.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, ErrorDetail, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  BasicReason,
  OverrideReason,
  PARAM_BOLUS_DURATION,
  PARAM_TITRATION_STEP,
  ProgramKind,
  PumpState,
  Segment,
  NO_ALARM,
  PcaDenial,
  PcaOutcome,
  RealarmCause,
  SilenceSource,
} from "../../firmware/abi/workflow-codes.ts";

/** Name → code. */
export type Vocabulary = ReadonlyMap<string, number>;

function vocabularyOf(enumObject: Record<string, string | number>, extra: Record<string, number> = {}): Vocabulary {
  const entries = Object.entries(enumObject).filter((entry): entry is [string, number] => typeof entry[1] === "number");
  return new Map([...entries, ...Object.entries(extra)]);
}

export const VOCABULARIES = {
  result: vocabularyOf(Result),
  errorDetail: vocabularyOf(ErrorDetail),
  frameType: vocabularyOf(FrameType),
  command: vocabularyOf(Command),
  status: vocabularyOf(Status),
  verdict: vocabularyOf(Verdict),
  param: vocabularyOf(Param, {
    TITRATION_STEP: PARAM_TITRATION_STEP,
    BOLUS_DURATION: PARAM_BOLUS_DURATION,
    NONE: NO_PARAM,
  }),
  // Short tier names, as docs/engine.md and clinicians write them (the client's table, inverted).
  tier: new Map([...TIER_SHORT_NAMES].map(([code, name]) => [name, code])) as Vocabulary,
  mode: vocabularyOf(Mode),
  classification: vocabularyOf(Classification),
  infusionType: vocabularyOf(InfusionType),
  doseBasis: vocabularyOf(DoseBasis),
  // docs/workflow.md §8.4: 0 fixed, 1 custom, 0xFF fluid.
  concentrationKind: new Map([
    ["FIXED", 0],
    ["CUSTOM", 1],
    ["FLUID", 0xff],
  ]) as Vocabulary,
  pumpState: vocabularyOf(PumpState),
  segment: vocabularyOf(Segment),
  programKind: vocabularyOf(ProgramKind),
  overrideReason: vocabularyOf(OverrideReason),
  basicReason: vocabularyOf(BasicReason),
  alarm: vocabularyOf(Alarm),
  // Snapshot byte 83 as decoded (docs/workflow.md §7.1): an alarm, or NONE when no alarm is active.
  governingAlarm: vocabularyOf(Alarm, { NONE: NO_ALARM }),
  silenceSource: vocabularyOf(SilenceSource),
  realarmCause: vocabularyOf(RealarmCause),
  alarmPriority: vocabularyOf(AlarmPriority),
  sensorFault: vocabularyOf(SensorFault),
  eventType: vocabularyOf(EventType),
  keyState: vocabularyOf(KeyState),
  // Issue 15: the PCA block's last outcome and its denial reason (docs/workflow.md §11.6).
  pcaOutcome: vocabularyOf(PcaOutcome),
  pcaDenial: vocabularyOf(PcaDenial),
  // BOLUS payload byte 0 (docs/workflow.md §4.4).
  bolusKind: new Map([
    ["BOLUS", 0],
    ["LOADING_DOSE", 1],
  ]) as Vocabulary,
} as const satisfies Record<string, Vocabulary>;

export type VocabularyName = keyof typeof VOCABULARIES;

/** The code of a name the schema already accepted; a number passes through. */
export function codeOf(vocabulary: VocabularyName, value: string | number): number {
  if (typeof value === "number") return value;
  const code = VOCABULARIES[vocabulary].get(value);
  if (code === undefined) throw new Error(`"${value}" is not a ${vocabulary} name (the schema should have refused it)`);
  return code;
}

/** The first name of a code, or undefined when the code has none. */
export function nameOf(vocabulary: VocabularyName, code: number): string | undefined {
  for (const [name, value] of VOCABULARIES[vocabulary]) if (value === code) return name;
  return undefined;
}
