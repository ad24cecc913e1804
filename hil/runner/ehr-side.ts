// The EHR of the gateway-backed steps (docs/hil.md §9): an MLLP listener that acknowledges and keeps
// what the gateway sends, an order sender, and the RGV^O15 built from a scenario's ehrOrder — all with
// the independent @medplum/core and @medplum/hl7 packages, never the gateway's own parser or writer,
// so a scenario checks the gateway the way a hospital's integration engine would read it.
import type { AddressInfo } from "node:net";
import * as medplum from "@medplum/core";
import * as medplumHl7 from "@medplum/hl7";
import type { EhrOrderStep } from "../model/gateway-steps.ts";

export const PCD03_PROFILE = "IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO";

/** The EHR's listener: every message acknowledged AA and kept, in the order received. */
export class EhrListener {
  readonly received: medplum.Hl7Message[] = [];
  private server: medplumHl7.Hl7Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new medplumHl7.Hl7Server((connection) => {
      connection.addEventListener("message", ({ message }) => {
        this.received.push(message);
        connection.send(message.buildAck());
      });
    });
    server.start(port);
    const net = server.server!;
    if (!net.listening)
      await new Promise<void>((resolve, reject) => {
        net.once("listening", () => resolve());
        net.once("error", reject);
      });
    this.server = server;
    this.port = (net.address() as AddressInfo).port;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    await this.server?.stop({ forceDrainTimeoutMs: 0 });
    this.server = undefined;
  }

  of(type: string): medplum.Hl7Message[] {
    return this.received.filter((m) => messageType(m) === type);
  }
}

/** MSH-9.1^MSH-9.2, e.g. RRG^O16. */
export function messageType(m: medplum.Hl7Message): string {
  const type = m.header.getField(9);
  return `${type.getComponent(1)}^${type.getComponent(2)}`;
}

/** One field by address: `MSA-1`, `ERR-5.1` (the segment's first occurrence); "" when absent. */
export function fieldAt(m: medplum.Hl7Message, address: string): string {
  const match = /^([A-Z][A-Z0-9]{2})-(\d+)(?:\.(\d+))?$/.exec(address);
  if (match === null) throw new Error(`${JSON.stringify(address)} is not a field address such as MSA-1 or ERR-5.1`);
  const segment = m.getSegment(match[1]);
  if (segment === undefined) return "";
  const field = segment.getField(Number(match[2]));
  if (field === undefined) return "";
  return match[3] === undefined ? field.toString() : field.getComponent(Number(match[3]));
}

/** OBX-5 of every OBX whose OBX-3.1 is `code`, joined by " | " ("" when none). */
export function observationOf(m: medplum.Hl7Message, code: string): string {
  return m
    .getAllSegments("OBX")
    .filter((o) => o.getField(3)?.getComponent(1) === code)
    .map((o) => o.getField(5)?.toString() ?? "")
    .join(" | ");
}

/** Sends one message over a fresh MLLP connection and returns the reply (ACK^O15). */
export async function sendToGateway(port: number, text: string): Promise<medplum.Hl7Message> {
  const client = new medplumHl7.Hl7Client({ host: "127.0.0.1", port });
  try {
    return await client.sendAndWait(medplum.Hl7Message.parse(text));
  } finally {
    await client.close();
  }
}

const ucum = (unit: string): string => `${unit}^${unit}^UCUM`;

/** The RGV^O15^RGV_O15 of an ehrOrder step, in the shape the IHE PCD TF-2 PCD-03 tables describe. */
export function buildOrder(order: EhrOrderStep["ehrOrder"]): string {
  const lines = [
    `MSH|^~\\&|BCMA^0012340000000001^EUI-64|WARD|DERS_GW^0043210000000001^EUI-64|HOSP|X||RGV^O15^RGV_O15|X|P|2.6|||AL|AL||UNICODE UTF-8|||${PCD03_PROFILE}`,
    `PID|||X^^^HOSP^MR||Doe^Pat^^^^^L||19700101|F`,
    `ORC|RE|X|||||||X||||||||||X`,
    `RXG|1|||X^X^LOCAL|X||X||||||||X|X|X|X|||||X|X`,
    `RXR|X||^IVP^HL70164`,
    `OBX|1||69986^MDC_DEV_PUMP_INFUS_VMD^MDC||||||||X|||||||X^^0012340000000009^EUI-64`,
    ...(order.weightKg === undefined ? [] : [`OBX|2|NM|68063^MDC_ATTR_PT_WEIGHT^MDC||X|X`]),
  ];
  const m = medplum.Hl7Message.parse(lines.join("\r"));
  const field = (text: string): medplum.Hl7Field => medplum.Hl7Field.parse(text, m.context);
  // MSH-7: the order's own request time stands in for the sending time (no wall clock in a scenario).
  m.header.setField(7, order.requestedAt);
  m.header.setField(10, order.controlId);
  m.getSegment("PID")!.setComponent(3, 1, order.patientId);
  const orc = m.getSegment("ORC")!;
  orc.setField(2, order.orderId);
  orc.setField(9, order.requestedAt);
  orc.setField(19, order.clinician);
  const rxg = m.getSegment("RXG")!;
  rxg.setComponent(4, 1, order.drugCode);
  rxg.setComponent(4, 2, order.drugText);
  rxg.setField(5, order.vtbiMl ?? "");
  rxg.setField(7, order.vtbiMl === undefined ? "" : field(ucum("mL")));
  rxg.setField(15, order.rate.value);
  rxg.setField(16, field(ucum(order.rate.unit)));
  const strength = order.strength;
  rxg.setField(17, strength?.amount.value ?? "");
  rxg.setField(18, strength === undefined ? "" : field(ucum(strength.amount.unit)));
  rxg.setField(23, strength?.volumeMl ?? "");
  rxg.setField(24, strength === undefined ? "" : field(ucum("mL")));
  m.getSegment("RXR")!.setField(1, field(`^${order.route ?? "IV"}^HL70162`));
  const obx = m.getAllSegments("OBX");
  obx[0].setComponent(18, 1, order.pumpId);
  if (order.weightKg !== undefined) {
    obx[1].setField(5, order.weightKg);
    obx[1].setField(6, field(ucum("kg")));
  }
  return m.toString();
}
