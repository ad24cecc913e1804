// Checked fields (docs/hil.md §3): what each decoded value is (an integer, a named code, a bit
// mask, text or a flag), how a scenario writes its expected value, and how expected and observed
// values become the report's lines, one expected and one observed line per field.
import { codeOf, nameOf, type VocabularyName } from "./vocabulary.ts";

export type FieldKind =
  | { kind: "int" }
  | { kind: "enum"; vocabulary: VocabularyName }
  | { kind: "mask"; vocabulary: VocabularyName }
  | { kind: "text" }
  | { kind: "bool" };

export type FieldTable = Readonly<Record<string, FieldKind>>;

const int: FieldKind = { kind: "int" };
const text: FieldKind = { kind: "text" };
const bool: FieldKind = { kind: "bool" };
const named = (vocabulary: VocabularyName): FieldKind => ({ kind: "enum", vocabulary });
const mask = (vocabulary: VocabularyName): FieldKind => ({ kind: "mask", vocabulary });

/** The 88-byte state snapshot (docs/workflow.md §8), field names of InfusionSnapshot. */
export const SNAPSHOT_FIELDS: FieldTable = {
  state: named("pumpState"),
  segment: named("segment"),
  pendingKind: named("programKind"),
  pendingVerdict: named("verdict"),
  pendingOverride: named("overrideReason"),
  careAreaId: int,
  concentrationIndex: int,
  highestAlarmPriority: named("alarmPriority"),
  entryId: int,
  alarmMask: mask("alarm"),
  motorRateUlPerHour: int,
  primaryRateUlPerHour: int,
  primaryVtbiUl: int,
  primaryDeliveredUl: int,
  totalDeliveredUl: int,
  bolusRemainingUl: int,
  secondaryRemainingUl: int,
  weightG: int,
  bsaM2X10000: int,
  drugSelected: bool,
  basicInfusion: bool,
  basicReason: named("basicReason"),
  secondaryConcentrationIndex: int,
  secondaryEntryId: int,
  alarmsSilenced: bool,
  orderBound: bool,
  linkLost: bool,
  governingAlarm: named("governingAlarm"),
};

/** The defaults block (issue 11 §4) of SELECT_DRUG and of every OK engine result. */
export const DEFAULTS_FIELDS: FieldTable = {
  defaultsMask: int,
  defaultDose: int,
  defaultRateUlPerHour: int,
  defaultDurationS: int,
  defaultVtbiUl: int,
  defaultDosePerAdmin: int,
};

/**
 * The head of an engine result (docs/abi.md §5) as a `send` expectation names it, and its defaults
 * block (REQ-ENG-072): the typical values offered with every soft or hard stop.
 */
export const ENGINE_FIELDS: FieldTable = {
  status: named("status"),
  verdict: named("verdict"),
  bindingParam: named("param"),
  bindingTier: named("tier"),
  bindingLimitValue: int,
  deliveredRateUlPerHour: int,
  ...DEFAULTS_FIELDS,
};

export const HELLO_FIELDS: FieldTable = {
  protocolVersion: int,
  abiVersion: int,
  firmwareBuildId: text,
  libraryActive: bool,
  libraryVersion: int,
  libraryName: text,
  libraryBodyDigest: text,
  maxPayload: int,
  keyState: named("keyState"),
  alarmMask: mask("alarm"),
  memoryProfile: int,
};

export const STATUS_FIELDS: FieldTable = {
  nowMs: int,
  libraryActive: bool,
  libraryVersion: int,
  faultMask: mask("sensorFault"),
  logNextSequence: int,
  logOverwritten: int,
  frameErrors: int,
  eventsDropped: int,
  duplicateRequests: int,
  requestsExecuted: int,
  requestsRefused: int,
  alarmMask: mask("alarm"),
};

export const PATIENT_FIELDS: FieldTable = {
  weightClassification: named("classification"),
  bsaClassification: named("classification"),
};

export const DRUG_FIELDS: FieldTable = {
  entryFlags: int,
  infusionType: named("infusionType"),
  doseBasis: named("doseBasis"),
  concentrationKind: named("concentrationKind"),
  advisoryLength: int,
  advisory: text,
  ...DEFAULTS_FIELDS,
};

export const ADVISORY_FIELDS: FieldTable = { advisoryLength: int, chunkLength: int, advisory: text };

export const READ_LOG_FIELDS: FieldTable = { count: int };

/** A 64-byte event record (docs/event-log.md §3), field names of EventRecord. */
export const EVENT_FIELDS: FieldTable = {
  sequence: int,
  type: named("eventType"),
  status: named("status"),
  timeMs: int,
  libraryVersion: int,
  entryId: int,
  careAreaId: int,
  outcome: named("verdict"),
  param: named("param"),
  tier: named("tier"),
  reasonCode: int,
  mode: named("mode"),
  concentrationIndex: int,
  alarmPriority: named("alarmPriority"),
  value: int,
  limit: int,
  rateUlPerHour: int,
  detail: int,
};

/** A frame received after sendRaw. */
export const FRAME_FIELDS: FieldTable = {
  type: named("frameType"),
  sequence: int,
  command: named("command"),
  result: named("result"),
  detail: named("errorDetail"),
};

/**
 * The answer that ended a transferLibrary step (docs/hil.md §2): the command it came from, its
 * result and detail (for LIBRARY_REFUSED a Status), and from an OK answer's library status block
 * (docs/protocol.md §5.6) the active version, the rollback floor and the key state; chunksSent
 * counts the LIBRARY_CHUNKs the runner sent (0 when LIBRARY_BEGIN resumed a complete transfer).
 */
export const TRANSFER_FIELDS: FieldTable = {
  command: named("command"),
  result: named("result"),
  detail: named("status"),
  libraryVersion: int,
  versionFloor: int,
  keyState: named("keyState"),
  chunksSent: int,
};

/** The runner's own client counters since the scenario began (expectLink). */
export const LINK_FIELDS: FieldTable = { retransmissions: int, badFrames: int, strayResponses: int };

/** The top-level fields of a `send` expectation other than snapshot and response. */
export const SEND_FIELDS: FieldTable = {
  result: named("result"),
  detail: named("errorDetail"),
  ...ENGINE_FIELDS,
  state: named("pumpState"),
};

export type Observed = number | bigint | string | boolean | undefined;

export interface Check {
  expected: string;
  observed: string;
  ok: boolean;
}

type Range = { min?: number | string; max?: number | string };

const isRange = (value: unknown): value is Range =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function renderMask(vocabulary: VocabularyName, value: bigint): string {
  const names: string[] = [];
  for (let bit = 0n; bit < 64n; bit++)
    if ((value >> bit) & 1n) names.push(nameOf(vocabulary, Number(bit)) ?? `bit${bit}`);
  return `[${names.join(", ")}]`;
}

function toMask(vocabulary: VocabularyName, value: unknown): bigint {
  if (Array.isArray(value))
    return value.reduce((m: bigint, name: string) => m | (1n << BigInt(codeOf(vocabulary, name))), 0n);
  return BigInt(value as number);
}

/** The observed value as the report shows it, in the vocabulary the expected value was written in. */
function renderObserved(field: FieldKind, expected: unknown, observed: Exclude<Observed, undefined>): string {
  switch (field.kind) {
    case "text":
      return JSON.stringify(observed);
    case "bool":
      return String(observed);
    case "enum":
      return typeof expected === "string"
        ? (nameOf(field.vocabulary, Number(observed)) ?? `${observed}`)
        : `${observed}`;
    case "mask":
      return Array.isArray(expected)
        ? renderMask(field.vocabulary, BigInt(observed as number | bigint))
        : `${observed}`;
    case "int":
      return `${observed}`;
  }
}

function renderExpected(field: FieldKind, expected: unknown): string {
  if (field.kind === "text") return JSON.stringify(expected);
  if (field.kind === "mask" && Array.isArray(expected)) return `[${expected.join(", ")}]`;
  if (field.kind === "int" && isRange(expected)) {
    if (expected.min !== undefined && expected.max !== undefined) return `${expected.min} to ${expected.max}`;
    return expected.min !== undefined ? `at least ${expected.min}` : `at most ${expected.max}`;
  }
  return `${expected}`;
}

function matches(field: FieldKind, expected: unknown, observed: Exclude<Observed, undefined>): boolean {
  switch (field.kind) {
    case "text":
    case "bool":
      return expected === observed;
    case "enum":
      return BigInt(codeOf(field.vocabulary, expected as string | number)) === BigInt(observed as number);
    case "mask":
      return toMask(field.vocabulary, expected) === BigInt(observed as number);
    case "int": {
      const value = BigInt(observed as number | bigint);
      if (!isRange(expected)) return BigInt(expected as number | string) === value;
      return (
        (expected.min === undefined || value >= BigInt(expected.min)) &&
        (expected.max === undefined || value <= BigInt(expected.max))
      );
    }
  }
}

/** One field: `absent` says why there is no observed value (e.g. "refused OUT_OF_STATE"). */
export function checkField(
  label: string,
  field: FieldKind,
  expected: unknown,
  observed: Observed,
  absent = "not in the response",
): Check {
  const expectedLine = `${label} ${renderExpected(field, expected)}`;
  if (observed === undefined) return { expected: expectedLine, observed: `${label} (none: ${absent})`, ok: false };
  return {
    expected: expectedLine,
    observed: `${label} ${renderObserved(field, expected, observed)}`,
    ok: matches(field, expected, observed),
  };
}

/** A measured value within a tolerance of the expected one, e.g. "deliveredUl 2000 ± 1" (expectDelivered). */
export function checkWithin(label: string, expected: bigint, tolerance: bigint, observed: bigint): Check {
  const difference = observed >= expected ? observed - expected : expected - observed;
  return {
    expected: `${label} ${expected} ± ${tolerance}`,
    observed: `${label} ${observed}`,
    ok: difference <= tolerance,
  };
}

/** Every field of `expected` (in the order written) against the same-named field of `observed`. */
export function checkFields(
  prefix: string,
  table: FieldTable,
  expected: Readonly<Record<string, unknown>>,
  observed: Readonly<Record<string, unknown>> | undefined,
  absent?: string,
): Check[] {
  return Object.entries(expected).map(([name, value]) => {
    const field = table[name];
    if (field === undefined)
      throw new Error(`${prefix}${name} is not a checked field (the schema should have refused it)`);
    return checkField(`${prefix}${name}`, field, value, observed?.[name] as Observed, absent);
  });
}
