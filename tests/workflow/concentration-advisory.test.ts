// The selected concentration's own advisory (limit kind 30, issue 11 §7; REQ-WF-093, docs/workflow.md
// §8.4): SELECT_DRUG and READ_ADVISORY return the entry's advisory, a line feed, then the
// concentration's; either alone when the other is absent. Before, kind-30 records were verified in
// the image and never shown.
import { describe, expect, it } from "vitest";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { CARBOPLATIN, DOPAMINE, ICU, WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage, type SpecLibrary } from "../oracle/test-image-writer.ts";
import { PumpDriver } from "./driver.ts";

function library(entryAdvisory: string | undefined, concentrationAdvisory: string | undefined): SpecLibrary {
  return {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) =>
      e.id !== DOPAMINE
        ? e
        : {
            ...e,
            advisory: entryAdvisory,
            concentrations: (e.concentrations ?? []).map((c, i) =>
              i !== 0 || concentrationAdvisory === undefined
                ? c
                : { ...c, records: [{ kind: LimitKind.ADVISORY, mask: 0, text: concentrationAdvisory }] },
            ),
          },
    ),
  };
}

function selected(entryAdvisory: string | undefined, concentrationAdvisory: string | undefined, index = 0) {
  const pump = new PumpDriver({ image: writeTestImage(library(entryAdvisory, concentrationAdvisory)) });
  expect(pump.selectCareArea(ICU).result).toBe(Result.OK);
  expect(pump.setPatient(70_000).result).toBe(Result.OK);
  const answer = pump.selectDrug({ entryId: DOPAMINE, concentrationIndex: index });
  expect(answer.result).toBe(Result.OK);
  return { pump, selection: answer.value! };
}

/** The whole advisory read back with READ_ADVISORY from `offset` on, chunk by chunk. */
function readAll(pump: PumpDriver, offset: number): { length: number; text: string } {
  const bytes: number[] = [];
  let length = 0;
  for (let at = offset; ;) {
    const raw = pump.send(Command.READ_ADVISORY, Uint8Array.of(at & 0xff, at >> 8)).raw;
    expect(raw[0] | (raw[1] << 8)).toBe(Result.OK);
    length = raw[2] | (raw[3] << 8);
    const chunk = raw[4] | (raw[5] << 8);
    bytes.push(...raw.subarray(6, 6 + chunk));
    if (chunk === 0) break;
    at += chunk;
  }
  return { length, text: new TextDecoder().decode(Uint8Array.from(bytes)) };
}

describe("REQ-WF-093 the selected concentration's advisory is returned with the entry's", () => {
  it("both: the entry's, a line feed, the concentration's; length counts all three", () => {
    const { selection } = selected("Central line preferred.", "400 mg/250 mL: peripheral only short term.");
    expect(selection.advisory).toBe("Central line preferred.\n400 mg/250 mL: peripheral only short term.");
    expect(selection.advisoryLength).toBe(23 + 1 + 42);
  });

  it("only the concentration's: no separator; only the entry's, or another concentration: the entry's alone", () => {
    expect(selected(undefined, "Bag advisory.").selection).toMatchObject({
      advisory: "Bag advisory.",
      advisoryLength: 13,
    });
    expect(selected("Entry advisory.", undefined).selection).toMatchObject({
      advisory: "Entry advisory.",
      advisoryLength: 15,
    });
    // Concentration 1 (custom) has no record: the entry's advisory alone.
    const other = new PumpDriver({ image: writeTestImage(library("Entry advisory.", "Bag advisory.")) });
    other.selectCareArea(ICU);
    other.setPatient(70_000);
    const custom = other.selectDrug({
      entryId: DOPAMINE,
      concentrationIndex: 1,
      customAmountAbu: 400_000_000_000n,
      customVolumeUl: 250_000,
    });
    expect(custom.value).toMatchObject({ advisory: "Entry advisory.", advisoryLength: 15 });
  });

  it("READ_ADVISORY reads across the separator and the chunk boundary: 300 + 1 + 300 bytes", () => {
    const entryText = "E".repeat(299) + "e";
    const concentrationText = "c" + "C".repeat(299);
    const { pump, selection } = selected(entryText, concentrationText);
    expect(selection.advisoryLength).toBe(601);
    expect(selection.advisory).toBe(entryText.slice(0, 256));
    const whole = readAll(pump, 0);
    expect(whole).toEqual({ length: 601, text: `${entryText}\n${concentrationText}` });
    // From the byte before the separator, at it, and just after it.
    expect(readAll(pump, 299).text).toBe(`e\n${concentrationText}`);
    expect(readAll(pump, 300).text).toBe(`\n${concentrationText}`);
    expect(readAll(pump, 301).text).toBe(concentrationText);
    expect(readAll(pump, 600).text).toBe("C");
    expect(readAll(pump, 601).text).toBe("");
  });

  it("a drug without any advisory still reports length 0", () => {
    const pump = new PumpDriver({ image: writeTestImage(library(undefined, undefined)) });
    pump.selectCareArea(ICU);
    pump.setPatient(70_000, 17_300);
    expect(pump.selectDrug({ entryId: CARBOPLATIN, concentrationIndex: 0 }).value?.advisoryLength).toBe(0);
  });
});
