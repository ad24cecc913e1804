// A scenario file as the runner reads it (docs/hil.md §1–§3), after the schema has accepted it.
// Values keep the form they were written in (a name or a code, a number or a decimal string):
// fields.ts compares them with what the pump answered and renders both for the report.
import { GATEWAY_STEP_KEYS, type GatewayStep } from "./gateway-steps.ts";

/** A non-negative integer: a JSON number, or a decimal string when it may exceed 2^53. */
export type U64 = number | string;
export type IntMatch = U64 | { min?: U64; max?: U64 };
/** A field's expected value: see fields.ts for what each field accepts. */
export type FieldValue = IntMatch | string | boolean | string[];
export type FieldMatch = Readonly<Record<string, FieldValue>>;

export interface SendExpect {
  result?: string | number;
  detail?: string | number;
  status?: string | number;
  verdict?: string | number;
  bindingParam?: string | number;
  bindingTier?: string | number;
  bindingLimitValue?: IntMatch;
  deliveredRateUlPerHour?: IntMatch;
  /** The engine result's defaults block (REQ-ENG-072), as SELECT_DRUG's response names it. */
  defaultsMask?: IntMatch;
  defaultDose?: IntMatch;
  defaultRateUlPerHour?: IntMatch;
  defaultDurationS?: IntMatch;
  defaultVtbiUl?: IntMatch;
  defaultDosePerAdmin?: IntMatch;
  state?: string | number;
  snapshot?: FieldMatch;
  response?: FieldMatch;
}

export interface SendStep {
  send: string;
  args?: Readonly<Record<string, unknown>>;
  expect?: SendExpect;
  note?: string;
}

/** A request through the pump's own keys (issue 13, receiveLocal): the send step's args and expect. */
export interface LocalStep {
  local: string;
  args?: Readonly<Record<string, unknown>>;
  expect?: SendExpect;
  note?: string;
}

export interface SendRawStep {
  sendRaw: string;
  expect?: { frames: FieldMatch[] };
  note?: string;
}

/** A `line` step's arguments as written: probabilities as decimal strings and the seed (docs/hil.md §2). */
export interface LineImpairmentStep {
  drop?: string;
  duplicate?: string;
  corrupt?: string;
  seed: number;
}

/** transferLibrary (docs/hil.md §2): a library file sent over the serial protocol (§5.6 of docs/protocol.md). */
export interface TransferLibraryStep {
  transferLibrary: {
    /** Relative to the repository root, e.g. hil/scenarios/files/example-v13-signed.dersimg. */
    file: string;
    /** The file's SHA-256, lower-case hex: checked before anything is sent, so the scenario pins the bytes it sends. */
    sha256: string;
    /** Bytes per LIBRARY_CHUNK, 1 … 480 (default 480). */
    chunkBytes?: number;
    /** LIBRARY_ACTIVATE after the last chunk. */
    activate: boolean;
  };
  /** Fields of fields.ts TRANSFER_FIELDS; without expect, { result: OK }. */
  expect?: FieldMatch;
  note?: string;
}

/**
 * A `fault` step (docs/hil.md §2): `set`, exactly these SensorFault names are active; `flow`, exactly
 * these flow fault switches (simulator/virtual-pump/faults.ts FLOW_FAULT_NAMES) are on. At least one
 * is given; what is left out stays as it is.
 */
export interface FaultSettings {
  set?: string[];
  flow?: string[];
}

/** The keys that make a step; a step has exactly one (the table of hil/runner/step-kinds.ts has a row for each). */
export const STEP_KEYS = [
  "send",
  "local",
  "sendRaw",
  "advance",
  "fault",
  "powerCycle",
  "line",
  "reservoir",
  "provisionKey",
  "transferLibrary",
  "expectEvent",
  "expectLog",
  "expectMotor",
  "expectDelivered",
  "expectState",
  "expectLink",
  // Issue 13: the gateway-backed steps (gateway-steps.ts).
  ...GATEWAY_STEP_KEYS,
] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export type Step =
  | SendStep
  | LocalStep
  | SendRawStep
  | { advance: number; note?: string }
  | { fault: FaultSettings; note?: string }
  | { powerCycle: true; note?: string }
  | { line: LineImpairmentStep; note?: string }
  | { expectEvent: FieldMatch; note?: string }
  | { expectLog: { last?: number; types: string[] }; note?: string }
  | { expectMotor: IntMatch; note?: string }
  | { reservoir: { ul: U64 }; note?: string }
  | { provisionKey: string; expect?: { status: string | number }; note?: string }
  | TransferLibraryStep
  | { expectDelivered: { ul: U64; toleranceUl?: U64 }; note?: string }
  | { expectState: FieldMatch; note?: string }
  | { expectLink: FieldMatch; note?: string }
  | GatewayStep;

export interface Scenario {
  id: string;
  title: string;
  description?: string;
  requirements: string[];
  hazards: string[];
  steps: Step[];
}

/** A scenario and where it came from. */
export interface LoadedScenario {
  scenario: Scenario;
  /** Relative to the repository root, forward slashes; a file outside the repository by its name alone (reportedPath). */
  file: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  fileSha256: string;
}
