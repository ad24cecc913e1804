// The AUTO_PROGRAM encoder (issue 13, docs/workflow.md §8.16): every field at the offset the ABI
// layout names, and the encoder refuses what the pump would answer BAD_PAYLOAD.
import { describe, expect, it } from "vitest";
import { AmountUnit, DoseBasis, Mode } from "../../firmware/abi/codes.ts";
import {
  AUTO_AMOUNT_ABU,
  AUTO_AMOUNT_UNIT,
  AUTO_BSA_M2X10000,
  AUTO_CARE_AREA_ID,
  AUTO_DOSE_BASIS,
  AUTO_DRUG_CODE,
  AUTO_ORDER_ID,
  AUTO_PATIENT_ID,
  AUTO_PROGRAM_BLOCK,
  AUTO_PROGRAM_PAYLOAD_SIZE,
  AUTO_PROGRAM_PAYLOAD_SIZE_LONG,
  AUTO_VOLUME_UL,
  AUTO_WEIGHT_G,
} from "../../firmware/abi/auto-program-layout.ts";
import {
  autoProgramEcho,
  encodeAutoProgram,
  type AutoProgramOrder,
} from "../../simulator/client/auto-program-messages.ts";
import { encodeProgramBlock } from "../../simulator/client/workflow-messages.ts";

const order: AutoProgramOrder = {
  orderId: "ORD-000123",
  patientId: "MRN^0042",
  drugCode: "RXN:5224",
  careAreaId: 1,
  concentration: { amountAbu: 25_000_000_000n, volumeUl: 250_000, amountUnit: AmountUnit.UNITS },
  doseBasis: DoseBasis.WEIGHT,
  weightG: 70_000,
  bsaM2X10000: 18_000,
  program: { mode: Mode.DOSE, dose: 18_000_000n, vtbiUl: 100_000n },
};

const text = (bytes: Uint8Array, at: number): string =>
  new TextDecoder().decode(bytes.subarray(at, at + 32)).replace(/\0+$/, "");

describe("AUTO_PROGRAM payload (docs/workflow.md §8.16)", () => {
  it("puts every field at the layout's offset, text zero-padded", () => {
    const bytes = encodeAutoProgram(order);
    const v = new DataView(bytes.buffer);
    expect(bytes.length).toBe(AUTO_PROGRAM_PAYLOAD_SIZE);
    expect(text(bytes, AUTO_ORDER_ID)).toBe("ORD-000123");
    expect(bytes[AUTO_ORDER_ID + 10]).toBe(0);
    expect(text(bytes, AUTO_PATIENT_ID)).toBe("MRN^0042");
    expect(text(bytes, AUTO_DRUG_CODE)).toBe("RXN:5224");
    expect(bytes[AUTO_CARE_AREA_ID]).toBe(1);
    expect(bytes[AUTO_AMOUNT_UNIT]).toBe(AmountUnit.UNITS);
    expect(bytes[AUTO_DOSE_BASIS]).toBe(DoseBasis.WEIGHT);
    expect(v.getUint32(AUTO_VOLUME_UL, true)).toBe(250_000);
    expect(v.getBigUint64(AUTO_AMOUNT_ABU, true)).toBe(25_000_000_000n);
    expect(v.getUint32(AUTO_WEIGHT_G, true)).toBe(70_000);
    expect(v.getUint32(AUTO_BSA_M2X10000, true)).toBe(18_000);
    expect(bytes.subarray(AUTO_PROGRAM_BLOCK)).toEqual(encodeProgramBlock(order.program));
    expect(autoProgramEcho(bytes)).toEqual(encodeProgramBlock(order.program));
  });

  it("REQ-WF-120 REQ-WF-121: an amount per dose or a line access makes it the 172-byte payload with the 48-byte block, which is the echo", () => {
    const long = { ...order, program: { mode: Mode.DURATION, durationS: 3600n, doseAmount: 5n, lineAccess: 2 } };
    const bytes = encodeAutoProgram(long);
    expect(bytes.length).toBe(AUTO_PROGRAM_PAYLOAD_SIZE_LONG);
    expect(bytes.subarray(0, AUTO_PROGRAM_BLOCK)).toEqual(encodeAutoProgram(order).subarray(0, AUTO_PROGRAM_BLOCK));
    const block = autoProgramEcho(bytes);
    expect(block).toHaveLength(48);
    expect(new DataView(block.buffer, block.byteOffset).getBigUint64(36, true)).toBe(5n);
    expect(block[44]).toBe(2);
  });

  it("leaves the concentration fields zero for a fluid order", () => {
    const bytes = encodeAutoProgram({ ...order, concentration: undefined, doseBasis: undefined });
    expect([...bytes.subarray(AUTO_AMOUNT_UNIT, AUTO_AMOUNT_UNIT + 1)]).toEqual([0]);
    expect([...bytes.subarray(AUTO_VOLUME_UL, AUTO_AMOUNT_ABU + 8)].every((b) => b === 0)).toBe(true);
  });

  it("refuses text the pump would refuse: empty, 33 characters, a space, non-ASCII", () => {
    expect(() => encodeAutoProgram({ ...order, orderId: "" })).toThrow(/orderId must be 1 … 32/);
    expect(() => encodeAutoProgram({ ...order, orderId: "x".repeat(33) })).toThrow(/orderId must be 1 … 32/);
    expect(encodeAutoProgram({ ...order, orderId: "x".repeat(32) })[AUTO_ORDER_ID + 31]).toBe(0x78);
    expect(() => encodeAutoProgram({ ...order, patientId: "A B" })).toThrow(/patientId "A B": character 2/);
    expect(() => encodeAutoProgram({ ...order, drugCode: "Hépar" })).toThrow(/drugCode/);
  });

  it("refuses out-of-range numbers instead of truncating them", () => {
    expect(() => encodeAutoProgram({ ...order, careAreaId: 256 })).toThrow(/careAreaId 256/);
    expect(() => encodeAutoProgram({ ...order, doseBasis: 3 })).toThrow(/doseBasis 3/);
    expect(() => encodeAutoProgram({ ...order, weightG: -1 })).toThrow(/weightG -1/);
    expect(() =>
      encodeAutoProgram({ ...order, concentration: { amountAbu: 1n << 64n, volumeUl: 1, amountUnit: 1 } }),
    ).toThrow(/amountAbu/);
  });
});
