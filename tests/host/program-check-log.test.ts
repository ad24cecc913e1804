// CHECK_PROGRAM through the serial protocol logs a PROGRAM_CHECK record (REQ-HOST-014).
import { describe, expect, it } from "vitest";
import { Mode, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { checkSegment, encodeFrame, splitStream } from "../../simulator/client/frame.ts";
import { encodeCheckProgram } from "../../simulator/client/messages.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { ICU, SALINE, WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";

describe("REQ-HOST-014 REQ-HOST-013 DERS checks are logged", () => {
  it("each CHECK_PROGRAM appends a PROGRAM_CHECK record matching the engine's result, and sends it as an EVENT", async () => {
    const host = await PumpHost.create();
    expect(host.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
    host.tick(42);
    const requests: EngineRequest[] = [
      { entryId: SALINE, careAreaId: ICU, concentrationIndex: 0xff, mode: Mode.RATE, rateUlPerHour: 100_000n },
      { entryId: SALINE, careAreaId: ICU, concentrationIndex: 0xff, mode: Mode.RATE, rateUlPerHour: 9_000_000n },
      { entryId: 999, careAreaId: ICU, concentrationIndex: 0xff, mode: Mode.RATE, rateUlPerHour: 100_000n },
    ];
    requests.forEach((request, i) => {
      host.drainTransmit();
      const expected = host.evaluate(request); // the same engine, called directly
      host.receive(encodeFrame(FrameType.REQUEST, 100 + i, Command.CHECK_PROGRAM, encodeCheckProgram(request)));
      const frames = splitStream(host.drainTransmit())
        .map(checkSegment)
        .flatMap((c) => (c.ok ? [c.frame] : []));
      expect(frames.filter((f) => f.type === FrameType.EVENT).map((f) => f.code)).toEqual([EventType.PROGRAM_CHECK]);
      const record = readNvLog(host.currentNv())!.records.at(-1)!;
      expect(record).toMatchObject({
        type: EventType.PROGRAM_CHECK,
        timeMs: 42n,
        libraryVersion: WARD_SPEC.version,
        entryId: request.entryId,
        careAreaId: ICU,
        mode: Mode.RATE,
        concentrationIndex: 0xff,
        status: expected.status,
        outcome: expected.status === Status.OK ? expected.verdict : Verdict.NONE,
        reasonCode: 0,
      });
      if (expected.status === Status.OK) {
        expect(record).toMatchObject({
          param: expected.bindingParam,
          tier: expected.bindingTier,
          limit: expected.bindingLimitValue,
          rateUlPerHour: expected.deliveredRateUlPerHour,
          value: expected.bindingParam === 0xff ? 0n : expected.params[expected.bindingParam].displayValue,
        });
      }
    });
    const checks = readNvLog(host.currentNv())!.records.filter((r) => r.type === EventType.PROGRAM_CHECK);
    expect(checks.map((r) => [r.status, r.outcome])).toEqual([
      [Status.OK, Verdict.GO],
      [Status.OK, Verdict.HARD_STOP],
      [Status.UNKNOWN_ENTRY, Verdict.NONE],
    ]);
    expect(checks[1].tier).toBe(Tier.HARD_MAX);
  });
});
