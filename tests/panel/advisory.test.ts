// REQ-PNL-002: the panel shows the whole advisory. SELECT_DRUG carries its first 256 bytes; a longer
// one (up to 1,024) is read to the end with READ_ADVISORY and decoded once, so a character split
// across chunks is whole; a read that fails is said on the page, never a silent cut.
import { describe, expect, it } from "vitest";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import type { DrugSelection } from "../../simulator/client/workflow-messages.ts";
import { withWholeAdvisory } from "../../simulator/panel/advisory.ts";

// 255 ASCII bytes then "é" (2 bytes) straddling the 256-byte chunk boundary, then more text.
const TEXT = `${"a".repeat(255)}é${"b".repeat(300)} END OF ADVISORY`;
const BYTES = new TextEncoder().encode(TEXT);

function selection(): DrugSelection {
  return {
    snapshot: {} as DrugSelection["snapshot"],
    entryFlags: 0,
    infusionType: 0,
    doseBasis: 0,
    concentrationKind: 0,
    advisoryLength: BYTES.length,
    advisory: new TextDecoder().decode(BYTES.subarray(0, 256)),
    defaults: {
      defaultsMask: 0,
      defaultDose: 0n,
      defaultRateUlPerHour: 0n,
      defaultDurationS: 0n,
      defaultVtbiUl: 0n,
      defaultDosePerAdmin: 0n,
    },
  };
}

function pumpWith(readAdvisory: (offset: number) => unknown): PumpCommands {
  return { readAdvisory: async (offset: number) => readAdvisory(offset) } as unknown as PumpCommands;
}

describe("REQ-PNL-002 the whole advisory", () => {
  it("REQ-PNL-002: reads a long advisory to its end and decodes it whole", async () => {
    const offsets: number[] = [];
    const pump = pumpWith((offset) => {
      offsets.push(offset);
      return {
        ok: true,
        sequence: 0,
        value: { advisoryLength: BYTES.length, bytes: BYTES.slice(offset, offset + 256) },
      };
    });
    const whole = await withWholeAdvisory(pump, selection());
    expect(whole.advisory).toBe(TEXT);
    expect(offsets).toEqual([0, 256, 512]);
  });

  it("REQ-PNL-002: a short advisory needs no further read", async () => {
    const short = { ...selection(), advisoryLength: 10, advisory: "Max 10 mL" };
    const pump = pumpWith(() => {
      throw new Error("not asked");
    });
    expect(await withWholeAdvisory(pump, short)).toBe(short);
  });

  it("REQ-PNL-002: a refused read shows what arrived and says the rest is missing", async () => {
    const pump = pumpWith(() => ({ ok: false, sequence: 0, result: 9, detail: 0 }));
    const partial = await withWholeAdvisory(pump, selection());
    expect(partial.advisory.endsWith("… (the rest of the advisory could not be read)")).toBe(true);
  });
});
