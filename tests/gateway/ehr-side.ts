// The EHR's side of the gateway tests: infusion orders built, and replies read, with the independent
// @medplum/core HL7 package (never the gateway's own reader or writer). The orders are written
// for these tests in the shape the IHE PCD TF-2 PCD-03 tables describe.
import * as medplum from "@medplum/core";

export const PCD03_PROFILE = "IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO";

export interface RgvOptions {
  controlId: string;
  orderId: string;
  /** ORC-9, e.g. 20261205101500+0000. */
  requestedAt: string;
  patientId: string;
  pumpId: string;
  nurse: string;
  drugCode: string;
  drugText: string;
  /** RXG-5 and RXG-7 ("" leaves them out). */
  vtbi: string;
  vtbiUnits: string;
  /** RXG-15 and RXG-16. */
  rate: string;
  rateUnits: string;
  /** RXG-17/18/23/24 ("" leaves them out). */
  strength: string;
  strengthUnits: string;
  strengthVolume: string;
  strengthVolumeUnits: string;
  /** RXR-1 as written. */
  route: string;
  device: string;
  /** OBX-5/6 of a weight OBX ("" leaves it out). */
  weight: string;
  weightUnits: string;
  /** TQ1-13 ("" leaves TQ1 out). */
  duration: string;
  applicationAck: string;
}

export const DOPAMINE: RgvOptions = {
  controlId: "EHR-1",
  orderId: "ORD-1",
  requestedAt: "20261205100000+0000",
  patientId: "MRN-4711",
  pumpId: "PUMP-A",
  nurse: "RN-17",
  drugCode: "DOPA-400-250",
  drugText: "Dopamine",
  vtbi: "250",
  vtbiUnits: "263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM",
  rate: "5",
  rateUnits: "ug/kg/min^ug/kg/min^UCUM^265619^MDC_DIM_MICRO_G_PER_KG_PER_MIN^MDC",
  strength: "400",
  strengthUnits: "mg^mg^UCUM^263890^MDC_DIM_MILLI_G^MDC",
  strengthVolume: "250",
  strengthVolumeUnits: "263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM",
  route: "^IV^HL70162",
  device: "^IVP^HL70164",
  weight: "72.5",
  weightUnits: "kg^kg^UCUM^263875^MDC_DIM_KILO_G^MDC",
  duration: "",
  applicationAck: "AL",
};

export const SALINE: RgvOptions = {
  ...DOPAMINE,
  drugCode: "NACL-09",
  drugText: "Sodium chloride 0.9 %",
  vtbi: "500",
  rate: "125",
  rateUnits: "265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM",
  strength: "",
  weight: "",
  route: "IV",
};

/** An RGV^O15^RGV_O15 message text built with @medplum/core; `edit` changes it further. */
export function buildRgv(options: Partial<RgvOptions> = {}, edit?: (m: medplum.Hl7Message) => void): string {
  const o = { ...DOPAMINE, ...options };
  const lines = [
    `MSH|^~\\&|BCMA^0012340000000001^EUI-64|WARD|DERS_GW^0043210000000001^EUI-64|HOSP|20261205100001+0000||RGV^O15^RGV_O15|X|P|2.6|||AL|${o.applicationAck}||UNICODE UTF-8|||${PCD03_PROFILE}`,
    `PID|||X^^^HOSP^MR||Lovelace^Ada^^^^^L||19700101|F`,
    `ORC|RE|X|||||||X||||||||||X`,
    `RXG|1|||X^X^LOCAL|X||X||||||||X|X|X|X|||||X|X`,
    ...(o.duration === "" ? [] : [`TQ1|1||||||||||||X`]),
    `RXR|X||X`,
    `OBX|1||69986^MDC_DEV_PUMP_INFUS_VMD^MDC||||||||X|||||||X^^0012340000000009^EUI-64`,
    ...(o.weight === "" ? [] : [`OBX|2|NM|68063^MDC_ATTR_PT_WEIGHT^MDC||X|X`]),
  ];
  const m = medplum.Hl7Message.parse(lines.join("\r"));
  const ctx = m.context;
  const field = (text: string): medplum.Hl7Field => medplum.Hl7Field.parse(text, ctx);
  m.header.setField(10, o.controlId);
  const pid = m.getSegment("PID")!;
  pid.setComponent(3, 1, o.patientId);
  const orc = m.getSegment("ORC")!;
  orc.setField(2, o.orderId);
  orc.setField(9, o.requestedAt);
  orc.setField(19, o.nurse);
  const rxg = m.getSegment("RXG")!;
  rxg.setComponent(4, 1, o.drugCode);
  rxg.setComponent(4, 2, o.drugText);
  rxg.setField(5, o.vtbi);
  rxg.setField(7, o.vtbi === "" ? "" : field(o.vtbiUnits));
  rxg.setField(15, o.rate);
  rxg.setField(16, field(o.rateUnits));
  const withStrength = o.strength !== "";
  rxg.setField(17, withStrength ? o.strength : "");
  rxg.setField(18, withStrength ? field(o.strengthUnits) : "");
  rxg.setField(23, withStrength ? o.strengthVolume : "");
  rxg.setField(24, withStrength ? field(o.strengthVolumeUnits) : "");
  m.getSegment("TQ1")?.setField(13, field(o.duration));
  const rxr = m.getSegment("RXR")!;
  rxr.setField(1, field(o.route));
  rxr.setField(3, field(o.device));
  m.getAllSegments("OBX")[0].setComponent(18, 1, o.pumpId);
  const weight = m.getAllSegments("OBX")[1];
  if (weight !== undefined) {
    weight.setField(5, o.weight);
    weight.setField(6, field(o.weightUnits));
  }
  edit?.(m);
  return m.toString();
}

/** Reads a reply the gateway wrote, as the EHR's engine would. */
export function readReply(text: string): {
  type: string;
  ack: string;
  acked: string;
  err2: string;
  err3: string;
  err5: string;
  err8: string;
  message: medplum.Hl7Message;
} {
  const m = medplum.Hl7Message.parse(text);
  const err = m.getSegment("ERR");
  return {
    type: m.header.getField(9).toString(),
    ack: m.getSegment("MSA")?.getField(1).toString() ?? "",
    acked: m.getSegment("MSA")?.getField(2).toString() ?? "",
    err2: err?.getField(2).toString() ?? "",
    err3: err?.getField(3).toString() ?? "",
    err5: err?.getField(5).toString() ?? "",
    err8: err?.getField(8).toString() ?? "",
    message: m,
  };
}
