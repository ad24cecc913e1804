// Builds the JSON Schema of a HIL scenario file (docs/schema/hil-scenario.schema.json) from the
// runner's own tables: the command list, the checked fields (fields.ts) and the code names
// (vocabulary.ts, from firmware/**/codes.ts). The file is generated (tsx hil/runner/write-schema.ts)
// and tests/hil/scenario-files.test.ts fails when it differs, so editors, the loader and the
// executor can never disagree about a name.
import { LIBRARY_CHUNK_MAX_BYTES } from "../../firmware/abi/protocol-codes.ts";
import * as F from "../model/fields.ts";
import { VOCABULARIES } from "../model/vocabulary.ts";
import { STEP_KEYS } from "../model/scenario.ts";
import { PCA_PROGRAM_FIELDS, PCA_STATUS_FIELDS } from "./pca-commands.ts";
import { GATEWAY_STEP_DEFS } from "./gateway-schema.ts";
import { FLOW_FAULT_NAMES } from "../../simulator/virtual-pump/faults.ts";

export { STEP_KEYS };

export const SCHEMA_PATH = "docs/schema/hil-scenario.schema.json";

/** The largest value of a 64-bit field, 2^64 − 1, as a scenario writes it. */
export const U64_MAX = "18446744073709551615";

/**
 * A pattern matching exactly the decimal strings 0 … `max` without leading zeros: every shorter
 * number, then per digit of `max` the numbers equal to it so far and smaller at that digit, then
 * `max` itself. A JSON Schema pattern cannot compare numbers, so the bound is spelled out.
 */
export function decimalAtMost(max: string): string {
  const n = max.length;
  const parts = ["0", n > 1 ? `[1-9][0-9]{0,${n - 2}}` : ""];
  for (let i = 0; i < n; i++) {
    const low = i === 0 ? 1 : 0;
    const digit = Number(max[i]);
    if (digit <= low) continue;
    const rest = n - i - 1;
    const smaller = digit - 1 === low ? String(low) : `[${low}-${digit - 1}]`;
    parts.push(`${max.slice(0, i)}${smaller}${rest === 0 ? "" : rest === 1 ? "[0-9]" : `[0-9]{${rest}}`}`);
  }
  parts.push(max);
  return `^(${parts.filter((p) => p !== "").join("|")})$`;
}

/** The pattern of a u64 written as a string: 0 … 2^64 − 1 (a longer string would wrap when sent). */
export const U64_PATTERN = decimalAtMost(U64_MAX);

const nameDef = (v: string) => `${v}Name`;
const ref = (d: string) => ({ $ref: `#/$defs/${d}` });
const names: Record<string, unknown> = {};
for (const [v, map] of Object.entries(VOCABULARIES)) names[nameDef(v)] = { enum: [...map.keys()] };
const enumOrCode = (v: string, code = "code") => ({ anyOf: [ref(nameDef(v)), ref(code)] });

function fieldSchema(f: F.FieldKind): unknown {
  switch (f.kind) {
    case "int":
      return ref("intMatch");
    case "text":
      return { type: "string" };
    case "bool":
      return { type: "boolean" };
    case "enum":
      return enumOrCode(f.vocabulary);
    case "mask":
      return { anyOf: [{ type: "array", items: ref(nameDef(f.vocabulary)), uniqueItems: true }, ref("code")] };
  }
}
const table = (description: string, t: F.FieldTable, extra: Record<string, unknown> = {}) => ({
  description,
  type: "object",
  properties: { ...Object.fromEntries(Object.entries(t).map(([k, f]) => [k, fieldSchema(f)])), ...extra },
  additionalProperties: false,
});
const obj = (description: string, properties: Record<string, unknown>, required: string[] = []) => ({
  ...(description === "" ? {} : { description }),
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});
const responseTable = {
  ...F.HELLO_FIELDS,
  ...F.STATUS_FIELDS,
  ...F.PATIENT_FIELDS,
  ...F.DRUG_FIELDS,
  ...F.ADVISORY_FIELDS,
  ...F.READ_LOG_FIELDS,
  ...PCA_PROGRAM_FIELDS,
  ...PCA_STATUS_FIELDS,
};
const note = { description: "A remark for the reader; the runner ignores it.", type: "string" };
const programValues = {
  rateUlPerHour: ref("u64"),
  dose: ref("u64"),
  durationS: ref("u64"),
  vtbiUl: ref("u64"),
  doseAmount: ref("u64"),
  lineAccess: ref("byte"),
};

const args: Record<string, unknown> = {
  noArgs: obj("This command takes no arguments.", {}),
  helloArgs: obj("HELLO (docs/protocol.md §5.1).", { clientProtocolVersion: ref("byte") }),
  readLogArgs: obj("READ_LOG (docs/protocol.md §5.3).", { fromSequence: ref("u32"), maxRecords: ref("byte") }, [
    "fromSequence",
    "maxRecords",
  ]),
  checkProgramArgs: obj(
    "CHECK_PROGRAM: the engine request of docs/abi.md §4; values left out are absent.",
    {
      entryId: ref("u32"),
      careAreaId: ref("byte"),
      concentrationIndex: ref("byte"),
      mode: enumOrCode("mode", "byte"),
      ...programValues,
      weightG: ref("u64"),
      bsaM2X10000: ref("u64"),
      bolusDose: ref("u64"),
      bolusRateUlPerHour: ref("u64"),
      loadingDose: ref("u64"),
      customAmountAbu: ref("u64"),
      customVolumeUl: ref("u64"),
    },
    ["entryId", "careAreaId", "concentrationIndex", "mode"],
  ),
  careAreaArgs: obj("SELECT_CARE_AREA (docs/workflow.md §8.2).", { careAreaId: ref("byte") }, ["careAreaId"]),
  patientArgs: obj(
    "SET_PATIENT (docs/workflow.md §8.3); a value left out is sent as 0, not entered. With confirmWeightG or ageDays the 16-byte payload is sent (an age left out is then AGE_NOT_ENTERED), else the 8-byte one.",
    {
      weightG: ref("u32"),
      bsaM2X10000: ref("u32"),
      confirmWeightG: ref("u32"),
      ageDays: ref("u32"),
    },
  ),
  drugArgs: obj(
    "SELECT_DRUG (docs/workflow.md §8.4); concentrationIndex 255 for a fluid.",
    {
      entryId: ref("u32"),
      concentrationIndex: ref("byte"),
      customAmountAbu: ref("u64"),
      customVolumeUl: ref("u32"),
    },
    ["entryId", "concentrationIndex"],
  ),
  basicArgs: obj("SELECT_BASIC (docs/workflow.md §8.5).", { reason: enumOrCode("basicReason", "byte") }, ["reason"]),
  advisoryArgs: obj("READ_ADVISORY (docs/workflow.md §8.4).", { offset: ref("u16") }, ["offset"]),
  programArgs: obj(
    "PROGRAM or TITRATE: the program block of docs/workflow.md §4.1; values left out are absent. With doseAmount or lineAccess the 48-byte block is sent, else the 36-byte one.",
    { mode: enumOrCode("mode", "byte"), ...programValues },
    ["mode"],
  ),
  overrideArgs: obj(
    "OVERRIDE (docs/workflow.md §8.9). Without echo the runner echoes the payload of the last PROGRAM, TITRATE, BOLUS or SECONDARY it sent.",
    {
      reason: enumOrCode("overrideReason", "byte"),
      echo: ref("hex"),
    },
    ["reason"],
  ),
  bolusArgs: obj(
    "BOLUS (docs/workflow.md §4.4).",
    { kind: enumOrCode("bolusKind", "byte"), dose: ref("u64"), rateUlPerHour: ref("u64") },
    ["kind", "dose", "rateUlPerHour"],
  ),
  secondaryArgs: obj(
    "SECONDARY (docs/workflow.md §4.5): the entry, its concentration and the program block.",
    {
      entryId: ref("u32"),
      concentrationIndex: ref("byte"),
      mode: enumOrCode("mode", "byte"),
      ...programValues,
    },
    ["entryId", "concentrationIndex", "mode"],
  ),
  silenceArgs: obj(
    "SILENCE_ALARMS (docs/workflow.md §8.13): who silences, LOCAL (the pump's keypad) or REMOTE (a link that can be lost).",
    {
      source: enumOrCode("silenceSource", "byte"),
    },
    ["source"],
  ),
  containerArgs: obj(
    "SET_CONTAINER (docs/workflow.md §8.14): the primary container's volume in µL, 0 not tracked.",
    { volumeUl: ref("u32") },
    ["volumeUl"],
  ),
  reportFlowArgs: obj(
    "REPORT_FLOW (docs/workflow.md §8.15): the flow the host measured, µL/h, and its free-flow detector (default false).",
    { measuredUlPerHour: ref("u32"), freeFlow: { type: "boolean" } },
    ["measuredUlPerHour"],
  ),
  autoProgramArgs: obj(
    "AUTO_PROGRAM (issue 13, docs/workflow.md §8.16): the order's ids and drug code (1 … 32 printable ASCII characters), its care area, concentration (amount in ABU, its AmountUnit code, volume in µL; left out for a fluid), dose basis, patient and the program block. An OVERRIDE without echo then echoes the order's program block.",
    {
      orderId: { type: "string", pattern: "^[!-~]{1,32}$" },
      patientId: { type: "string", pattern: "^[!-~]{1,32}$" },
      drugCode: { type: "string", pattern: "^[!-~]{1,32}$" },
      careAreaId: ref("byte"),
      amountAbu: ref("u64"),
      amountUnit: ref("byte"),
      volumeUl: ref("u32"),
      doseBasis: ref("byte"),
      weightG: ref("u32"),
      bsaM2X10000: ref("u32"),
      mode: enumOrCode("mode", "byte"),
      ...programValues,
    },
    ["orderId", "patientId", "drugCode", "careAreaId", "mode"],
  ),
  pcaProgramArgs: obj(
    "PCA_PROGRAM (issue 15, docs/workflow.md §11.2): the basal as the short program block (mode and rateUlPerHour or dose; a rate or dose of 0 is a PCA without a basal), then the PCA settings: the patient's dose in ABU per basis, the lockout in s, the doses per hour, the window maximum in ABU and the window in s (3600 or 14400). An OVERRIDE without echo then echoes these 68 bytes.",
    {
      mode: enumOrCode("mode", "byte"),
      rateUlPerHour: ref("u64"),
      dose: ref("u64"),
      durationS: ref("u64"),
      vtbiUl: ref("u64"),
      pcaDoseAbu: ref("u64"),
      lockoutS: ref("u32"),
      maxDosesPerHour: ref("u32"),
      windowMaxAbu: ref("u64"),
      windowS: ref("u32"),
    },
    ["mode", "pcaDoseAbu", "lockoutS", "maxDosesPerHour", "windowMaxAbu", "windowS"],
  ),
  pcaClinicianBolusArgs: obj(
    "PCA_CLINICIAN_BOLUS (issue 15, docs/workflow.md §11.5): the bolus in ABU per basis, its duration in s (1 … 3600) and the override reason a soft limit needs (left out: none).",
    { doseAbu: ref("u64"), durationS: ref("u32"), overrideReason: enumOrCode("overrideReason", "byte") },
    ["doseAbu", "durationS"],
  ),
  requestArgs: obj(
    "Any request code with a payload as hex, for codes without a typed command (e.g. an unassigned one).",
    { code: ref("u16"), payload: ref("hex") },
    ["code"],
  ),
};

/** The `send` commands and the $defs entry of their args; REQUEST is any code with a hex payload. */
export const COMMAND_ARGS: Readonly<Record<string, string>> = {
  HELLO: "helloArgs",
  GET_STATUS: "noArgs",
  READ_LOG: "readLogArgs",
  CHECK_PROGRAM: "checkProgramArgs",
  GET_INFUSION: "noArgs",
  SELECT_CARE_AREA: "careAreaArgs",
  SET_PATIENT: "patientArgs",
  SELECT_DRUG: "drugArgs",
  SELECT_BASIC: "basicArgs",
  READ_ADVISORY: "advisoryArgs",
  PROGRAM: "programArgs",
  OVERRIDE: "overrideArgs",
  CANCEL: "noArgs",
  START: "noArgs",
  PAUSE: "noArgs",
  RESUME: "noArgs",
  STOP: "noArgs",
  TITRATE: "programArgs",
  BOLUS: "bolusArgs",
  SECONDARY: "secondaryArgs",
  ACK_ALARMS: "noArgs",
  SILENCE_ALARMS: "silenceArgs",
  SET_CONTAINER: "containerArgs",
  REPORT_FLOW: "reportFlowArgs",
  AUTO_PROGRAM: "autoProgramArgs",
  PCA_PROGRAM: "pcaProgramArgs",
  PCA_REQUEST: "noArgs",
  PCA_CLINICIAN_BOLUS: "pcaClinicianBolusArgs",
  PCA_STATUS: "noArgs",
  REQUEST: "requestArgs",
};
/** What the pump's keys can send (a `local` step): every typed command but the raw REQUEST. */
export const LOCAL_COMMANDS = Object.keys(COMMAND_ARGS).filter((command) => command !== "REQUEST");
const needsArgs = (d: string) => ((args[d] as { required?: string[] }).required ?? []).length > 0;

const stepDefs: Record<string, unknown> = {
  sendStep: {
    description:
      "One request through the typed client; expect checks the response (docs/hil.md §2, §3). Without expect the step expects result OK.",
    type: "object",
    properties: {
      send: { enum: Object.keys(COMMAND_ARGS) },
      args: { type: "object" },
      expect: ref("sendExpect"),
      note,
    },
    required: ["send"],
    additionalProperties: false,
    allOf: Object.entries(COMMAND_ARGS).map(([command, d]) => ({
      if: { properties: { send: { const: command } } },
      then: { properties: { args: ref(d) }, ...(needsArgs(d) ? { required: ["args"] } : {}) },
    })),
  },
  localStep: {
    description:
      "One request through the pump's own keys, not the serial line (issue 13: the firmware's receiveLocal, docs/decisions/0036); args and expect as for send. Needs rig control (virtual: the virtual pump's local port); elsewhere the step is blocked.",
    type: "object",
    properties: {
      local: { enum: LOCAL_COMMANDS },
      args: { type: "object" },
      expect: ref("sendExpect"),
      note,
    },
    required: ["local"],
    additionalProperties: false,
    allOf: LOCAL_COMMANDS.map((command) => ({
      if: { properties: { local: { const: command } } },
      then: {
        properties: { args: ref(COMMAND_ARGS[command]) },
        ...(needsArgs(COMMAND_ARGS[command]) ? { required: ["args"] } : {}),
      },
    })),
  },
  sendRawStep: obj(
    "Raw bytes on the line, as written (bad frames, noise); expect.frames lists the frames expected back, in order.",
    {
      sendRaw: ref("hex"),
      expect: obj(
        "The frames received while the line settles.",
        { frames: { type: "array", items: ref("frameMatch") } },
        ["frames"],
      ),
      note,
    },
    ["sendRaw"],
  ),
  advanceStep: obj(
    "Simulated time passes (virtual target: the manual clock; rig: the runner waits real time).",
    {
      advance: { type: "integer", minimum: 0, maximum: 2147483647 },
      note,
    },
    ["advance"],
  ),
  faultStep: obj(
    "The host's inputs: set — exactly these sensor faults are active from now on ([] clears them); flow — exactly these flow fault switches of the virtual pump's flow sensor are on (docs/workflow.md §7.5; [] turns them off). Either or both (sensor faults first); what is left out stays as it is. Needs rig control (flow: a rig with a flow sensor that reports REPORT_FLOW).",
    {
      fault: {
        ...obj("", {
          set: { type: "array", items: ref("sensorFaultName"), uniqueItems: true },
          flow: { type: "array", items: ref("flowFaultName"), uniqueItems: true },
        }),
        minProperties: 1,
      },
      note,
    },
    ["fault"],
  ),
  powerCycleStep: obj("Power off and on; NV survives. Needs rig control.", { powerCycle: { const: true }, note }, [
    "powerCycle",
  ]),
  lineStep: obj(
    "Impair the line from here on, both directions, with seeded randomness. All probabilities 0 or left out: an ideal line again. Needs rig control.",
    {
      line: obj(
        "",
        { drop: ref("probability"), duplicate: ref("probability"), corrupt: ref("probability"), seed: ref("u32") },
        ["seed"],
      ),
      note,
    },
    ["line"],
  ),
  reservoirStep: obj(
    "Hang a new container (bag, bottle) holding ul µL; when the motor has drawn it empty, air reaches the line (virtual: the AIR_IN_LINE fault is raised at that millisecond). A fault already raised stays until a fault step clears it. Needs rig control.",
    {
      reservoir: obj("", { ul: ref("u64") }, ["ul"]),
      note,
    },
    ["reservoir"],
  ),
  provisionKeyStep: obj(
    "Provision the pump's Ed25519 public key, 64 hex digits (docs/host-contract.md §10); expect.status is the Status provisioning must answer (default OK). Needs rig control (virtual: PumpHost.provisionPublicKey).",
    {
      provisionKey: {
        description:
          'The raw 32-byte public key as 64 hex digits, e.g. the digits after "ed25519-public:" in a key file.',
        type: "string",
        pattern: "^[0-9a-fA-F]{64}$",
      },
      expect: obj("", { status: enumOrCode("status") }, ["status"]),
      note,
    },
    ["provisionKey"],
  ),
  transferLibraryStep: obj(
    "Send a library file over the serial protocol (docs/protocol.md §5.6): LIBRARY_BEGIN, LIBRARY_CHUNKs from where the pump stands, then LIBRARY_ACTIVATE if activate; stops at the first refusal. expect checks the answer that ended it (default: result OK).",
    {
      transferLibrary: obj(
        "",
        {
          file: {
            description: "The file, relative to the repository root (no .. segments).",
            type: "string",
            pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$",
          },
          sha256: {
            description: "The file's SHA-256, 64 lower-case hex digits; checked before anything is sent.",
            type: "string",
            pattern: "^[0-9a-f]{64}$",
          },
          chunkBytes: {
            description: `Bytes per LIBRARY_CHUNK (default ${LIBRARY_CHUNK_MAX_BYTES}).`,
            type: "integer",
            minimum: 1,
            maximum: LIBRARY_CHUNK_MAX_BYTES,
          },
          activate: { description: "Send LIBRARY_ACTIVATE after the last chunk.", type: "boolean" },
        },
        ["file", "sha256", "activate"],
      ),
      expect: ref("transferMatch"),
      note,
    },
    ["transferLibrary"],
  ),
  expectEventStep: obj(
    "An EVENT frame received since the last acting step began, after the one the previous expectEvent matched, has every field given (docs/hil.md §2).",
    { expectEvent: ref("eventMatch"), note },
    ["expectEvent"],
  ),
  expectLogStep: obj(
    "READ_LOG: the last records of the event log have these types, oldest first.",
    {
      expectLog: obj(
        "",
        {
          last: { type: "integer", minimum: 1, maximum: 64 },
          types: { type: "array", items: ref("eventTypeName"), minItems: 1, maxItems: 64 },
        },
        ["types"],
      ),
      note,
    },
    ["expectLog"],
  ),
  expectMotorStep: obj(
    "The motor rate in µL/h (virtual: PumpHost's motor; rig: the flow sensor). Needs rig control.",
    { expectMotor: ref("intMatch"), note },
    ["expectMotor"],
  ),
  expectDeliveredStep: obj(
    "The volume delivered since the scenario began, in whole µL, is ul within toleranceUl (default 0) (virtual: the delivery meter, which integrates the motor's rate; rig: the gravimetric balance). Needs rig control.",
    {
      expectDelivered: obj("", { ul: ref("u64"), toleranceUl: ref("u64") }, ["ul"]),
      note,
    },
    ["expectDelivered"],
  ),
  expectStateStep: obj("GET_INFUSION: these snapshot fields match.", { expectState: ref("snapshotMatch"), note }, [
    "expectState",
  ]),
  expectLinkStep: obj(
    "The runner's client counters since the scenario began: retransmissions, bad frames, stray responses.",
    { expectLink: ref("linkMatch"), note },
    ["expectLink"],
  ), // Issue 13: the gateway-backed steps (docs/hil.md §9).
  ...GATEWAY_STEP_DEFS,
};

export const scenarioSchema = (): Record<string, unknown> => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:open-ders:schema:hil-scenario:1",
  title: "Open DERS HIL scenario",
  description:
    "One scenario for the HIL runner (npm run hil, docs/hil.md): steps that talk to a pump and check what it answers, tagged with the requirements and hazards they verify.",
  type: "object",
  properties: {
    $schema: { description: "Optional path or URI of this schema, for editors.", type: "string" },
    id: {
      description: "SC- followed by the file name without .json.",
      type: "string",
      pattern: "^SC-[A-Za-z0-9._-]+$",
    },
    title: { description: "One line saying what the scenario shows.", type: "string", minLength: 1, maxLength: 200 },
    description: { description: "Optional longer text for the report's reader.", type: "string" },
    requirements: {
      description: "Requirement IDs of docs/requirements/ this scenario verifies.",
      type: "array",
      items: { type: "string", pattern: "^REQ-[A-Z]+-[0-9]{3}$" },
      minItems: 1,
      uniqueItems: true,
    },
    hazards: {
      description: "Hazard IDs of docs/hazards/ whose controls this scenario verifies; may be empty.",
      type: "array",
      items: { type: "string", pattern: "^HAZ-[0-9]{3}$" },
      uniqueItems: true,
    },
    steps: { type: "array", items: ref("step"), minItems: 1 },
  },
  required: ["id", "title", "requirements", "hazards", "steps"],
  additionalProperties: false,
  $defs: {
    step: {
      description: `Exactly one of: ${STEP_KEYS.join(", ")}.`,
      type: "object",
      anyOf: STEP_KEYS.map((key) => ({ required: [key] })),
      allOf: STEP_KEYS.map((key) => ({ if: { required: [key] }, then: ref(`${key}Step`) })),
    },
    ...stepDefs,
    ...args,
    sendExpect: table(
      "Checks of a response: result and detail, the engine result's head, the snapshot's state, other snapshot fields, and the command's own decoded fields.",
      F.SEND_FIELDS,
      { snapshot: ref("snapshotMatch"), response: ref("responseMatch") },
    ),
    snapshotMatch: table("Fields of the 88-byte state snapshot (docs/workflow.md §8).", F.SNAPSHOT_FIELDS),
    responseMatch: table(
      "Decoded fields of HELLO, GET_STATUS, SET_PATIENT, SELECT_DRUG, READ_ADVISORY and READ_LOG responses; each must belong to the command sent.",
      responseTable,
    ),
    eventMatch: {
      ...table("Fields of a 64-byte event record (docs/event-log.md §3).", F.EVENT_FIELDS),
      required: ["type"],
    },
    frameMatch: table("A frame received after sendRaw.", F.FRAME_FIELDS),
    linkMatch: table("The runner's client counters.", F.LINK_FIELDS),
    transferMatch: table(
      "The answer that ended a transferLibrary step: command, result, detail (a Status for LIBRARY_REFUSED), and from an OK answer's status block libraryVersion, versionFloor, keyState; chunksSent counts the runner's LIBRARY_CHUNKs.",
      F.TRANSFER_FIELDS,
    ),
    u64: {
      description: `An unsigned 64-bit integer: a JSON number up to 2^53-1, or a decimal string for larger values, up to ${U64_MAX} (2^64-1).`,
      anyOf: [
        { type: "integer", minimum: 0, maximum: 9007199254740991 },
        { type: "string", pattern: U64_PATTERN },
      ],
    },
    u32: { type: "integer", minimum: 0, maximum: 4294967295 },
    u16: { type: "integer", minimum: 0, maximum: 65535 },
    byte: { type: "integer", minimum: 0, maximum: 255 },
    code: { description: "A numeric code instead of its name.", type: "integer", minimum: 0, maximum: 4294967295 },
    intMatch: {
      description: "An exact value, or a range {min, max} (either bound may be left out).",
      anyOf: [ref("u64"), obj("", { min: ref("u64"), max: ref("u64") })],
    },
    hex: {
      description: "Bytes as hex pairs, optionally separated by single spaces.",
      type: "string",
      pattern: "^([0-9a-fA-F]{2}( ?[0-9a-fA-F]{2})*)?$",
    },
    probability: {
      description: 'A decimal string from 0 to 1, e.g. "0.01".',
      type: "string",
      pattern: "^(0|1)(\\.[0-9]{1,12})?$",
    },
    ...names,
    flowFaultName: { enum: [...FLOW_FAULT_NAMES] },
  },
});
