// A library transfer over the protocol is saved as the bytes the firmware wrote, not as the whole
// library region (REQ-HOST-042, host-contract.md §2 rule 3): libraryChangedOffset/Size name the
// range, PumpHost saves it before the header, and after a power cycle the library is back.
import { describe, expect, it } from "vitest";
import { LIBRARY_REGION_OFFSET, NV_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { NV_HEADER_OFFSET } from "../support/profile.ts";
import { NvStore } from "../../simulator/pump/nv-store.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { libraryTransferSteps, Sequencer } from "../mcu/steps.ts";

describe("REQ-HOST-042 saving only the library bytes the firmware wrote", () => {
  it("REQ-HOST-042: LIBRARY_BEGIN, CHUNKs and ACTIVATE save the file's range of the staging slot and the firmware's part, nothing else", async () => {
    const nv = new NvStore();
    const saves: [number, number][] = [];
    const save = nv.save.bind(nv);
    nv.save = (bytes, start = 0, end = bytes.length) => {
      saves.push([start, end]);
      save(bytes, start, end);
    };
    const host = await PumpHost.create({ nvStore: nv });
    const image = exampleLibraryImage();
    const firstSlotInNv = LIBRARY_REGION_OFFSET - NV_REGION_OFFSET; // no library yet: slot A stages
    saves.length = 0;
    for (const step of libraryTransferSteps(image, new Sequencer())) {
      if (step.kind !== "rx") continue;
      host.receive(step.bytes);
      host.drainTransmit();
    }
    expect(host.libraryVersion()).toBe(12);
    const firmwarePart: [number, number] = [NV_HEADER_OFFSET - NV_REGION_OFFSET, nv.load()!.length];
    // The activation's commit: the file's bytes first, then the header and log; never from 0.
    expect(saves).toContainEqual([firstSlotInNv, firstSlotInNv + image.length]);
    expect(saves.every(([start, end]) => end - start <= image.length || start === firmwarePart[0])).toBe(true);
    const libraryFirst = saves.findIndex(([start]) => start === firstSlotInNv);
    expect(libraryFirst).toBeGreaterThanOrEqual(0);
    expect(saves[libraryFirst + 1]).toEqual(firmwarePart);
    host.powerCycle();
    expect(host.libraryVersion()).toBe(12);
  });
});
