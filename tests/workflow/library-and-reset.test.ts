// Sequences where something other than a workflow command changes the ground under the workflow:
// a key provisioned that drops the library, an engine reset, an export called before init(), a
// library transfer activated under an infusion, and boluses on libraries that bound them badly.
// Each was found by review and reproduced before it was fixed.
import { describe, expect, it } from "vitest";
import { Mode, Status, Verdict } from "../../firmware/abi/codes.ts";
import { SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { encodeLibraryBegin, encodeLibraryChunk } from "../../simulator/client/library-messages.ts";
import { WARD_SPEC } from "../firmware/ward-library.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { provision } from "../library-transfer/pump.ts";
import { loadImage, logOf, powerOn } from "../nv/firmware-instance.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { HEPARIN, ICU, NO_CONCENTRATION, PumpDriver, SALINE } from "./driver.ts";

const UNITS = 1_000_000n;

function heparinPending(): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(70_000);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  expect(pump.program({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 500_000n }).value?.result?.verdict).toBe(
    Verdict.GO,
  );
  return pump;
}

describe("REQ-SIG-003 REQ-SIG-012 a key that drops the library takes the workflow with it", () => {
  it("provisioned while a go program is pending: the unsigned library is dropped, the workflow is idle, START is NO_LIBRARY", () => {
    const pump = heparinPending();
    expect(provision(pump.firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(pump.firmware.libraryVersion()).toBe(0);
    expect(pump.start()).toMatchObject({ result: Result.NO_LIBRARY });
    expect(pump.motorRate()).toBe(0n);
    expect(pump.getInfusion().value?.snapshot).toMatchObject({ state: PumpState.IDLE, pendingKind: 0, entryId: 0 });
  });
});

describe("REQ-WF-041 an engine reset keeps the host's sensor inputs", () => {
  it("occlusion reported, then init() again: the occlusion still blocks START", () => {
    const pump = new PumpDriver();
    pump.setFaults(1 << SensorFault.OCCLUSION);
    expect(pump.firmware.init()).toBe(Status.OK); // engine reset: no library
    expect(loadImage(pump.firmware, exampleLibraryImage())).toBe(Status.OK);
    pump.selectCareArea(ICU);
    pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
    pump.program({ mode: Mode.RATE, rateUlPerHour: 20_000n });
    expect(pump.start()).toMatchObject({ result: Result.ALARM_ACTIVE, detail: 1 << Alarm.OCCLUSION });
    expect(pump.motorRate()).toBe(0n);
  });
});

describe("REQ-HOST-003 an export before init() does not turn init() into an engine reset", () => {
  it("keyState() then init() after a power cycle: the saved library is restored and stays", () => {
    const first = new PumpDriver();
    const nv = first.nv();
    const second = powerOn(nv);
    second.keyState(); // runs the cold start itself
    expect(second.init()).toBe(Status.OK);
    expect(second.libraryVersion()).toBe(12);
    const third = powerOn(new Uint8Array(second.memory.buffer).slice(0x20000, 0x20000 + nv.length));
    expect(third.init()).toBe(Status.OK);
    expect(third.libraryVersion()).toBe(12);
    expect(logOf(third).records.filter((r) => r.typeName === "POWER_ON").length).toBeGreaterThanOrEqual(3);
  });
});

describe("REQ-SIG-010 activation under an infusion is busy before anything else", () => {
  it("a complete transfer with a wrong digest, activated while heparin runs: LIBRARY_BUSY, nothing logged, the transfer kept", () => {
    const pump = heparinPending();
    pump.start();
    const file = exampleLibraryImage();
    expect(pump.send(Command.LIBRARY_BEGIN, encodeLibraryBegin(file.length, new Uint8Array(32))).result).toBe(
      Result.OK,
    );
    for (let offset = 0; offset < file.length; offset += 480) {
      expect(
        pump.send(Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, file.subarray(offset, offset + 480))).result,
      ).toBe(Result.OK);
    }
    const logged = pump.records().length;
    const activate = pump.send(Command.LIBRARY_ACTIVATE, new Uint8Array(0));
    expect(activate).toMatchObject({ result: Result.LIBRARY_REFUSED, detail: Status.LIBRARY_BUSY, events: [] });
    expect(pump.records().length).toBe(logged);
    expect(pump.motorRate()).toBe(25_200n);
  });
});

describe("REQ-WF-030 a bolus needs a hard maximum for its dose", () => {
  // Ward library, ICU (id 1): dopamine 400 mg / 250 mL, weight-based; 10 mL/h at 70 kg is within its dose limits.
  const wardWith = (bolusDose: Record<string, bigint>): Uint8Array =>
    writeTestImage({
      ...WARD_SPEC,
      entries: WARD_SPEC.entries.map((e) =>
        e.id === 7 ? { ...e, limits: { ...e.limits, bolusDose, bolusRate: { hmax: 999_000n } } } : e,
      ),
    });
  const runningDopamine = (image: Uint8Array): PumpDriver => {
    const pump = new PumpDriver({ image });
    pump.selectCareArea(1);
    pump.setPatient(70_000);
    pump.selectDrug({ entryId: 7, concentrationIndex: 0 });
    expect(pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n }).value?.result?.verdict).toBe(Verdict.GO);
    expect(pump.start().result).toBe(Result.OK);
    return pump;
  };

  it("limits with only a (placeholder) minimum allow no bolus at all", () => {
    const pump = runningDopamine(wardWith({ hmin: 1n }));
    expect(pump.bolus({ kind: 0, dose: 22_857_142_857n, rateUlPerHour: 990_000n }).result).toBe(Result.NOT_ALLOWED);
  });

  it("with a hard maximum the bolus is checked against it", () => {
    // 0.5 mg/kg at 70 kg = 35 mg, plus an hour of the running 10 mL/h at 1.6 mg/mL = 16 mg: within dopamine's hourly
    // cap of 60 mg/h, which bounds a bolus when the entry has no bolusDoseAbsolute (REQ-ENG-037).
    const pump = runningDopamine(wardWith({ hmin: 1n, hmax: 500_000_000n }));
    expect(pump.bolus({ kind: 0, dose: 500_000_001n, rateUlPerHour: 500_000n }).value?.result?.verdict).toBe(
      Verdict.HARD_STOP,
    );
    expect(pump.bolus({ kind: 0, dose: 500_000_000n, rateUlPerHour: 500_000n }).value?.result?.verdict).toBe(
      Verdict.GO,
    );
  });
});

describe("REQ-WF-020 a titration leaves a finished bolus finished", () => {
  it("after a 1 mL bolus was given, a titration with its own VTBI shows no bolus remaining", () => {
    const pump = heparinPending();
    pump.start();
    // 0.5 units/kg at 70 kg = 35 units = 0.7 mL at 50 units/mL; heparin's bolus limits: soft max 80, hard max 100 units/kg.
    expect(pump.bolus({ kind: 0, dose: 500_000n, rateUlPerHour: 600_000n }).value?.result?.verdict).toBe(Verdict.GO);
    pump.start();
    pump.tick(60_000);
    expect(pump.getInfusion().value?.snapshot).toMatchObject({ segment: Segment.PRIMARY, bolusRemainingUl: 0n });
    pump.titrate({ mode: Mode.DOSE, dose: 20n * UNITS, vtbiUl: 400_000n });
    expect(pump.start().value?.snapshot).toMatchObject({
      primaryRateUlPerHour: 28_000n,
      bolusRemainingUl: 0n,
      secondaryRemainingUl: 0n,
    });
  });
});
