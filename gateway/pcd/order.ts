// An infusion order as the gateway understood it from a PCD-03 RGV^O15 (docs/gateway.md §4): every
// value in the pump's canonical unit (docs/units.md) as an exact integer, and how it was written,
// for the audit record. Built only by reading a whole message (pcd03.ts); a message that cannot
// be read yields no order at all.
import type { AmountKind, Basis } from "./units.ts";

/** What RXG-15/16 ordered: a rate, a dose rate, or a dose over a duration (TQ1-13). */
export type OrderedProgram =
  | { kind: "rate"; rateUlPerHour: bigint }
  | { kind: "doseRate"; amountKind: AmountKind; basis: Basis; doseRateAbuPerHour: bigint }
  | { kind: "dose"; amountKind: AmountKind; basis: Basis; doseAbu: bigint };

/** The component of RXR-1, -3 or -4 the code was read from (the Technical Framework writes ^IV^HL70162; many senders write IV). */
export interface CodedChoice<T extends string> {
  code: T;
  component: 1 | 2;
}

export type Route = "IV" | "EP" | "SC" | "NG" | "GTT" | "IT";
export type AdministrationDevice = "IVP" | "SYR";
export type AdministrationMethod = "IV" | "IVPB";
/** RXR-2 with the local code system 99DERS: the line the order is for (decisions/0045). */
export type LineAccessCode = "PERIPHERAL" | "CENTRAL";
export type ApplicationAckType = "AL" | "ER" | "NE";

export interface InfusionOrder {
  /** MSH-10 of the order message. */
  controlId: string;
  /** MSH-16: when the sender wants an RRG^O16. */
  applicationAck: ApplicationAckType;
  /** ORC-2.1 (and its namespace ORC-2.2): the order's identity, the key of idempotence. */
  orderId: string;
  orderNamespace: string;
  /** ORC-9, milliseconds since 1970 (UTC): when the clinician asked for the program. */
  requestedAtMs: number;
  /** ORC-19.1: the clinician who initiated it, when given. */
  actionBy?: string;
  /** PID-3 first repetition: CX-1 and the assigning authority CX-4.1. */
  patientId: string;
  patientAuthority: string;
  /** OBX-18 of the pump OBX: the pump (and channel) the order is for, and which EI component held it. */
  pumpId: string;
  pumpIdComponent: 1 | 3;
  /** RXG-4: the drug identifier (CWE-1), its text (CWE-2) and coding system (CWE-3). */
  drugCode: string;
  drugText: string;
  drugSystem: string;
  /** RXG-17/18 over RXG-23/24: the concentration, when given. */
  concentration?: { amountKind: AmountKind; amountAbu: bigint; volumeUl: bigint };
  program: OrderedProgram;
  /** RXG-5/7. */
  vtbiUl?: bigint;
  /** TQ1-13 (all repetitions added). */
  durationS?: bigint;
  weightG?: bigint;
  heightMm?: bigint;
  bsaM2x10000?: bigint;
  route: CodedChoice<Route>;
  device?: CodedChoice<AdministrationDevice>;
  method?: CodedChoice<AdministrationMethod>;
  /** RXR-2: peripheral or central line, when stated. */
  lineAccess?: CodedChoice<LineAccessCode>;
}
