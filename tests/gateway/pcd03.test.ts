// PCD-03 orders read into the pump's canonical units (gateway/pcd/pcd03.ts, auto-program.ts): the
// EHR's messages are built with @medplum/core (tests/gateway/ehr-side.ts); every refusal names the
// segment, field and component, the HL7 table 0357 code and the IHE PIV code (REQ-GW-040 …
// REQ-GW-044).
import * as medplum from "@medplum/core";
import { describe, expect, it } from "vitest";
import { LineAccess, Mode } from "../../firmware/abi/codes.ts";
import { parseHl7 } from "../../gateway/hl7/message.ts";
import { locationText } from "../../gateway/hl7/location.ts";
import { toPumpOrder } from "../../gateway/pcd/auto-program.ts";
import { OrderError, readOrder } from "../../gateway/pcd/pcd03.ts";
import { PivCode } from "../../gateway/pcd/piv-codes.ts";
import { buildRgv, SALINE, type RgvOptions } from "./ehr-side.ts";

const read = (options: Partial<RgvOptions> = {}, edit?: Parameters<typeof buildRgv>[1]) =>
  readOrder(parseHl7(buildRgv(options, edit)));

function refusal(
  options: Partial<RgvOptions>,
  edit?: Parameters<typeof buildRgv>[1],
): { where: string; code: number; piv?: number; reason: string } {
  try {
    const order = read(options, edit);
    toPumpOrder(order);
  } catch (error) {
    if (!(error instanceof OrderError)) throw error;
    return { where: locationText(error.at), code: error.code, piv: error.piv, reason: error.reason };
  }
  throw new Error("the order was read; a refusal was expected");
}

describe("REQ-GW-041 PCD-03 orders in canonical units", () => {
  it("REQ-GW-041: a dose-rate order (µg/kg/min, UCUM primary and MDC alternate) becomes ABU/kg/h, µL and g exactly", () => {
    const order = read();
    expect(order).toMatchObject({
      orderId: "ORD-1",
      patientId: "MRN-4711",
      pumpId: "PUMP-A",
      drugCode: "DOPA-400-250",
      actionBy: "RN-17",
      vtbiUl: 250_000n,
      weightG: 72_500n,
      concentration: { amountKind: "mass", amountAbu: 400_000_000_000n, volumeUl: 250_000n },
      program: { kind: "doseRate", amountKind: "mass", basis: "weight", doseRateAbuPerHour: 300_000_000n },
      requestedAtMs: Date.UTC(2026, 11, 5, 10, 0, 0),
    });
    expect(toPumpOrder(order)).toMatchObject({
      doseBasis: 1,
      weightG: 72_500,
      concentration: { amountAbu: 400_000_000_000n, volumeUl: 250_000 },
      program: { mode: Mode.DOSE, dose: 300_000_000n, vtbiUl: 250_000n },
    });
  });

  it("REQ-GW-041: a rate order in MDC mL/h, and the same in UCUM only, read the same", () => {
    const mdc = read(SALINE);
    const ucum = read({ ...SALINE, rateUnits: "mL/h^mL/h^UCUM", vtbiUnits: "mL^mL^UCUM" });
    expect(mdc.program).toEqual({ kind: "rate", rateUlPerHour: 125_000n });
    expect(ucum.program).toEqual(mdc.program);
    expect(toPumpOrder(mdc).program).toEqual({ mode: Mode.RATE, rateUlPerHour: 125_000n, vtbiUl: 500_000n });
  });

  it("REQ-GW-041: the UCUM grammar reads units per m², per hour, international units, mEq", () => {
    expect(read({ rate: "2", rateUnits: "[iU]/h^^UCUM", strengthUnits: "[iU]^^UCUM", weight: "" }).program).toEqual({
      kind: "doseRate",
      amountKind: "units",
      basis: "none",
      doseRateAbuPerHour: 2_000_000n,
    });
    expect(
      read({ rate: "1.5", rateUnits: "mg/m2/h^^UCUM" }, (m) => {
        const obx = m.getAllSegments("OBX")[1];
        obx.setField(3, "188744^MDC_AREA_BODY_SURF_ACTUAL^MDC");
        obx.setField(5, "1.73");
        obx.setField(6, "m2^m2^UCUM");
      }),
    ).toMatchObject({ program: { basis: "bsa", doseRateAbuPerHour: 1_500_000_000n }, bsaM2x10000: 17_300n });
  });

  it("REQ-GW-041: a value finer than the canonical unit is refused, not rounded (RXG-15, 9004)", () => {
    expect(refusal({ ...SALINE, rate: "12.5004" })).toMatchObject({
      where: "RXG-15.1",
      code: 102,
      piv: PivCode.INVALID_PARAMETER,
    });
  });

  it("REQ-GW-041: an unknown unit, units that disagree, or a volume where a rate belongs are refused with 9008", () => {
    expect(refusal({ rateUnits: "mL/d^mL/d^UCUM" })).toMatchObject({
      where: "RXG-16",
      code: 103,
      piv: PivCode.INVALID_UNITS,
    });
    expect(refusal({ ...SALINE, rateUnits: "265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/min^mL/min^UCUM" })).toMatchObject({
      where: "RXG-16",
      piv: PivCode.INVALID_UNITS,
    });
    expect(refusal({ ...SALINE, rateUnits: "mL^mL^UCUM" }).reason).toContain("volume unit");
    expect(refusal({ strengthUnits: "mL^mL^UCUM" })).toMatchObject({ where: "RXG-18", piv: PivCode.INVALID_UNITS });
    expect(refusal({ weightUnits: "cm^cm^UCUM" })).toMatchObject({ where: "OBX[2]-6", piv: PivCode.INVALID_UNITS });
  });

  it("REQ-GW-041: a dose rate per kg without a weight OBX is refused (9019); without a concentration (9003)", () => {
    expect(refusal({ weight: "" })).toMatchObject({ where: "RXG-16", piv: PivCode.WEIGHT_MISSING });
    expect(refusal({ strength: "" })).toMatchObject({ where: "RXG-17.1", piv: PivCode.MISSING_PARAMETER });
  });

  it("REQ-GW-041: required fields missing are named (RXG-4, RXG-15, ORC-2, ORC-9, PID-3)", () => {
    expect(refusal({ drugCode: "" })).toMatchObject({ where: "RXG-4.1", code: 101, piv: PivCode.MISSING_PARAMETER });
    expect(refusal({ rate: "" })).toMatchObject({ where: "RXG-15.1", code: 101 });
    expect(refusal({ orderId: "" })).toMatchObject({ where: "ORC-2.1", code: 101 });
    expect(refusal({ requestedAt: "" })).toMatchObject({ where: "ORC-9.1", code: 101 });
    expect(refusal({ requestedAt: "202612051000" })).toMatchObject({ where: "ORC-9.1", code: 102 });
    expect(refusal({ patientId: "" })).toMatchObject({ where: "PID-3.1", piv: PivCode.PATIENT_ID_MISSING });
    expect(refusal({ ...SALINE, vtbi: "" })).toMatchObject({ where: "RXG-5.1", piv: PivCode.MISSING_PARAMETER });
  });

  it("REQ-GW-041: text the pump cannot carry (33 characters, a space) is refused at the field", () => {
    expect(refusal({ orderId: "X".repeat(33) })).toMatchObject({ where: "ORC-2.1", code: 104 });
    expect(refusal({ drugCode: "DOPA 400" })).toMatchObject({ where: "RXG-4.1", code: 102 });
  });
});

describe("REQ-GW-040 PCD-03 message structure and header", () => {
  it("REQ-GW-040: MSH-21 must name the PCD-03 profile by its OID", () => {
    const wrong = refusal({}, (m) => m.header.setField(21, "IHE_PCD_PIV_001"));
    expect(wrong).toMatchObject({ where: "MSH-21.3", code: 103 });
    expect(wrong.reason).toContain("1.3.6.1.4.1.19376.1.6.1.3.1");
    expect(refusal({}, (m) => m.header.setField(21, ""))).toMatchObject({ where: "MSH-21", code: 101 });
  });

  it("REQ-GW-040: another message type, trigger, version or processing ID is refused with its 0357 code", () => {
    expect(refusal({}, (m) => m.header.setField(9, "ORU^R01^ORU_R01"))).toMatchObject({ where: "MSH-9.1", code: 200 });
    expect(refusal({}, (m) => m.header.setField(9, "RGV^O17"))).toMatchObject({ where: "MSH-9.2", code: 201 });
    expect(refusal({}, (m) => m.header.setField(11, "X"))).toMatchObject({ where: "MSH-11.1", code: 202 });
    expect(refusal({}, (m) => m.header.setField(12, "2.3"))).toMatchObject({ where: "MSH-12.1", code: 203 });
    expect(refusal({}, (m) => m.header.setField(15, "NE"))).toMatchObject({ where: "MSH-15.1", code: 103 });
    expect(refusal({ applicationAck: "SU" })).toMatchObject({ where: "MSH-16.1", code: 103 });
  });

  it("REQ-GW-040: segments out of order, missing, repeated or marked X are refused by name", () => {
    const refuse = (edit: (segments: medplum.Hl7Segment[], m: medplum.Hl7Message) => void): string => {
      try {
        readOrder(parseHl7(buildRgv({}, (m) => edit(m.segments, m))));
      } catch (error) {
        return `${locationText((error as OrderError).at)}: ${(error as OrderError).reason}`;
      }
      return "read";
    };
    const drop = (id: string) => (segments: medplum.Hl7Segment[]) => {
      segments.splice(
        segments.findIndex((s) => s.name === id),
        1,
      );
    };
    expect(refuse(drop("RXR"))).toMatch(/^segment RXR: segment RXR is required after RXG; found OBX/);
    expect(refuse(drop("PID"))).toMatch(/^segment PID: segment PID is required/);
    expect(refuse((s) => s.splice(s.findIndex((x) => x.name === "OBX")))).toMatch(/^segment OBX: .*the message ends/);
    expect(refuse((s) => s.splice(3, 0, s[3]))).toMatch(/^segment RXG\[2\]: a second RXG segment: one give step/);
    expect(refuse((s, m) => s.push(medplum.Hl7Segment.parse("NTE|1||a note", m.context)))).toBe(
      "segment NTE: segment NTE is not supported in PCD-03 (usage X)",
    );
  });
});

describe("REQ-GW-042 route, device and method", () => {
  it("REQ-GW-042: the route code is accepted in component 1 or 2 and the component is recorded", () => {
    expect(read({ route: "IV" }).route).toEqual({ code: "IV", component: 1 });
    expect(read({ route: "^IV^HL70162" }).route).toEqual({ code: "IV", component: 2 });
    expect(read({ route: "EP^^HL70162" }).route).toEqual({ code: "EP", component: 1 });
    expect(read({ device: "SYR" }).device).toEqual({ code: "SYR", component: 1 });
  });

  it("REQ-GW-042: a route not in HL7 table 0162, another table, or PCA / piggyback is refused", () => {
    expect(refusal({ route: "^PO^HL70162" })).toMatchObject({
      where: "RXR-1.2",
      code: 103,
      piv: PivCode.INVALID_PARAMETER,
    });
    expect(refusal({ route: "IV^IM^HL70162" })).toMatchObject({ where: "RXR-1.1" });
    expect(refusal({ route: "^IV^SNOMED" })).toMatchObject({ where: "RXR-1.3" });
    expect(refusal({ route: "" })).toMatchObject({ where: "RXR-1", code: 101 });
    expect(refusal({ device: "^PCA^HL70164" })).toMatchObject({ where: "RXR-3.2", piv: PivCode.INVALID_PARAMETER });
    expect(refusal({}, (m) => m.getSegment("RXR")!.setField(4, "^IVPB^HL70165"))).toMatchObject({
      where: "RXR-4.2",
      piv: PivCode.NO_PIGGYBACK,
    });
  });
});

describe("REQ-GW-043 the pump and patient observations", () => {
  it("REQ-GW-043: the pump ID is read from OBX-18 EI-1, or EI-3 in the deprecated form, and which is recorded", () => {
    expect(read().pumpIdComponent).toBe(1);
    const old = read({}, (m) => m.getAllSegments("OBX")[0].setField(18, "^^PUMP-B^ACME"));
    expect(old).toMatchObject({ pumpId: "PUMP-B", pumpIdComponent: 3 });
    expect(refusal({}, (m) => m.getAllSegments("OBX")[0].setField(18, ""))).toMatchObject({
      where: "OBX-18.1",
      piv: PivCode.UNKNOWN_INFUSER,
    });
  });

  it("REQ-GW-043: weight in g or kg (MDC or UCUM), height in cm; a second pump OBX or an unknown observation is refused", () => {
    expect(read({ weight: "72500", weightUnits: "263872^MDC_DIM_X_G^MDC" }).weightG).toBe(72_500n);
    const add = (text: string) => (m: medplum.Hl7Message) =>
      void m.segments.push(medplum.Hl7Segment.parse(text, m.context));
    const height = read({}, add("OBX|3|NM|68060^MDC_ATTR_PT_HEIGHT^MDC||172|cm^cm^UCUM"));
    expect(height.heightMm).toBe(1720n);
    expect(() => read({}, add("OBX|3||69986^MDC_DEV_PUMP_INFUS_VMD^MDC||||||||X|||||||PUMP-B"))).toThrow(
      /OBX\[3\]-3: a second pump OBX/,
    );
    expect(() => read({}, add("OBX|3|NM|157989^MDC_TIME_PCA_LOCKOUT^MDC||10|min^min^UCUM"))).toThrow(
      /OBX\[3\]-3.1: observation .* is not one this gateway reads/,
    );
    expect(() => read({}, (m) => m.getAllSegments("OBX")[1].setField(1, "5"))).toThrow(/OBX\[2\]-1.1: set ID "5"/);
  });
});

describe("REQ-GW-044 TQ1 durations", () => {
  it("REQ-GW-044 REQ-GW-062: a dose over a duration (hours and minutes in repetitions, MDC units) becomes an amount per dose over that duration", () => {
    const order = read({
      rate: "2",
      rateUnits: "g^g^UCUM",
      strength: "2",
      strengthUnits: "g^g^UCUM",
      strengthVolume: "50",
      weight: "",
      vtbi: "",
      duration: "0^264384&MDC_DIM_HR&MDC~30^264352&MDC_DIM_MIN&MDC",
    });
    expect(order.durationS).toBe(1800n);
    expect(order.program).toEqual({ kind: "dose", amountKind: "mass", basis: "none", doseAbu: 2_000_000_000_000n });
    expect(toPumpOrder(order).program).toEqual({
      mode: Mode.DURATION,
      durationS: 1800n,
      doseAmount: 2_000_000_000_000n,
    });
  });

  it("REQ-GW-062: a dose with a VTBI is refused at RXG-5: the pump derives a dose's volume, a second one could disagree", () => {
    expect(
      refusal({
        rate: "2",
        rateUnits: "g^g^UCUM",
        strength: "2",
        strengthUnits: "g^g^UCUM",
        strengthVolume: "50",
        weight: "",
        duration: "30^min&&UCUM",
      }),
    ).toMatchObject({ where: "RXG-5", piv: PivCode.INVALID_PARAMETER });
  });

  it("REQ-GW-044: a dose without a duration, a duration unit other than s/min/h, or a rate with a duration are refused", () => {
    expect(refusal({ rate: "2", rateUnits: "g^g^UCUM", strengthUnits: "g^g^UCUM", weight: "" })).toMatchObject({
      where: "segment TQ1",
      piv: PivCode.MISSING_PARAMETER,
    });
    expect(refusal({ ...SALINE, duration: "2^d&&UCUM" })).toMatchObject({
      where: "TQ1-13.2",
      piv: PivCode.INVALID_UNITS,
    });
    expect(refusal({ ...SALINE, duration: "2^h&&UCUM" })).toMatchObject({
      where: "TQ1-13",
      piv: PivCode.INVALID_PARAMETER,
    });
    expect(refusal({ ...SALINE, duration: "1.5^s&&UCUM" })).toMatchObject({ where: "TQ1-13.1", code: 102 });
  });
});

describe("REQ-GW-063 the line access from RXR-2", () => {
  const site = (text: string) => (m: Parameters<NonNullable<Parameters<typeof buildRgv>[1]>>[0]) =>
    m.getSegment("RXR")!.setField(2, text);

  it("REQ-GW-063: PERIPHERAL and CENTRAL (99DERS, in component 1 or 2) become the line access of the pump's block; none leaves it unstated", () => {
    expect(toPumpOrder(read({}, site("PERIPHERAL^^99DERS"))).program.lineAccess).toBe(LineAccess.PERIPHERAL);
    const central = read({}, site("^CENTRAL^99DERS"));
    expect(central.lineAccess).toEqual({ code: "CENTRAL", component: 2 });
    expect(toPumpOrder(central).program.lineAccess).toBe(LineAccess.CENTRAL);
    expect(toPumpOrder(read()).program.lineAccess).toBeUndefined();
  });

  it("REQ-GW-063: another site code or coding system is refused naming RXR-2", () => {
    expect(refusal({}, site("LA^Left arm^HL70163"))).toMatchObject({ where: "RXR-2.3" });
    expect(refusal({}, site("MIDLINE^^99DERS"))).toMatchObject({ where: "RXR-2.1", piv: PivCode.INVALID_PARAMETER });
  });
});
