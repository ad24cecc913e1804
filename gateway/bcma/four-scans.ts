// The bedside check before an order may reach a pump (issue 13, docs/gateway.md §5): four scans —
// the patient's wristband, the clinician's badge, the medication label (a GS1 element string) and
// the pump's barcode — must match the order: the right patient, a clinician the gateway's
// configuration authorises, the ordered drug and concentration (through the formulary: GTIN →
// drug code and concentration), a product not expired, the right pump. The first scan that fails
// is named; nothing is sent to a pump unless all four pass. A scan older than the configured age
// is as good as none: it may come from the previous patient at this bedside.
import { Gs1Error, isExpired, parseMedicationLabel, type MedicationLabel } from "./gs1.ts";

export type ScanKind = "patient" | "clinician" | "medication" | "pump";
export const SCAN_KINDS: readonly ScanKind[] = ["patient", "clinician", "medication", "pump"];

export interface Scan {
  /** What the scanner sent (the wristband's patient ID, the badge's ID, a GS1 element string, the pump's ID). */
  data: string;
  /** When the gateway received it, ms since 1970. */
  atMs: number;
}

export type BedsideScans = Partial<Record<ScanKind, Scan>>;

/** A product the pharmacy stocks: its GTIN, the drug code orders use for it, and its concentration. */
export interface FormularyProduct {
  gtin: string;
  drugCode: string;
  /** Amount of drug in the container (ABU) and its volume (µL); absent for a plain fluid. */
  amountAbu?: bigint;
  volumeUl?: bigint;
}

export interface BcmaConfig {
  /** Badge IDs of the clinicians allowed to start an auto-programmed infusion. */
  clinicians: ReadonlySet<string>;
  formulary: ReadonlyMap<string, FormularyProduct>;
  /** The oldest a scan may be when the order arrives, ms. */
  maxScanAgeMs: number;
}

/** What the check needs of the order (read from the PCD-03 message). */
export interface OrderFacts {
  patientId: string;
  pumpId: string;
  drugCode: string;
  /** ORC-19: the clinician who initiated the order, when the order names one. */
  actionBy?: string;
  concentration?: { amountAbu: bigint; volumeUl: bigint };
}

export type ScanFailureReason =
  | "missing"
  | "stale"
  | "wrong-patient"
  | "not-authorised"
  | "not-the-ordering-clinician"
  | "unreadable-label"
  | "expired"
  | "unknown-product"
  | "wrong-drug"
  | "wrong-concentration"
  | "wrong-pump";

export type FourScanVerdict =
  { ok: true; label: MedicationLabel } | { ok: false; scan: ScanKind; reason: ScanFailureReason; message: string };

const fail = (scan: ScanKind, reason: ScanFailureReason, message: string): FourScanVerdict => ({
  ok: false,
  scan,
  reason,
  message: `${scan} scan: ${message}`,
});

/** YYYY-MM-DD of a time (UTC): the day a label's expiry is compared with. */
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Checks the four scans against the order; the first failure, in the order the nurse scans, is reported. */
export function checkFourScans(
  scans: BedsideScans,
  order: OrderFacts,
  config: BcmaConfig,
  nowMs: number,
): FourScanVerdict {
  for (const kind of SCAN_KINDS) {
    const scan = scans[kind];
    if (scan === undefined) return fail(kind, "missing", "no scan at this bedside");
    const age = nowMs - scan.atMs;
    if (age > config.maxScanAgeMs)
      return fail(kind, "stale", `scanned ${Math.floor(age / 1000)} s ago; at most ${config.maxScanAgeMs / 1000} s`);
  }
  const patient = scans.patient!.data;
  if (patient !== order.patientId)
    return fail(
      "patient",
      "wrong-patient",
      `wristband ${JSON.stringify(patient)} is not the order's patient ${JSON.stringify(order.patientId)}`,
    );
  const clinician = scans.clinician!.data;
  if (!config.clinicians.has(clinician))
    return fail(
      "clinician",
      "not-authorised",
      `badge ${JSON.stringify(clinician)} is not a clinician authorised in the gateway's configuration`,
    );
  if (order.actionBy !== undefined && order.actionBy !== clinician)
    return fail(
      "clinician",
      "not-the-ordering-clinician",
      `badge ${JSON.stringify(clinician)} is not the clinician who initiated the order (ORC-19 ${JSON.stringify(order.actionBy)})`,
    );
  let label: MedicationLabel;
  try {
    label = parseMedicationLabel(scans.medication!.data, new Date(nowMs).getUTCFullYear());
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    return fail("medication", "unreadable-label", error.message);
  }
  if (isExpired(label, dayOf(nowMs)))
    return fail("medication", "expired", `GTIN ${label.gtin} expired on ${label.expiry}`);
  const product = config.formulary.get(label.gtin);
  if (product === undefined)
    return fail("medication", "unknown-product", `GTIN ${label.gtin} is not in the gateway's formulary`);
  if (product.drugCode !== order.drugCode)
    return fail(
      "medication",
      "wrong-drug",
      `GTIN ${label.gtin} is ${JSON.stringify(product.drugCode)}, the order is for ${JSON.stringify(order.drugCode)}`,
    );
  const ordered = order.concentration;
  const stocked =
    product.amountAbu === undefined ? undefined : { amountAbu: product.amountAbu, volumeUl: product.volumeUl! };
  if ((ordered === undefined) !== (stocked === undefined))
    return fail(
      "medication",
      "wrong-concentration",
      ordered === undefined
        ? `GTIN ${label.gtin} contains a drug but the order gives no concentration`
        : `GTIN ${label.gtin} is a plain fluid but the order gives a concentration`,
    );
  // Concentrations compare as fractions: 400 mg/250 mL is 800 mg/500 mL only as a ratio, and the
  // pump's library matches amount and volume; so both must be equal, as the pump will check.
  if (ordered !== undefined && (ordered.amountAbu !== stocked!.amountAbu || ordered.volumeUl !== stocked!.volumeUl))
    return fail(
      "medication",
      "wrong-concentration",
      `GTIN ${label.gtin} holds ${stocked!.amountAbu} ABU in ${stocked!.volumeUl} µL, the order ${ordered.amountAbu} ABU in ${ordered.volumeUl} µL`,
    );
  const pump = scans.pump!.data;
  if (pump !== order.pumpId)
    return fail(
      "pump",
      "wrong-pump",
      `pump ${JSON.stringify(pump)} is not the order's pump ${JSON.stringify(order.pumpId)}`,
    );
  return { ok: true, label };
}
