// The gateway-backed steps of a scenario (issue 13, docs/hil.md §9, decisions/0046): the runner
// starts the EHR gateway (gateway/) bound to the pump under test through the runner's own line,
// plays the EHR over real localhost TCP MLLP (messages built and read with @medplum/core, never
// the gateway's parser), sends bedside scans to the scan port, and checks what the EHR receives.

/** A formulary product as the gateway's --bcma file writes it (docs/gateway.md §5). */
export interface GatewayProduct {
  gtin: string;
  drugCode: string;
  amount?: string;
  amountUnit?: string;
  volumeMl?: string;
}

/** `gateway`: starts the gateway for this scenario (its state in a fresh directory) and the EHR's listener. */
export interface GatewayStartStep {
  gateway: {
    /** The pump under test, as orders name it in OBX-18. */
    pumpId: string;
    /** The care area its orders are for (the gateway's registry). */
    careAreaId: number;
    /** The gateway's clock when the scenario's pump clock is 0 (UTC, e.g. 2026-12-05T10:01:00Z); it runs with the pump's. */
    clock: string;
    clinicians: string[];
    products: GatewayProduct[];
    maxScanAgeS?: number;
    maxOrderAgeS?: number;
    /** A PCD-01 at least this often while the pump infuses (the gateway's --report-every; default 60). */
    reportEveryS?: number;
  };
  note?: string;
}

/** `scan`: the four (or fewer) bedside scans of one station, sent to the scan port; each must be answered OK. */
export interface ScanStep {
  scan: { station: string; patient?: string; clinician?: string; medication?: string; pump?: string };
  note?: string;
}

/** A value with its UCUM unit (the EHR writes `unit^unit^UCUM`). */
export interface Quantity {
  value: string;
  unit: string;
}

/** `ehrOrder`: one RGV^O15 from the EHR over MLLP; `expect` checks the ACK^O15 on the same connection. */
export interface EhrOrderStep {
  ehrOrder: {
    controlId: string;
    orderId: string;
    /** ORC-9, YYYYMMDDHHMM[SS]±ZZZZ. */
    requestedAt: string;
    patientId: string;
    pumpId: string;
    clinician: string;
    drugCode: string;
    drugText: string;
    /** RXG-15/16: a rate (mL/h) or a dose rate. */
    rate: Quantity;
    /** RXG-17/18 over RXG-23/24 (mL). */
    strength?: { amount: Quantity; volumeMl: string };
    vtbiMl?: string;
    weightKg?: string;
    /** RXR-1 route code (table 0162), default IV. */
    route?: string;
  };
  /** MSA-1 and the ERR fields of the accept acknowledgement; default { "MSA-1": "CA" }. */
  expect?: Readonly<Record<string, string>>;
  note?: string;
}

/** `ehrListener`: the EHR's MLLP listener stops (connections refused) or starts again on its port. */
export interface EhrListenerStep {
  ehrListener: "stop" | "start";
  note?: string;
}

/** `gatewayPoll`: the gateway's status reporter asks the pump once (its GET_INFUSION on the line). */
export interface GatewayPollStep {
  gatewayPoll: true;
  note?: string;
}

/**
 * `expectEhr`: the next message of this type the EHR received (after those earlier expectEhr
 * steps took) has these fields (`MSH-10`, `MSA-1`, `ERR-5.1`: segment-field[.component], the
 * segment's first occurrence) and these observations (OBX-5 of the OBX whose OBX-3.1 is the code).
 */
export interface ExpectEhrStep {
  expectEhr: {
    type: string;
    fields?: Readonly<Record<string, string>>;
    observations?: Readonly<Record<string, string>>;
  };
  note?: string;
}

/** `expectEhrCount`: how many messages of each type the EHR has received in all, and that no MSH-10 came twice. */
export interface ExpectEhrCountStep {
  expectEhrCount: Readonly<Record<string, number>>;
  note?: string;
}

export const GATEWAY_STEP_KEYS = [
  "gateway",
  "scan",
  "ehrOrder",
  "ehrListener",
  "gatewayPoll",
  "expectEhr",
  "expectEhrCount",
] as const;

export type GatewayStep =
  GatewayStartStep | ScanStep | EhrOrderStep | EhrListenerStep | GatewayPollStep | ExpectEhrStep | ExpectEhrCountStep;
