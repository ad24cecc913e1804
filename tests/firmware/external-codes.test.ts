// Issue 13: external codes as limit records ENTRY_CODES (26, entry list) and CONCENTRATION_CODES
// (27, concentration list), docs/library-image.md §10. 1 … 4 codes per record, mask bits from bit 0,
// argument byte i the length (1 … 32), value i the pool offset, each code the pool's next string and
// printable ASCII. The firmware and the oracle's reader (written from the document) must agree, ±1
// at every bound.
import { beforeEach, describe, expect, it } from "vitest";
import { Status } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import type { SpecLibrary, SpecRecord } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { expectAdmission, wardWithRecords } from "./record-admission.ts";
import { DOPAMINE, SALINE } from "./ward-library.ts";

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

const spec = wardWithRecords;

const expectBoth = (library: SpecLibrary, status: Status, what: string): void =>
  expectAdmission(engine, library, status, what);

const codes = (kind: number, list: string[], mask = (1 << list.length) - 1, argument?: number): SpecRecord => ({
  kind,
  mask,
  codes: list,
  ...(argument === undefined ? {} : { argument }),
});
const entryCodes = (list: string[], mask?: number, argument?: number): SpecRecord =>
  codes(LimitKind.ENTRY_CODES, list, mask, argument);
const concentrationCodes = (list: string[]): SpecRecord => codes(LimitKind.CONCENTRATION_CODES, list);

describe("REQ-GW-010 verification of ENTRY_CODES (26) and CONCENTRATION_CODES (27)", () => {
  it("REQ-GW-010: one to four codes are admitted on an entry, a fluid included; five slots do not exist", () => {
    expectBoth(spec(DOPAMINE, [entryCodes(["RXN:3628"])]), Status.OK, "one code");
    expectBoth(spec(DOPAMINE, [entryCodes(["A", "B", "C", "D"])]), Status.OK, "four codes");
    expectBoth(spec(SALINE, [entryCodes(["NS-0.9"])]), Status.OK, "a fluid's code");
  });

  it("REQ-GW-010: a code of 32 bytes is admitted, 33 is not; an empty code is not", () => {
    expectBoth(spec(DOPAMINE, [entryCodes(["x".repeat(32)])]), Status.OK, "32 bytes");
    expectBoth(spec(DOPAMINE, [entryCodes(["x".repeat(33)])]), Status.IMAGE_STRUCTURE, "33 bytes");
    expectBoth(spec(DOPAMINE, [entryCodes(["x"], 1, 0)]), Status.IMAGE_STRUCTURE, "length 0");
  });

  it("REQ-GW-010: bytes 0x21 and 0x7E are admitted, 0x20 (space) and 0x7F are not", () => {
    expectBoth(spec(DOPAMINE, [entryCodes(["!~"])]), Status.OK, "0x21 and 0x7E");
    expectBoth(spec(DOPAMINE, [entryCodes(["A B"])]), Status.IMAGE_STRUCTURE, "a space");
    expectBoth(spec(DOPAMINE, [entryCodes(["A\x7f"])]), Status.IMAGE_STRUCTURE, "DEL");
  });

  it("REQ-GW-010: the mask runs from bit 0 without a gap, and absent slots are zero", () => {
    expectBoth(spec(DOPAMINE, [entryCodes(["A", "B"], 0b101)]), Status.IMAGE_STRUCTURE, "mask 0b101");
    expectBoth(spec(DOPAMINE, [entryCodes(["A"], 0b1, 0x0101)]), Status.IMAGE_STRUCTURE, "length in an absent slot");
    expectBoth(spec(DOPAMINE, [entryCodes(["A"], 0)]), Status.IMAGE_STRUCTURE, "mask 0");
  });

  it("REQ-GW-010: kind 26 only in the entry list, 27 only in a concentration's", () => {
    expectBoth(
      spec(DOPAMINE, undefined, [concentrationCodes(["NDC:0409-9104-20"])]),
      Status.OK,
      "27 on a concentration",
    );
    expectBoth(spec(DOPAMINE, [concentrationCodes(["X"])]), Status.IMAGE_STRUCTURE, "27 on the entry");
    expectBoth(spec(DOPAMINE, undefined, [entryCodes(["X"])]), Status.IMAGE_STRUCTURE, "26 on a concentration");
  });
});
