// The hex examples of docs/workflow.md §10, read from the document itself: the host codec decodes
// them to the fields the text states, and a fresh pump (tests/workflow/driver.ts: init() and the
// example library, nothing else), fed the documented request bytes in order, answers exactly the
// documented event and response bytes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  Mode,
  Param,
  RX_BUFFER_OFFSET,
  Status,
  Tier,
  TX_BUFFER_OFFSET,
  TX_BUFFER_SIZE,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { OverrideReason, ProgramKind, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { cobsDecode } from "../../simulator/client/cobs.ts";
import { checkSegment, encodeFrame, splitStream, type Frame } from "../../simulator/client/frame.ts";
import { decodeError } from "../../simulator/client/messages.ts";
import {
  decodeSelectDrug,
  decodeWorkflow,
  encodeCareArea,
  encodeOverride,
  encodePatient,
  encodeProgramBlock,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";

const DOC_PATH = "docs/workflow.md";
const DOC = readFileSync(DOC_PATH, "utf8");

/** Every ```hex wire:<name> / ```hex decoded:<name> block of the document. */
function hexBlocks(): Map<string, Uint8Array> {
  const blocks = new Map<string, Uint8Array>();
  for (const match of DOC.matchAll(/```hex (wire|decoded):([a-z-]+)\n([\s\S]*?)```/g)) {
    const key = `${match[1]}:${match[2]}`;
    if (blocks.has(key)) throw new Error(`${DOC_PATH} has two \`\`\`hex ${key} blocks`);
    const bytes = match[3]
      .trim()
      .split(/\s+/)
      .map((h) => (/^[0-9a-f]{2}$/i.test(h) ? Number.parseInt(h, 16) : Number.NaN));
    if (bytes.some((b) => Number.isNaN(b))) throw new Error(`${DOC_PATH} ${key} has a non-hex byte`);
    blocks.set(key, Uint8Array.from(bytes));
  }
  return blocks;
}

const blocks = hexBlocks();
const block = (key: string): Uint8Array => {
  const bytes = blocks.get(key);
  if (bytes === undefined) throw new Error(`${DOC_PATH} has no \`\`\`hex ${key} block`);
  return bytes;
};
const frameOf = (name: string): Frame => {
  const wire = block(`wire:${name}`);
  const check = checkSegment(wire.subarray(0, -1));
  if (!check.ok) throw new Error(`${DOC_PATH} example ${name} does not decode: detail ${check.detail}`);
  return check.frame;
};
const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The exchanges of §10, in the order they are sent to one pump: request, then the events and the response it answers. */
const EXCHANGES: { name: string; events: string[] }[] = [
  { name: "select-care-area", events: [] },
  { name: "set-patient", events: [] },
  { name: "select-drug", events: [] },
  { name: "program", events: ["program-event"] },
  { name: "override-mismatch", events: [] },
  { name: "override", events: ["override-event"] },
  { name: "start", events: ["start-event"] },
];

const UNITS = 1_000_000n; // ABU per unit (docs/units.md)
const checkedBlock = encodeProgramBlock({ mode: Mode.DOSE, dose: 30n * UNITS, vtbiUl: 500_000n });

/** The bytes the pump sends back for one request's wire bytes (every frame with its delimiter). */
function exchange(pump: PumpDriver, wire: Uint8Array): Buffer {
  const memory = () => new Uint8Array(pump.firmware.memory.buffer);
  memory().set(wire, RX_BUFFER_OFFSET);
  expect(pump.firmware.receive(wire.length)).toBe(1);
  const out: number[] = [];
  for (;;) {
    const count = pump.firmware.transmit(TX_BUFFER_SIZE);
    if (count <= 0) break;
    out.push(...memory().subarray(TX_BUFFER_OFFSET, TX_BUFFER_OFFSET + count));
  }
  return Buffer.from(out);
}

/** A request after the documented ones (sequence 7 on): its response payload. The driver's own counter would reuse 0–6. */
function later(pump: PumpDriver, sequence: number, code: Command): Uint8Array {
  const frames = splitStream(exchange(pump, encodeFrame(FrameType.REQUEST, sequence, code, new Uint8Array(0)))).map(
    (segment) => {
      const check = checkSegment(segment);
      if (!check.ok) throw new Error(`bad frame from the pump: detail ${check.detail}`);
      return check.frame;
    },
  );
  const response = frames.find((f) => f.type === FrameType.RESPONSE && f.sequence === sequence && f.code === code);
  if (response === undefined) throw new Error(`no response to #${sequence}`);
  return response.payload;
}

const documentedAnswer = (name: string, events: string[]): Buffer =>
  Buffer.concat([...events.map((e) => block(`wire:${e}`)), block(`wire:${name}-response`)]);

describe("REQ-PRO-014 docs/workflow.md §10 examples, host codec", () => {
  it("every wire block is COBS of its decoded block followed by one delimiter, and every frame is documented both ways", () => {
    const names = EXCHANGES.flatMap(({ name, events }) => [`${name}-request`, `${name}-response`, ...events]);
    expect([...blocks.keys()].sort()).toEqual(names.flatMap((n) => [`decoded:${n}`, `wire:${n}`]).sort());
    for (const name of names) {
      const wire = block(`wire:${name}`);
      expect(wire.at(-1), name).toBe(0);
      expect(wire.subarray(0, -1).includes(0), name).toBe(false);
      expect(cobsDecode(wire.subarray(0, -1)), name).toEqual(block(`decoded:${name}`));
    }
  });

  it("the requests are sequences 0–6 with the codes and payloads the text states", () => {
    const expected: [string, Command, Uint8Array][] = [
      ["select-care-area", Command.SELECT_CARE_AREA, encodeCareArea(ICU)],
      ["set-patient", Command.SET_PATIENT, encodePatient(70_000, 0)],
      ["select-drug", Command.SELECT_DRUG, encodeSelectDrug({ entryId: HEPARIN, concentrationIndex: 0 })],
      ["program", Command.PROGRAM, checkedBlock],
      [
        "override-mismatch",
        Command.OVERRIDE,
        encodeOverride(
          OverrideReason.CONFIRMED_WITH_PRESCRIBER,
          encodeProgramBlock({ mode: Mode.DOSE, dose: 31n * UNITS, vtbiUl: 500_000n }),
        ),
      ],
      ["override", Command.OVERRIDE, encodeOverride(OverrideReason.CONFIRMED_WITH_PRESCRIBER, checkedBlock)],
      ["start", Command.START, new Uint8Array(0)],
    ];
    expected.forEach(([name, code, payload], sequence) => {
      expect(frameOf(`${name}-request`), name).toEqual({
        version: 1,
        type: FrameType.REQUEST,
        sequence,
        code,
        payload,
      });
      const response = frameOf(`${name}-response`);
      expect([response.type, response.sequence, response.code], name).toEqual([FrameType.RESPONSE, sequence, code]);
    });
    // The program block read field by field (docs/workflow.md §4.1), independently of the encoder.
    const program = view(frameOf("program-request").payload);
    expect([program.getUint8(0), program.getUint8(1), program.getUint16(2, true)]).toEqual([Mode.DOSE, 0, 0x000a]);
    expect([4, 12, 20, 28].map((at) => program.getBigUint64(at, true))).toEqual([0n, 30_000_000n, 0n, 500_000n]);
    const mismatch = frameOf("override-mismatch-request").payload;
    expect([mismatch[0], view(mismatch).getBigUint64(1 + 12, true)]).toEqual([1, 31_000_000n]);
    expect(frameOf("override-request").payload.subarray(1)).toEqual(frameOf("program-request").payload);
  });

  it("the responses and events carry the fields the text states", () => {
    const area = decodeWorkflow(frameOf("select-care-area-response").payload, "plain").snapshot;
    expect(area).toMatchObject({
      state: PumpState.AREA_SELECTED,
      careAreaId: ICU,
      concentrationIndex: 0xff,
      pendingVerdict: 0xff,
      secondaryConcentrationIndex: 0xff,
      entryId: 0,
    });
    const patient = decodeWorkflow(frameOf("set-patient-response").payload, "patient");
    expect(patient.patient).toEqual({ weightClassification: 2, bsaClassification: 0 });
    expect(patient.snapshot).toMatchObject({ state: PumpState.AREA_SELECTED, weightG: 70_000 });
    const drug = decodeSelectDrug(frameOf("select-drug-response").payload);
    expect(drug).toMatchObject({
      entryFlags: 5, // high-alert | EXTENDED (heparin 1001 has a default dose, a limit record)
      infusionType: 0,
      doseBasis: 1,
      concentrationKind: 0,
      advisoryLength: 92,
    });
    expect(drug.advisory).toBe(
      "High-alert: independent double check of weight (kg), dose and rate. Bolus from the same bag.",
    );
    expect(drug.snapshot).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      entryId: HEPARIN,
      concentrationIndex: 0,
      drugSelected: true,
    });

    const program = decodeWorkflow(frameOf("program-response").payload, "result");
    expect(program.snapshot).toMatchObject({
      state: PumpState.PROGRAM_PENDING,
      pendingKind: ProgramKind.PRIMARY,
      pendingVerdict: Verdict.SOFT_STOP,
      pendingOverride: 0,
    });
    expect(program.result).toMatchObject({
      status: Status.OK,
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.DOSE,
      bindingTier: Tier.SOFT_MAX,
      bindingLimitValue: 25_000_000n,
      deliveredRateUlPerHour: 42_000n,
    });
    expect(program.result!.params[Param.DOSE]).toMatchObject({
      classification: 4,
      displayValue: 30_000_000n,
      limitValue: 25_000_000n,
    });
    expect(program.result!.params[Param.DOSE_ABSOLUTE].displayValue).toBe(2_100_000_000n);
    expect(program.result!.params[Param.DURATION].displayValue).toBe(42_857n);

    const alertEvent = frameOf("program-event");
    expect([alertEvent.type, alertEvent.sequence, alertEvent.code]).toEqual([
      FrameType.EVENT,
      2,
      EventType.ALERT_RAISED,
    ]);
    expect(decodeRecord(alertEvent.payload)).toMatchObject({
      sequence: 3,
      type: EventType.ALERT_RAISED,
      status: 0,
      timeMs: 0n,
      libraryVersion: 12,
      entryId: HEPARIN,
      careAreaId: ICU,
      outcome: Verdict.SOFT_STOP,
      param: Param.DOSE,
      tier: Tier.SOFT_MAX,
      reasonCode: 0,
      mode: Mode.DOSE,
      concentrationIndex: 0,
      value: 30_000_000n,
      limit: 25_000_000n,
      rateUlPerHour: 42_000n,
      detail: ProgramKind.PRIMARY,
    });
    expect(view(alertEvent.payload).getUint32(60, true)).toBe(0x25a4ed54);
    expect(decodeError(frameOf("override-mismatch-response").payload)).toEqual({
      result: Result.OVERRIDE_MISMATCH,
      detail: 0,
    });

    const overrideEvent = frameOf("override-event");
    expect([overrideEvent.type, overrideEvent.sequence, overrideEvent.code]).toEqual([
      FrameType.EVENT,
      3,
      EventType.SOFT_STOP_OVERRIDDEN,
    ]);
    expect(decodeRecord(overrideEvent.payload)).toMatchObject({
      sequence: 4,
      type: EventType.SOFT_STOP_OVERRIDDEN,
      status: 0,
      timeMs: 0n,
      libraryVersion: 12,
      entryId: HEPARIN,
      careAreaId: ICU,
      outcome: Verdict.SOFT_STOP,
      param: Param.DOSE,
      tier: Tier.SOFT_MAX,
      reasonCode: OverrideReason.CONFIRMED_WITH_PRESCRIBER,
      mode: Mode.DOSE,
      concentrationIndex: 0,
      value: 30_000_000n,
      limit: 25_000_000n,
      rateUlPerHour: 42_000n,
      detail: ProgramKind.PRIMARY,
    });
    expect(view(overrideEvent.payload).getUint32(60, true)).toBe(0xf2bd1a5c);
    expect(decodeWorkflow(frameOf("override-response").payload, "plain").snapshot.pendingOverride).toBe(
      OverrideReason.CONFIRMED_WITH_PRESCRIBER,
    );

    const startEvent = frameOf("start-event");
    expect([startEvent.type, startEvent.sequence, startEvent.code]).toEqual([
      FrameType.EVENT,
      4,
      EventType.INFUSION_STARTED,
    ]);
    expect(decodeRecord(startEvent.payload)).toMatchObject({
      sequence: 5,
      type: EventType.INFUSION_STARTED,
      entryId: HEPARIN,
      careAreaId: ICU,
      outcome: 0xff,
      param: 0xff,
      mode: Mode.DOSE,
      concentrationIndex: 0,
      value: 500_000n,
      rateUlPerHour: 42_000n,
      detail: 0,
    });
    expect(decodeWorkflow(frameOf("start-response").payload, "plain").snapshot).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.PRIMARY,
      pendingKind: 0,
      pendingVerdict: 0xff,
      motorRateUlPerHour: 42_000n,
      primaryRateUlPerHour: 42_000n,
      primaryVtbiUl: 500_000n,
      primaryDeliveredUl: 0n,
      totalDeliveredUl: 0n,
    });
  });
});

describe("docs/workflow.md §10 examples, firmware (fresh pump, example library, no tick)", () => {
  /** A fresh pump that has already answered the exchanges before `upTo` exactly as documented. */
  function pumpBefore(upTo: number): PumpDriver {
    const pump = new PumpDriver();
    for (const { name, events } of EXCHANGES.slice(0, upTo)) {
      expect(exchange(pump, block(`wire:${name}-request`)), name).toEqual(documentedAnswer(name, events));
    }
    return pump;
  }
  const titles: Record<string, string> = {
    "select-care-area": "REQ-WF-001 SELECT_CARE_AREA of Adult ICU selects it",
    "set-patient": "REQ-WF-002 SET_PATIENT of 70 kg is classified WITHIN and kept",
    "select-drug": "REQ-WF-003 SELECT_DRUG of heparin reports flags and the advisory",
    program: "REQ-WF-011 PROGRAM of heparin 30 units/kg/h is a pending soft stop on DOSE",
    "override-mismatch": "REQ-WF-011 REQ-WF-013 OVERRIDE echoing other values is refused with OVERRIDE_MISMATCH",
    override: "REQ-WF-011 REQ-WF-050 OVERRIDE echoing the checked block is logged SOFT_STOP_OVERRIDDEN",
    start: "REQ-WF-022 REQ-WF-060 START runs the overridden program: INFUSION_STARTED, motor at 42,000 µL/h",
  };

  EXCHANGES.forEach(({ name, events }, index) => {
    it(`${titles[name]}: exactly the documented bytes`, () => {
      const pump = pumpBefore(index);
      expect(exchange(pump, block(`wire:${name}-request`))).toEqual(documentedAnswer(name, events));
    });
  });

  it("REQ-WF-013 the refused OVERRIDE changed nothing: no record, START still blocked", () => {
    const pump = pumpBefore(EXCHANGES.findIndex((e) => e.name === "override-mismatch") + 1);
    expect(pump.records().at(-1)?.type).toBe(EventType.ALERT_RAISED); // the PROGRAM's soft stop, nothing after it
    expect(decodeWorkflow(later(pump, 7, Command.GET_INFUSION), "plain").snapshot).toMatchObject({
      state: PumpState.PROGRAM_PENDING,
      pendingVerdict: Verdict.SOFT_STOP,
      pendingOverride: 0,
    });
    expect(decodeError(later(pump, 8, Command.START))).toEqual({ result: Result.START_BLOCKED, detail: 1 });
    expect(pump.motorRate()).toBe(0n);
  });

  it("REQ-WF-060 after the documented START the firmware's motor rate is the documented 42,000 µL/h", () => {
    const pump = pumpBefore(EXCHANGES.length);
    expect(pump.motorRate()).toBe(42_000n);
  });
});
