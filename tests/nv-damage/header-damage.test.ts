// Issue 10 §5 (REQ-SIG-015, REQ-HOST-015): every single-bit flip of either NV header copy, and of
// both copies at once, on a provisioned pump: the floor, the key and every intact record are kept,
// and no older or wrongly signed library loads (docs/event-log.md §4.1, §8).
import { describe, expect, it } from "vitest";
import { KeyState, Status } from "../../firmware/abi/codes.ts";
import { NV_HEADER_OFFSET } from "../support/profile.ts";
import { PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS, NV_COPY_SIZE, readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { loadImage, logOf, powerOn } from "../nv/firmware-instance.ts";
import { libraryStatus } from "../library-transfer/pump.ts";
import { at, checkDamagedPump, flip, FLOOR, NEWER, OLDER, provisionedPump } from "./damaged-pump.ts";

const COPY_A = at(NV_HEADER_OFFSET) + NV_COPY_OFFSETS[0];
const COPY_B = at(NV_HEADER_OFFSET) + NV_COPY_OFFSETS[1];
/** One fresh instance, a re-admission and two refused loads per flip: minutes on a loaded 2-core machine. */
const EXHAUSTIVE_TIMEOUT_MS = 900_000;
const BITS = NV_COPY_SIZE * 8;

describe("REQ-SIG-015 REQ-HOST-015 issue 10 §5: a damaged NV header loses neither the floor nor a record", () => {
  it("issue 10 §5: both header copies damaged keep the version floor (an older signed library is refused)", () => {
    const { nv } = provisionedPump();
    flip(nv, COPY_A, 9 * 8);
    flip(nv, COPY_B, 9 * 8);
    expect(readNvHeader(nv)).toBeUndefined();
    const firmware = powerOn(nv);
    firmware.init();
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(libraryStatus(firmware).versionFloor).toBe(FLOOR);
    expect(loadImage(firmware, OLDER)).toBe(Status.IMAGE_ROLLBACK);
    expect(loadImage(firmware, NEWER)).toBe(Status.OK);
  });

  it("issue 10 §5: both header copies damaged keep every intact log record", () => {
    const { nv, records } = provisionedPump();
    flip(nv, COPY_A, 100);
    flip(nv, COPY_B, 100);
    const firmware = powerOn(nv);
    firmware.init();
    const after = logOf(firmware).records;
    expect(after.slice(0, -1)).toEqual(records);
    expect(after.at(-1)!.detail & PowerOnFlag.NV_FORMATTED).toBe(PowerOnFlag.NV_FORMATTED);
  });

  for (const [name, copies] of [
    ["copy A", [COPY_A]],
    ["copy B", [COPY_B]],
    ["both copies (the same bit)", [COPY_A, COPY_B]],
  ] as const) {
    it(
      `every one of the ${BITS} single-bit flips of ${name}`,
      () => {
        const { nv, records } = provisionedPump();
        const outcomes = new Map<string, number>();
        const damaged = nv.slice();
        for (let bit = 0; bit < BITS; bit++) {
          for (const copy of copies) flip(damaged, copy, bit);
          expect(checkDamagedPump(damaged, records, `${name}, bit ${bit}`)).toBe(KeyState.PROVISIONED);
          const rebuilt = readNvHeader(damaged) === undefined;
          for (const copy of copies) flip(damaged, copy, bit);
          outcomes.set(
            rebuilt ? "rebuilt" : "other copy used",
            (outcomes.get(rebuilt ? "rebuilt" : "other copy used") ?? 0) + 1,
          );
        }
        console.log(`issue 10 §5, header ${name}: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      },
      EXHAUSTIVE_TIMEOUT_MS,
    );
  }
});
