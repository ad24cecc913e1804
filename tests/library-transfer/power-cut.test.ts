// Power cuts during a library transfer and its activation (REQ-SIG-008). The NV region is copied at
// every chunk boundary, in the middle of every chunk's write, and at every byte of the activation
// commit in its documented write order (and torn within a step); a new instance powered on from
// each copy must run the previous library, intact, or — only once the activation record is
// complete — the new one, whole. Never a partial library, never none.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EVENT_LOG_RECORD_SIZE,
  FLOOR_RECORD_SIZE,
  LIBRARY_REGION_OFFSET,
  NV_REGION_OFFSET,
  Status,
} from "../../firmware/abi/codes.ts";
import {
  EVENT_LOG_OFFSET,
  FLOOR_RECORD_B_OFFSET,
  FLOOR_RECORD_OFFSET,
  LIBRARY_SLOT_SIZE,
  NV_HEADER_OFFSET,
} from "../support/profile.ts";
import { EventType, PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { NV_COPY_OFFSETS, NV_COPY_SIZE, readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { encodeLibraryBegin, encodeLibraryChunk, fileDigest } from "../../simulator/client/library-messages.ts";
import { loadImage, logInvariantProblems, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { exampleFile } from "../../hil/library/examples/example-files.ts";
import { library, libraryStatus, pump, signed } from "./pump.ts";

const PREVIOUS = signed(exampleFile(11));
const NEXT = signed(exampleFile(12));
const CHUNK_BYTES = 256;
const SLOT_A = LIBRARY_REGION_OFFSET - NV_REGION_OFFSET;
const SLOT_B = SLOT_A + LIBRARY_SLOT_SIZE;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const range = (start: number, length: number): number[] => Array.from({ length }, (_, i) => start + i);

type Outcome = "previous" | "next";

/** Powers a new instance on from `nv` and returns which library runs; fails on anything else. */
function restart(nv: Uint8Array): Outcome {
  const firmware = powerOn(nv);
  expect(firmware.init()).toBe(0);
  const log = logOf(firmware);
  expect(logInvariantProblems(log)).toEqual([]);
  expect(log.records.at(-1)!.type).toBe(EventType.POWER_ON);
  expect(log.records.at(-1)!.detail & PowerOnFlag.LIBRARY_RESTORED).toBe(PowerOnFlag.LIBRARY_RESTORED);
  const status = libraryStatus(firmware);
  expect(status.transferState).toBe(0); // a transfer never survives a power cycle
  const version = firmware.libraryVersion();
  expect([11, 12]).toContain(version);
  const outcome: Outcome = version === 11 ? "previous" : "next";
  const file = outcome === "previous" ? PREVIOUS : NEXT;
  const slot = outcome === "previous" ? SLOT_A : SLOT_B;
  expect(status.activeBodyDigest).toBe(hex(file.subarray(64, 96)));
  expect(status.activeSlot).toBe(outcome === "previous" ? 0 : 1);
  // The active library is intact: its slot holds exactly the file that was activated.
  expect(hex(nv.subarray(slot, slot + file.length))).toBe(hex(file));
  // The log claims an activation of version 12 exactly when version 12 runs.
  const activated12 = log.records.some((r) => r.type === EventType.LIBRARY_ACTIVATED && r.libraryVersion === 12);
  expect(activated12).toBe(outcome === "next");
  return outcome;
}

describe("REQ-SIG-008 a power cut at any point of a transfer leaves the previous library active and intact", () => {
  it(`at every chunk boundary and inside every chunk (${CHUNK_BYTES}-byte chunks)`, () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: PREVIOUS });
    expect(restart(nvOf(firmware))).toBe("previous");
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(NEXT.length, fileDigest(NEXT))).ok).toBe(true);
    expect(restart(nvOf(firmware))).toBe("previous");
    let cuts = 0;
    for (let offset = 0; offset < NEXT.length; offset += CHUNK_BYTES) {
      const chunk = NEXT.subarray(offset, offset + CHUNK_BYTES);
      const before = nvOf(firmware);
      expect(library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, chunk)).ok).toBe(true);
      const after = nvOf(firmware);
      expect(restart(after)).toBe("previous");
      // Mid-chunk: only the first k bytes of the chunk reached the slot.
      for (const k of [1, chunk.length >> 1, chunk.length - 1]) {
        const torn = before.slice();
        torn.set(after.subarray(SLOT_B + offset, SLOT_B + offset + k), SLOT_B + offset);
        expect(restart(torn)).toBe("previous");
      }
      cuts += 4;
    }
    expect(libraryStatus(firmware)).toMatchObject({ transferState: 2, receivedBytes: NEXT.length });
    expect(restart(nvOf(firmware))).toBe("previous"); // complete but not activated
    console.log(
      `REQ-SIG-008: ${cuts} cuts at and inside ${Math.ceil(NEXT.length / CHUNK_BYTES)} chunks, previous library every time`,
    );
  });

  it("while the host writes the staging slot itself before libraryLoad, at every 512-byte prefix", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: PREVIOUS });
    const base = nvOf(firmware);
    for (let length = 0; length <= NEXT.length; length += 512) {
      const partial = base.slice();
      partial.set(NEXT.subarray(0, length), SLOT_B);
      expect(restart(partial)).toBe("previous");
    }
  });
});

describe("REQ-SIG-008 activation is one atomic commit", () => {
  /** The pump right before ACTIVATE, and the NV bytes before and after it. */
  function activation() {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: PREVIOUS });
    library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(NEXT.length, fileDigest(NEXT)));
    for (let offset = 0; offset < NEXT.length; offset += 480) {
      library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, NEXT.subarray(offset, offset + 480)));
    }
    const before = nvOf(firmware);
    const header = readNvHeader(before)!;
    const answer = library(firmware, Command.LIBRARY_ACTIVATE);
    expect(answer.ok).toBe(true);
    const after = nvOf(firmware);
    const slot = EVENT_LOG_OFFSET - NV_REGION_OFFSET + header.logHead * EVENT_LOG_RECORD_SIZE;
    const copy = NV_HEADER_OFFSET - NV_REGION_OFFSET + NV_COPY_OFFSETS[header.copy === "A" ? 1 : 0];
    // The documented write order: record payload, record CRC, the other header copy, its CRC last;
    // then (docs/event-log.md §8) the floor records A and B, each CRC last.
    const floorA = FLOOR_RECORD_OFFSET - NV_REGION_OFFSET;
    const floorB = FLOOR_RECORD_B_OFFSET - NV_REGION_OFFSET;
    const steps = [
      range(slot, 60),
      range(slot + 60, 4),
      range(copy, NV_COPY_SIZE - 4),
      range(copy + NV_COPY_SIZE - 4, 4),
      range(floorA, FLOOR_RECORD_SIZE - 4),
      range(floorA + FLOOR_RECORD_SIZE - 4, 4),
      range(floorB, FLOOR_RECORD_SIZE - 4),
      range(floorB + FLOOR_RECORD_SIZE - 4, 4),
    ];
    return { before, after, steps };
  }

  it("changes only the LIBRARY_ACTIVATED record, one header copy and then the two floor records", () => {
    const { before, after, steps } = activation();
    const allowed = new Set(steps.flat());
    const changed = range(0, before.length).filter((at) => before[at] !== after[at]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((at) => !allowed.has(at))).toEqual([]);
    expect(changed.filter((at) => steps[4].concat(steps[6]).includes(at)).length).toBeGreaterThan(0); // the floor went from 11 to 12
    expect(restart(after)).toBe("next");
  });

  it("cut after every byte of the commit: the previous library until the record is complete, then the new one", () => {
    const { before, after, steps } = activation();
    const order = steps.flat();
    const outcomes: Outcome[] = [];
    for (let k = 0; k <= order.length; k++) {
      const state = before.slice();
      for (const at of order.slice(0, k)) state[at] = after[at];
      outcomes.push(restart(state));
    }
    const recordBytes = steps[0].length + steps[1].length;
    expect(outcomes.slice(0, recordBytes)).toEqual(Array(recordBytes).fill("previous"));
    expect(outcomes.slice(recordBytes)).toEqual(Array(order.length + 1 - recordBytes).fill("next"));
  });

  it("torn writes (any subset of one step's bytes landed, the steps before it complete)", () => {
    const { before, after, steps } = activation();
    fc.assert(
      fc.property(
        fc.nat(steps.length - 1),
        fc.array(fc.boolean(), { minLength: 124, maxLength: 124 }),
        (step, landed) => {
          const state = before.slice();
          for (const at of steps.slice(0, step).flat()) state[at] = after[at];
          steps[step].forEach((at, i) => {
            if (landed[i]) state[at] = after[at];
          });
          const recordComplete = steps[0].concat(steps[1]).every((at) => state[at] === after[at]);
          expect(restart(state)).toBe(recordComplete ? "next" : "previous");
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("REQ-SIG-008 the library restored at power-on is re-admitted in full", () => {
  it("a damaged byte in the active slot: no library (fail closed), LIBRARY_REJECTED with the signature status", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: PREVIOUS });
    const nv = nvOf(firmware);
    nv[SLOT_A + 100] ^= 0x10;
    const restarted = powerOn(nv);
    restarted.init();
    expect(restarted.libraryVersion()).toBe(0);
    expect(logOf(restarted).records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.IMAGE_SIGNATURE,
    });
    // The floor survives the loss: only version 11 or newer may come back.
    expect(libraryStatus(restarted).versionFloor).toBe(11);
    expect(loadImage(restarted, signed(exampleFile(10)))).toBe(Status.IMAGE_ROLLBACK);
    expect(loadImage(restarted, PREVIOUS)).toBe(Status.OK);
  });
});
