// The cumulative history across a library activation (decision 0033, REQ-WF-094, docs/workflow.md
// §6.3): it follows the drug, not the entry id. Kept when the new library's entry of that id is the
// same drug (display name and amount dimension); moved when the new library numbers that drug
// differently; dropped when no entry (or more than one) is that drug — each change logged
// CUMULATIVE_HISTORY_CHANGED (69). Worked by hand on the ward library's DOPamine, 400 mg / 250 mL
// (1,600,000 ABU per µL), with a cumulative hard maximum of 2.5 mg per hour: 1,000 µL is 1.6 mg; a
// second 1,000 µL within the hour would make 3.2 mg.
import { describe, expect, it } from "vitest";
import { Mode, Param, Status, Verdict } from "../../firmware/abi/codes.ts";
import { CumulativeHistoryChange, EventType } from "../../firmware/abi/event-types.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { loadImage } from "../nv/firmware-instance.ts";
import { CARBOPLATIN, DOPAMINE, ICU, WARD_SPEC } from "../firmware/ward-library.ts";
import {
  CUMULATIVE_REGION_OFFSET,
  TRACK_BUCKETS,
  TRACK_ENTRY_ID,
  TRACK_SIZE,
} from "../../firmware/abi/cumulative-layout.ts";
import { writeTestImage, type SpecEntry, type SpecLibrary } from "../oracle/test-image-writer.ts";
import { PumpDriver } from "./driver.ts";

const HARD_MAX = 2_500_000_000n; // ABU: 2.5 mg
const GIVEN = 1_600_000_000n; // ABU: 1,000 µL
const CUMULATIVE = { kind: LimitKind.CUMULATIVE, mask: 0b1000, argument: 3_600, values: [0n, 0n, 0n, HARD_MAX] };

type EntryChange = (dopamine: SpecEntry) => SpecEntry[];

/** The ward library, version `version`, DOPamine with the cumulative limit, rewritten by `change`. */
function library(version: number, change: EntryChange = (e) => [e]): Uint8Array {
  const spec: SpecLibrary = {
    ...WARD_SPEC,
    version,
    entries: WARD_SPEC.entries
      .flatMap((e) => (e.id === DOPAMINE ? change({ ...e, records: [CUMULATIVE] }) : [e]))
      .sort((a, b) => a.id - b.id),
  };
  return writeTestImage(spec);
}

function select(pump: PumpDriver, entryId: number): void {
  expect(pump.selectCareArea(ICU).result).toBe(Result.OK);
  expect(pump.setPatient(70_000).result).toBe(Result.OK);
  expect(pump.selectDrug({ entryId, concentrationIndex: 0 }).result).toBe(Result.OK);
}

const program = (pump: PumpDriver) =>
  pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n, vtbiUl: 1_000n }).value!.result!;

/** 1,000 µL of DOPamine given and stopped, then the library `next` activated. */
function givenThenActivated(next: Uint8Array): PumpDriver {
  const pump = new PumpDriver({ image: library(12) });
  select(pump, DOPAMINE);
  expect(program(pump).verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
  pump.tick(360_000); // 1,000 µL at 10,000 µL/h
  expect(pump.getInfusion().value?.snapshot).toMatchObject({ segment: Segment.KVO, primaryDeliveredUl: 1_000n });
  expect(pump.stop().result).toBe(Result.OK);
  // The same program again, before any activation: 3.2 mg in the hour, a hard stop on CUMULATIVE.
  expect(program(pump)).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.CUMULATIVE });
  expect(pump.cancel().result).toBe(Result.OK);
  expect(loadImage(pump.firmware, next)).toBe(Status.OK);
  expect(pump.getInfusion().value?.snapshot.state).toBe(PumpState.IDLE);
  return pump;
}

const changes = (pump: PumpDriver) => pump.records().filter((r) => r.type === EventType.CUMULATIVE_HISTORY_CHANGED);

describe("REQ-WF-094 the cumulative history follows the drug into a new library", () => {
  it("the same entry id and drug (a new version, or mg for mcg): kept, nothing logged", () => {
    for (const next of [library(13), library(13, (e) => [{ ...e, amountUnit: 2 }])]) {
      const pump = givenThenActivated(next);
      select(pump, DOPAMINE);
      expect(program(pump)).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.CUMULATIVE });
      expect(changes(pump)).toEqual([]);
    }
  });

  it("renumbered (DOPamine now entry 8, id 7 gone): moved to 8, logged MOVED; entry 8 is held to the history", () => {
    const pump = givenThenActivated(library(13, (e) => [{ ...e, id: 8 }]));
    expect(changes(pump)).toMatchObject([
      { entryId: DOPAMINE, value: GIVEN, limit: 8n, detail: CumulativeHistoryChange.MOVED },
    ]);
    select(pump, 8);
    expect(program(pump)).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.CUMULATIVE });
  });

  it("id 7 now another drug, DOPamine at 9: moved to 9; the other drug at 7 starts empty", () => {
    const pump = givenThenActivated(
      library(13, (e) => [
        { ...e, name: "DOBUTamine" },
        { ...e, id: 9 },
      ]),
    );
    expect(changes(pump)).toMatchObject([{ entryId: DOPAMINE, limit: 9n, detail: CumulativeHistoryChange.MOVED }]);
    select(pump, DOPAMINE);
    expect(program(pump).verdict).toBe(Verdict.GO);
    pump.cancel();
    pump.cancel();
    select(pump, 9);
    expect(program(pump)).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.CUMULATIVE });
  });

  it("dropped when no entry is that drug (renamed), when two others are, or when its amount is another dimension", () => {
    const cases: [string, EntryChange, number][] = [
      ["renamed", (e) => [{ ...e, name: "DOPamine HCl" }], DOPAMINE],
      [
        "id 7 gone, two entries are DOPamine",
        (e) => [
          { ...e, id: 8 },
          { ...e, id: 9 },
        ],
        8,
      ],
      ["units: an ABU is no longer a picogram", (e) => [{ ...e, amountUnit: 5 }], DOPAMINE],
    ];
    for (const [what, change, programmed] of cases) {
      const pump = givenThenActivated(library(13, change));
      expect(changes(pump), what).toMatchObject([
        { entryId: DOPAMINE, value: GIVEN, limit: 0n, detail: CumulativeHistoryChange.DROPPED },
      ]);
      select(pump, programmed);
      expect(program(pump).verdict, what).toBe(Verdict.GO);
    }
  });
});

describe("REQ-WF-089 a secondary stopped at its cumulative limit is logged as the secondary's", () => {
  it("INFUSION_PAUSED and CUMULATIVE_LIMIT_REACHED name the secondary's entry (review: the pause named the primary)", () => {
    // CARBOplatin (entry 20, 450 mg / 45 mL, 10,000,000 ABU per µL) as a secondary with a 1 h hard
    // maximum of 100 mg. Delivery cannot cross a limit START has checked, so the test puts 99.9 mg
    // into the secondary's history bucket directly (fault injection into the documented region,
    // abi/cumulative-layout.ts): 0.1 mg, 10 µL, is all that may still be given.
    const carboplatin = WARD_SPEC.entries.find((e) => e.id === CARBOPLATIN)!;
    const spec: SpecLibrary = {
      ...WARD_SPEC,
      entries: WARD_SPEC.entries.map((e) =>
        e.id !== CARBOPLATIN
          ? e
          : {
              ...carboplatin,
              secondaryAllowed: true,
              records: [{ ...CUMULATIVE, values: [0n, 0n, 0n, 100_000_000_000n] }],
            },
      ),
    };
    const pump = new PumpDriver({ image: writeTestImage(spec) });
    pump.selectCareArea(ICU);
    pump.setPatient(70_000, 17_300);
    pump.selectDrug({ entryId: DOPAMINE, concentrationIndex: 0 });
    pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n });
    expect(pump.start().result).toBe(Result.OK);
    // 5,000 µL over 3,600 s: 50 mg, within the 100 mg alone.
    const secondary = pump.secondary({
      entryId: CARBOPLATIN,
      concentrationIndex: 0,
      program: { mode: Mode.DURATION, durationS: 3_600n, vtbiUl: 5_000n },
    });
    expect(secondary.value?.result?.verdict).toBe(Verdict.GO);
    expect(pump.start().value?.snapshot.segment).toBe(Segment.SECONDARY);
    pump.tick(1); // the secondary's first pass opens its track
    const memory = new DataView(pump.firmware.memory.buffer);
    const track = [0, 1]
      .map((t) => CUMULATIVE_REGION_OFFSET + t * TRACK_SIZE)
      .find((at) => memory.getUint32(at + TRACK_ENTRY_ID, true) === CARBOPLATIN)!;
    expect(track).toBeDefined();
    memory.setBigUint64(track + TRACK_BUCKETS, 99_900_000_000n, true); // minute 0's bucket
    pump.tick(59_000);
    const snapshot = pump.getInfusion().value!.snapshot;
    expect(snapshot).toMatchObject({ state: PumpState.ALARM, segment: Segment.SECONDARY, motorRateUlPerHour: 0n });
    const paused = pump.records().filter((r) => r.type === EventType.INFUSION_PAUSED);
    expect(paused.at(-1)).toMatchObject({ entryId: CARBOPLATIN, detail: 0x10d });
    expect(pump.records().filter((r) => r.type === EventType.CUMULATIVE_LIMIT_REACHED)).toMatchObject([
      { entryId: CARBOPLATIN, limit: 100_000_000_000n },
    ]);
  });
});
