// Every command end to end through PumpClient → WasmLink → firmware, on the example library.
import { readBuildId } from "../../release/build-id.ts";
import { beforeEach, describe, expect, it } from "vitest";
import { ABI_VERSION, EVENT_LOG_RECORD_SIZE, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import {
  Command,
  ErrorDetail,
  FrameType,
  MAX_PAYLOAD,
  PROTOCOL_VERSION,
  Result,
} from "../../firmware/abi/protocol-codes.ts";
import { Alarm } from "../../firmware/abi/workflow-codes.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { encodeRequest, decodeResult } from "../../simulator/host/request-codec.ts";
import { createHash } from "node:crypto";
import { REQUEST_OFFSET, RESULT_OFFSET, RESULT_SIZE } from "../../firmware/abi/codes.ts";
import { resultOf } from "../../simulator/client/messages.ts";
import { transcribe } from "../../simulator/client/transcript.ts";
import { exampleLibraryImage, freshSession, type Session } from "./harness.ts";
import { protocolModuleBytes } from "./firmware.ts";
import { PROFILE } from "../support/profile.ts";

// Heparin 25,000 units / 500 mL, ICU, 80 kg: dose soft max 25 units/kg/h = 40 mL/h (tests/engine/clinical-scenarios.test.ts).
const heparin = (rateUlPerHour: bigint): EngineRequest => ({
  entryId: 1001,
  careAreaId: 0,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour,
  weightG: 80_000n,
});

const recordType = (record: Uint8Array): number => new DataView(record.buffer, record.byteOffset).getUint16(4, true);

let s: Session;
beforeEach(async () => {
  s = await freshSession();
});

describe("REQ-PRO-007 HELLO", () => {
  it("reports versions, build id and the active library's version, name and body digest", async () => {
    const image = exampleLibraryImage();
    const r = await s.client.hello();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      abiVersion: ABI_VERSION,
      firmwareBuildId: readBuildId(await protocolModuleBytes()),
      libraryActive: true,
      libraryVersion: 12,
      libraryName: "General Hospital (example)",
      libraryBodyDigest: createHash("sha256").update(image.subarray(96)).digest("hex"),
      maxPayload: MAX_PAYLOAD,
      keyState: 0, // a development pump: no key provisioned (REQ-SIG-004)
      alarmMask: 0,
      memoryProfile: PROFILE, // issue 12: the map the binary is built for (docs/abi.md §2.1)
    });
  });

  it("reports no library, with zero name and digest, when none is active", async () => {
    const bare = await freshSession(false);
    const r = await bare.client.hello();
    expect(r.ok && r.value).toMatchObject({
      libraryActive: false,
      libraryVersion: 0,
      libraryName: "",
      libraryBodyDigest: "0".repeat(64),
    });
  });

  it("issue 10 §6: HELLO and GET_STATUS report the standing NO_LIBRARY alarm while no library is active (REQ-WF-042)", async () => {
    const bare = await freshSession(false);
    const hello = await bare.client.hello();
    expect(hello.ok && hello.value.alarmMask).toBe(1 << Alarm.NO_LIBRARY);
    const status = await bare.client.getStatus();
    expect(status.ok && status.value).toMatchObject({
      libraryActive: false,
      alarmMask: 1 << Alarm.NO_LIBRARY,
      faultMask: 0,
    });
    const withLibrary = await s.client.getStatus();
    expect(withLibrary.ok && withLibrary.value.alarmMask).toBe(0);
  });

  it("refuses an unsupported client version, and a payload of the wrong length", async () => {
    const other = await s.client.request(Command.HELLO, Uint8Array.of(PROTOCOL_VERSION + 1));
    expect([...other.payload]).toEqual([Result.UNSUPPORTED_VERSION, 0, 0]);
    expect(other.version).toBe(PROTOCOL_VERSION); // the header tells the client which version the pump speaks
    const long = await s.client.request(Command.HELLO, Uint8Array.of(1, 0));
    expect([...long.payload]).toEqual([Result.BAD_PAYLOAD, 0, ErrorDetail.PAYLOAD_LENGTH]);
  });
});

describe("REQ-PRO-008 GET_STATUS", () => {
  it("reports clock, library, faults, log position and counters", async () => {
    s.link.feed(Uint8Array.of(0x55, 0x55, 0)); // one bad frame
    s.link.drain();
    const r = await s.client.getStatus();
    expect(r.ok && r.value).toMatchObject({
      nowMs: 0n,
      libraryActive: true,
      libraryVersion: 12,
      faultMask: 0,
      logOverwritten: 0,
      frameErrors: 1,
      eventsDropped: 0,
      duplicateRequests: 0,
      requestsExecuted: 1,
      requestsRefused: 0,
      alarmMask: 0,
    });
    // init logged POWER_ON (1) and libraryLoad LIBRARY_ACTIVATED (2).
    expect(r.ok && r.value.logNextSequence).toBe(3);
  });

  it("refuses a non-empty payload", async () => {
    const r = await s.client.request(Command.GET_STATUS, Uint8Array.of(0));
    expect([...r.payload]).toEqual([Result.BAD_PAYLOAD, 0, ErrorDetail.PAYLOAD_LENGTH]);
  });
});

describe("REQ-PRO-009 READ_LOG", () => {
  it("returns the records from a sequence, oldest first, at most maxRecords", async () => {
    const r = await s.client.readLog(1, 7);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.records.map(recordType)).toEqual([EventType.POWER_ON, EventType.LIBRARY_ACTIVATED]);
    expect(r.value.records.every((rec) => rec.length === EVENT_LOG_RECORD_SIZE)).toBe(true);
    const one = await s.client.readLog(2, 1);
    expect(one.ok && one.value.records.map(recordType)).toEqual([EventType.LIBRARY_ACTIVATED]);
    const none = await s.client.readLog(100, 7);
    expect(none.ok && none.value.records).toEqual([]);
  });

  it("refuses maxRecords 0 and 8 with BAD_PAYLOAD, and accepts the boundaries 1 and 7", async () => {
    for (const [max, ok] of [
      [0, false],
      [1, true],
      [7, true],
      [8, false],
    ] as const) {
      const r = await s.client.readLog(1, max);
      expect(r.ok, `maxRecords ${max}`).toBe(ok);
      if (!r.ok) expect([r.result, r.detail]).toEqual([Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD]);
    }
    const short = await s.client.request(Command.READ_LOG, Uint8Array.of(1, 0, 0, 0));
    expect([...short.payload]).toEqual([Result.BAD_PAYLOAD, 0, ErrorDetail.PAYLOAD_LENGTH]);
  });
});

describe("REQ-PRO-010 CHECK_PROGRAM", () => {
  it("one µL/h over the heparin dose soft max: SOFT_STOP on DOSE SMAX, the same bytes as the evaluate export", async () => {
    const request = heparin(40_001n);
    const r = await s.client.checkProgram(request);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([
      r.value.status,
      r.value.verdict,
      r.value.bindingParam,
      r.value.bindingTier,
      r.value.bindingLimitValue,
    ]).toEqual([Status.OK, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 25_000_000n]);

    // The engine itself on the same request, through the ABI export.
    const memory = new Uint8Array(s.pump.memory.buffer);
    memory.set(encodeRequest(request), REQUEST_OFFSET);
    s.pump.evaluate();
    expect(r.value).toEqual(decodeResult(memory.slice(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE)));
  });

  it("logs each check as a PROGRAM_CHECK record and sends it as an EVENT frame", async () => {
    await s.client.checkProgram(heparin(28_000n));
    const log = await s.client.readLog(3, 7);
    expect(log.ok && log.value.records.map(recordType)).toEqual([EventType.PROGRAM_CHECK]);
    expect(s.client.events.map((e) => e.code)).toEqual([
      EventType.POWER_ON,
      EventType.LIBRARY_ACTIVATED,
      EventType.PROGRAM_CHECK,
    ]);
  });

  it("an engine refusal is still result OK, with the engine status inside and its undefined bytes sent as 0", async () => {
    const bare = await freshSession(false);
    const r = await bare.client.request(Command.CHECK_PROGRAM, encodeRequest(heparin(28_000n)));
    expect(resultOf(r.payload)).toBe(Result.OK);
    const result = r.payload.subarray(2);
    expect(decodeResult(result).status).toBe(Status.NO_LIBRARY);
    expect(result.subarray(8).every((b) => b === 0)).toBe(true);
  });

  it("refuses a payload that is not REQUEST_SIZE (136) bytes", async () => {
    // 104 is ABI 6's request: an ABI-6 host is refused, not misread.
    for (const length of [103, 104, 135, 137]) {
      const r = await s.client.request(Command.CHECK_PROGRAM, new Uint8Array(length));
      expect([...r.payload], `${length} bytes`).toEqual([Result.BAD_PAYLOAD, 0, ErrorDetail.PAYLOAD_LENGTH]);
    }
  });
});

describe("REQ-PRO-011 unknown commands", () => {
  it("answers UNKNOWN_COMMAND to code 0, to unassigned workflow codes and to 0xFFFF, echoing sequence and code", async () => {
    for (const code of [0x0000, 0x0005, 0x000f, 0x002f, 0x00ff, 0xffff]) {
      const r = await s.client.request(code, new Uint8Array(3));
      expect([r.type, r.code, ...r.payload]).toEqual([FrameType.RESPONSE, code, Result.UNKNOWN_COMMAND, 0, 0]);
    }
  });
});

describe("REQ-PRO-014 transcript", () => {
  it("turns the captured exchange into readable lines", async () => {
    await s.client.hello();
    await s.client.checkProgram(heparin(40_001n));
    s.link.feed(Uint8Array.of(1, 2, 3, 0));
    s.link.pumpToHost.push(...s.link.drain());
    expect(transcribe(Uint8Array.from(s.link.hostToPump), "→")).toEqual([
      "→ REQ #0 HELLO client v1",
      "→ REQ #1 CHECK_PROGRAM entry 1001 area 0 conc 0 mode RATE rateUlPerHour 40001 weightG 80000",
    ]);
    expect(transcribe(Uint8Array.from(s.link.pumpToHost), "←")).toEqual([
      expect.stringMatching(/^← EVT #0 code 1 record /),
      expect.stringMatching(/^← EVT #1 code 2 record /),
      `← RSP #0 HELLO OK v1 abi 7 build ${readBuildId(await protocolModuleBytes())} library 12 "General Hospital (example)"`,
      expect.stringMatching(/^← EVT #2 code 4 record /),
      "← RSP #1 CHECK_PROGRAM OK verdict SOFT_STOP DOSE SMAX 25000000",
      "← RSP #65535 FRAME_ERROR TOO_SHORT",
    ]);
  });
});
