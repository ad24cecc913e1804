// IHE PCD-03 Communicate Infusion Order: an RGV^O15^RGV_O15 read into an InfusionOrder (docs/gateway.md
// §4). The message was already parsed strictly (gateway/hl7); here its structure and content are
// held to the PCD-03 tables: the segments in their order, the required fields, the values the
// Technical Framework allows, MSH-21 naming the PCD-03 profile by its OID, units in MDC or UCUM.
// The first problem is thrown as an OrderError naming segment, field and component, with the
// HL7 table 0357 code and, where one fits, the IHE PIV application code — and no order exists.
import {
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../../firmware/abi/codes.ts";
import { Hl7Error, Hl7ErrorCode, type Hl7Location } from "../hl7/location.ts";
import { repetitions, value, type Hl7Message, type Repetition, type Segment } from "../hl7/message.ts";
import { readDecimal, scaleExact, type Decimal } from "./decimal.ts";
import { readDtm } from "./dtm.ts";
import type {
  AdministrationDevice,
  AdministrationMethod,
  ApplicationAckType,
  CodedChoice,
  InfusionOrder,
  LineAccessCode,
  OrderedProgram,
  Route,
} from "./order.ts";
import { PivCode } from "./piv-codes.ts";
import { readUnit, UnitError, unitOf, type UnitContext, type UnitMeaning } from "./units.ts";

/** MSH-21's universal ID (EI-3) for the PCD-03 message profile. */
export const PCD03_PROFILE_OID = "1.3.6.1.4.1.19376.1.6.1.3.1";
/** The HL7 versions the gateway reads PCD-03 in (the Technical Framework is written on v2.6; its examples say 2.5). */
export const ACCEPTED_VERSIONS: readonly string[] = ["2.5", "2.5.1", "2.6"];
/** The tallest patient the gateway accepts, mm (a slip such as 1750 cm is caught). */
export const MAX_HEIGHT_MM = 3000n;

/** A PCD-03 message the gateway cannot take, with the PIV code for ERR-5 where one applies. */
export class OrderError extends Hl7Error {
  constructor(
    code: Hl7ErrorCode,
    at: Hl7Location,
    reason: string,
    readonly piv?: PivCode,
  ) {
    super(code, at, reason);
    this.name = "OrderError";
  }
}

/** The slots of RGV^O15 in order, as this gateway takes them (one order, one give step). */
const STRUCTURE: ReadonlyArray<{ id: string; min: number; max: number; why?: string }> = [
  { id: "PID", min: 1, max: 1, why: "the patient the order is for (the bedside check compares the wristband with it)" },
  { id: "PV1", min: 0, max: 1 },
  { id: "ORC", min: 1, max: 1 },
  { id: "RXG", min: 1, max: 1 },
  { id: "TQ1", min: 0, max: 1 },
  { id: "RXR", min: 1, max: 1 },
  { id: "OBX", min: 1, max: 99 },
];

/** Segments of the RGV structure the PCD-03 table marks X (not supported). */
const NOT_SUPPORTED = new Set(["SFT", "NTE", "AL1", "PV2", "TQ2", "RXO", "RXE", "RXC"]);

function checkStructure(message: Hl7Message): void {
  const segments = message.segments;
  let i = 1;
  let previous = "MSH";
  for (const slot of STRUCTURE) {
    let count = 0;
    while (i < segments.length && segments[i].id === slot.id) {
      count++;
      if (count > slot.max) {
        const why =
          slot.id === "RXG"
            ? ": one give step per message (multistep orders are not supported)"
            : slot.id === "TQ1"
              ? ": at most one timing segment for the give step"
              : "";
        throw new OrderError(
          Hl7ErrorCode.SEGMENT_SEQUENCE,
          { segment: slot.id, sequence: count },
          `a second ${slot.id} segment${why}`,
          slot.id === "RXG" ? PivCode.INVALID_PARAMETER : undefined,
        );
      }
      i++;
    }
    if (count < slot.min) {
      const found = i < segments.length ? `found ${segments[i].id}` : "the message ends";
      throw new OrderError(
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        { segment: slot.id },
        `segment ${slot.id} is required after ${previous}${slot.why ? ` (${slot.why})` : ""}; ${found}`,
        slot.id === "PID" ? PivCode.PATIENT_ID_MISSING : slot.id === "OBX" ? PivCode.UNKNOWN_INFUSER : undefined,
      );
    }
    if (count > 0) previous = slot.id;
  }
  if (i < segments.length) {
    const s = segments[i];
    const reason = NOT_SUPPORTED.has(s.id)
      ? `segment ${s.id} is not supported in PCD-03 (usage X)`
      : s.id === "ORC" || s.id === "RXG"
        ? `a second order: one order per message`
        : `segment ${s.id} is not expected after ${segments[i - 1].id} in RGV^O15`;
    throw new OrderError(Hl7ErrorCode.SEGMENT_SEQUENCE, { segment: s.id, sequence: s.sequence }, reason);
  }
}

const at = (s: Segment, field: number, component?: number): Hl7Location => ({
  segment: s.id,
  sequence: s.sequence,
  field,
  ...(component === undefined ? {} : { component }),
});

function required(s: Segment, field: number, component: number, what: string, piv?: PivCode): string {
  const v = value(s, field, component);
  if (v === "")
    throw new OrderError(Hl7ErrorCode.REQUIRED_FIELD_MISSING, at(s, field, component), `${what} is missing`, piv);
  return v;
}

function oneOf<T extends string>(s: Segment, field: number, allowed: readonly T[], what: string, piv?: PivCode): T {
  const v = required(s, field, 1, what, piv) as T;
  if (!allowed.includes(v))
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(s, field, 1),
      `${what} ${JSON.stringify(v)} is not one of ${allowed.join(", ")}`,
      piv,
    );
  return v;
}

function checkHeader(msh: Segment): { controlId: string; applicationAck: ApplicationAckType } {
  const type = value(msh, 9, 1);
  if (type !== "RGV")
    throw new OrderError(
      Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
      at(msh, 9, 1),
      `message type ${JSON.stringify(type)}: this listener takes RGV^O15^RGV_O15 (PCD-03) only`,
    );
  if (value(msh, 9, 2) !== "O15")
    throw new OrderError(
      Hl7ErrorCode.UNSUPPORTED_EVENT_CODE,
      at(msh, 9, 2),
      `trigger event ${JSON.stringify(value(msh, 9, 2))}: RGV is read with trigger O15 only`,
    );
  const structure = value(msh, 9, 3);
  if (structure !== "" && structure !== "RGV_O15")
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      at(msh, 9, 3),
      `message structure ${JSON.stringify(structure)} is not RGV_O15`,
    );
  const controlId = required(msh, 10, 1, "the message control ID");
  const processing = required(msh, 11, 1, "the processing ID");
  if (!["P", "T", "D"].includes(processing))
    throw new OrderError(
      Hl7ErrorCode.UNSUPPORTED_PROCESSING_ID,
      at(msh, 11, 1),
      `processing ID ${JSON.stringify(processing)} is not P, T or D`,
    );
  const version = required(msh, 12, 1, "the version ID");
  if (!ACCEPTED_VERSIONS.includes(version))
    throw new OrderError(
      Hl7ErrorCode.UNSUPPORTED_VERSION,
      at(msh, 12, 1),
      `HL7 version ${JSON.stringify(version)}: PCD-03 is read in ${ACCEPTED_VERSIONS.join(", ")}`,
    );
  oneOf(msh, 15, ["AL"] as const, "the accept acknowledgement type (PCD-03 requires AL)");
  const applicationAck = oneOf(msh, 16, ["AL", "ER", "NE"] as const, "the application acknowledgement type");
  const charset = value(msh, 18, 1);
  if (charset !== "" && charset !== "ASCII" && charset !== "UNICODE UTF-8")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(msh, 18, 1),
      `character set ${JSON.stringify(charset)}: the gateway reads ASCII and UNICODE UTF-8`,
    );
  const profiles = repetitions(msh, 21);
  if (profiles.length === 0)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(msh, 21),
      `the message profile identifier is missing (PCD-03 is ${PCD03_PROFILE_OID}^ISO in EI-3 and EI-4)`,
    );
  const isPcd03 = (r: Repetition): boolean => r[2]?.[0] === PCD03_PROFILE_OID && r[3]?.[0] === "ISO";
  if (!profiles.some(isPcd03))
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      { ...at(msh, 21, 3) },
      `the message profile ${JSON.stringify(profiles.map((r) => r.map((c) => c[0]).join("^")).join("~"))} is not PCD-03: EI-3 must be ${PCD03_PROFILE_OID} and EI-4 ISO`,
    );
  return { controlId, applicationAck };
}

function decimal(s: Segment, field: number, component: number, what: string, piv = PivCode.INVALID_PARAMETER): Decimal {
  const text = value(s, field, component);
  const d = readDecimal(text);
  if (d === undefined)
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      at(s, field, component),
      `${what} ${JSON.stringify(text)} is not a non-negative number`,
      piv,
    );
  return d;
}

function unit(s: Segment, field: number, context: UnitContext, what: string): UnitMeaning {
  try {
    const u = readUnit(s.fields[field]?.[0], context);
    if (u === undefined)
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at(s, field),
        `${what} is missing`,
        PivCode.MISSING_PARAMETER,
      );
    return u.meaning;
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(s, field),
      `${what}: ${error.message}`,
      PivCode.INVALID_UNITS,
    );
  }
}

/** value × factor, exactly, in (0, max]; refused naming the field otherwise. */
function canonical(
  s: Segment,
  field: number,
  d: Decimal,
  factor: bigint,
  max: bigint,
  what: string,
  unitName: string,
): bigint {
  const v = scaleExact(d, factor);
  const where = at(s, field, 1);
  if (v === undefined)
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      where,
      `${what} is finer than the pump's resolution (1 ${unitName}); the gateway does not round an order`,
      PivCode.INVALID_PARAMETER,
    );
  if (v === 0n || v > max)
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      where,
      `${what} is ${v} ${unitName}: it must be more than 0 and at most ${max} ${unitName}`,
      PivCode.OUTSIDE_RANGE,
    );
  return v;
}

function coded<T extends string>(
  s: Segment,
  field: number,
  allowed: readonly T[],
  table: string,
  what: string,
): CodedChoice<T> | undefined {
  const c1 = value(s, field, 1);
  const c2 = value(s, field, 2);
  const c3 = value(s, field, 3);
  if (c1 === "" && c2 === "" && c3 === "") return undefined;
  if (c3 !== "" && c3 !== table)
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(s, field, 3),
      `${what}: coding system ${JSON.stringify(c3)} is not ${table}`,
      PivCode.INVALID_PARAMETER,
    );
  let choice: CodedChoice<T> | undefined;
  if (allowed.includes(c1 as T) && (c2 === "" || c2 === c1)) choice = { code: c1 as T, component: 1 };
  else if (c1 === "" && allowed.includes(c2 as T)) choice = { code: c2 as T, component: 2 };
  if (choice === undefined)
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(s, field, c1 === "" ? 2 : 1),
      `${what} ${JSON.stringify([c1, c2].filter((c) => c !== "").join("^"))} is not one of ${allowed.join(", ")} (${table}, in component 1 or 2)`,
      PivCode.INVALID_PARAMETER,
    );
  return choice;
}

const ROUTES: readonly Route[] = ["IV", "EP", "SC", "NG", "GTT", "IT"];

/** RXR-2 codes of the line access (decisions/0045): HL7 table 0163 has no peripheral/central distinction. */
const LINE_ACCESS_CODES: readonly LineAccessCode[] = ["PERIPHERAL", "CENTRAL"];

function readRoute(rxr: Segment): Pick<InfusionOrder, "route" | "device" | "method" | "lineAccess"> {
  const route = coded(rxr, 1, ROUTES, "HL70162", "the route");
  if (route === undefined)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(rxr, 1),
      "the route is missing",
      PivCode.MISSING_PARAMETER,
    );
  const device = coded(rxr, 3, ["IVP", "PCA", "SYR"] as const, "HL70164", "the administration device");
  if (device?.code === "PCA")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(rxr, 3, device.component),
      "PCA programs are not auto-programmed by this gateway (AUTO_PROGRAM carries no PCA parameters)",
      PivCode.INVALID_PARAMETER,
    );
  const method = coded(rxr, 4, ["IV", "IVPB"] as const, "HL70165", "the administration method");
  if (method?.code === "IVPB")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(rxr, 4, method.component),
      "a piggyback (secondary) infusion is not auto-programmed by this gateway",
      PivCode.NO_PIGGYBACK,
    );
  const lineAccess = coded(rxr, 2, LINE_ACCESS_CODES, "99DERS", "the administration site (line access)");
  return {
    route,
    ...(lineAccess === undefined ? {} : { lineAccess }),
    ...(device === undefined ? {} : { device: device as CodedChoice<AdministrationDevice> }),
    ...(method === undefined ? {} : { method: method as CodedChoice<AdministrationMethod> }),
  };
}

/** OBX-3 codes of PCD-03 (MDC): the pump, and the patient parameters the gateway reads. */
const OBX_CODES: Readonly<Record<string, readonly [string, "pump" | "weight" | "height" | "bsa"]>> = {
  "69986": ["MDC_DEV_PUMP_INFUS_VMD", "pump"],
  "68063": ["MDC_ATTR_PT_WEIGHT", "weight"],
  "68060": ["MDC_ATTR_PT_HEIGHT", "height"],
  "188744": ["MDC_AREA_BODY_SURF_ACTUAL", "bsa"],
};

interface ObxValues {
  pumpId: string;
  pumpIdComponent: 1 | 3;
  weightG?: bigint;
  heightMm?: bigint;
  bsaM2x10000?: bigint;
}

function readObservations(obxs: readonly Segment[]): ObxValues {
  const found: Partial<ObxValues> = {};
  for (const [index, obx] of obxs.entries()) {
    const setId = value(obx, 1);
    if (setId !== String(index + 1))
      throw new OrderError(
        Hl7ErrorCode.DATA_TYPE,
        at(obx, 1, 1),
        `set ID ${JSON.stringify(setId)}: the OBX segments are numbered 1, 2, … (this one is ${index + 1})`,
      );
    const code = value(obx, 3, 1);
    const ref = value(obx, 3, 2);
    const known = OBX_CODES[code];
    if (known === undefined || value(obx, 3, 3) !== "MDC" || (ref !== "" && ref !== known[0]))
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        at(obx, 3, 1),
        `observation ${JSON.stringify([code, ref, value(obx, 3, 3)].join("^"))} is not one this gateway reads (the pump ${"69986^MDC_DEV_PUMP_INFUS_VMD^MDC"}, weight, height or BSA)`,
        PivCode.INVALID_PARAMETER,
      );
    const kind = known[1];
    if (kind === "pump") {
      if (found.pumpId !== undefined)
        throw new OrderError(
          Hl7ErrorCode.SEGMENT_SEQUENCE,
          at(obx, 3),
          "a second pump OBX: an order is for one pump",
          PivCode.UNKNOWN_INFUSER,
        );
      for (const n of [2, 5, 6])
        if (repetitions(obx, n).length > 0)
          throw new OrderError(
            Hl7ErrorCode.DATA_TYPE,
            at(obx, n),
            "must be empty in the pump OBX",
            PivCode.INVALID_PARAMETER,
          );
      // EI-1 is the pump ID today; EI-3 with the vendor in EI-4 is the deprecated trial form.
      const ei1 = value(obx, 18, 1);
      const ei3 = value(obx, 18, 3);
      if (ei1 !== "") Object.assign(found, { pumpId: ei1, pumpIdComponent: 1 });
      else if (ei3 !== "") Object.assign(found, { pumpId: ei3, pumpIdComponent: 3 });
      else
        throw new OrderError(
          Hl7ErrorCode.REQUIRED_FIELD_MISSING,
          at(obx, 18, 1),
          "the pump ID is missing (OBX-18 EI-1, or EI-3 in the deprecated form)",
          PivCode.UNKNOWN_INFUSER,
        );
      continue;
    }
    const field = kind === "weight" ? "weightG" : kind === "height" ? "heightMm" : "bsaM2x10000";
    if (found[field] !== undefined)
      throw new OrderError(
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        at(obx, 3),
        `a second ${kind} OBX`,
        PivCode.INVALID_PARAMETER,
      );
    if (value(obx, 2) !== "NM")
      throw new OrderError(
        Hl7ErrorCode.DATA_TYPE,
        at(obx, 2, 1),
        `the value type of a ${kind} must be NM, not ${JSON.stringify(value(obx, 2))}`,
      );
    if (repetitions(obx, 18).length > 0)
      throw new OrderError(Hl7ErrorCode.DATA_TYPE, at(obx, 18), `must be empty in a ${kind} OBX`);
    if (value(obx, 5) === "")
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at(obx, 5, 1),
        `the ${kind} value is missing`,
        PivCode.MISSING_PARAMETER,
      );
    const d = decimal(obx, 5, 1, `the ${kind}`);
    const u = unit(obx, 6, "patient", `the ${kind} unit`);
    if (u.kind !== kind)
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        at(obx, 6),
        `the unit is a ${u.kind} unit, not a ${kind} unit`,
        PivCode.INVALID_UNITS,
      );
    if (u.kind === "weight") found.weightG = canonical(obx, 5, d, u.g, BigInt(MAX_WEIGHT_G), "the weight", "g");
    else if (u.kind === "height") found.heightMm = canonical(obx, 5, d, u.mm, MAX_HEIGHT_MM, "the height", "mm");
    else if (u.kind === "bsa")
      found.bsaM2x10000 = canonical(obx, 5, d, u.m2x10000, BigInt(MAX_BSA_M2X10000), "the BSA", "m²×10⁻⁴");
  }
  if (found.pumpId === undefined)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      { segment: "OBX" },
      "no OBX names the pump (69986^MDC_DEV_PUMP_INFUS_VMD^MDC with the pump ID in OBX-18)",
      PivCode.UNKNOWN_INFUSER,
    );
  return found as ObxValues;
}

function readDuration(tq1: Segment): bigint {
  const reps = repetitions(tq1, 13);
  if (reps.length === 0)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(tq1, 13),
      "the occurrence duration is missing",
      PivCode.MISSING_PARAMETER,
    );
  if (reps.length > 3)
    throw new OrderError(Hl7ErrorCode.DATA_TYPE, at(tq1, 13), "at most 3 repetitions (hours, minutes, seconds)");
  let seconds = 0n;
  for (const [r, rep] of reps.entries()) {
    const where: Hl7Location = { ...at(tq1, 13, 1), repetition: r + 1 };
    const text = rep[0]?.[0] ?? "";
    const d = readDecimal(text);
    if (d === undefined)
      throw new OrderError(Hl7ErrorCode.DATA_TYPE, where, `the duration ${JSON.stringify(text)} is not a number`);
    let u;
    try {
      u = unitOf(rep[1] ?? [], "time");
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        { ...where, component: 2 },
        `the duration unit: ${error.message} (seconds, minutes or hours)`,
        PivCode.INVALID_UNITS,
      );
    }
    if (u === undefined || u.meaning.kind !== "time")
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        { ...where, component: 2 },
        "the duration unit is missing",
        PivCode.INVALID_UNITS,
      );
    const s = scaleExact(d, u.meaning.s);
    if (s === undefined)
      throw new OrderError(Hl7ErrorCode.DATA_TYPE, where, "the duration is finer than 1 s", PivCode.INVALID_PARAMETER);
    seconds += s;
  }
  if (seconds === 0n || seconds > BigInt(MAX_DURATION_S))
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      at(tq1, 13),
      `the duration is ${seconds} s: it must be more than 0 and at most ${MAX_DURATION_S} s`,
      PivCode.OUTSIDE_RANGE,
    );
  return seconds;
}

function readProgram(rxg: Segment): OrderedProgram {
  if (value(rxg, 15) === "")
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(rxg, 15, 1),
      "the give rate amount (rate, dose rate or dose) is missing",
      PivCode.MISSING_PARAMETER,
    );
  const d = decimal(rxg, 15, 1, "the give rate amount");
  const u = unit(rxg, 16, "drug", "the give rate units");
  const max = BigInt(MAX_LIMIT_VALUE);
  switch (u.kind) {
    case "rate":
      return {
        kind: "rate",
        rateUlPerHour: canonical(rxg, 15, d, u.ulPerHour, BigInt(MAX_RATE_UL_PER_HOUR), "the rate", "µL/h"),
      };
    case "doseRate":
      return {
        kind: "doseRate",
        amountKind: u.amountKind,
        basis: u.basis,
        doseRateAbuPerHour: canonical(rxg, 15, d, u.abuPerHour, max, "the dose rate", "ABU/h"),
      };
    case "dose":
      return {
        kind: "dose",
        amountKind: u.amountKind,
        basis: u.basis,
        doseAbu: canonical(rxg, 15, d, u.abu, max, "the dose", "ABU"),
      };
    default:
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        at(rxg, 16),
        `the give rate units are a ${u.kind} unit: a rate (mL/h), a dose rate or a dose is expected`,
        PivCode.INVALID_UNITS,
      );
  }
}

function readConcentration(rxg: Segment): InfusionOrder["concentration"] {
  const given = [17, 18, 23, 24].filter((n) => repetitions(rxg, n).length > 0);
  if (given.length === 0) return undefined;
  const missing = [17, 18, 23, 24].find((n) => !given.includes(n));
  if (missing !== undefined)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(rxg, missing),
      "a concentration needs all of RXG-17 (strength), RXG-18 (its unit), RXG-23 (volume) and RXG-24 (its unit)",
      PivCode.MISSING_PARAMETER,
    );
  const strength = unit(rxg, 18, "drug", "the give strength units");
  if (strength.kind !== "dose" || strength.basis !== "none")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(rxg, 18),
      "the give strength units must be a drug amount (such as mg or [iU])",
      PivCode.INVALID_UNITS,
    );
  const volume = unit(rxg, 24, "drug", "the give drug strength volume units");
  if (volume.kind !== "volume")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(rxg, 24),
      "the give drug strength volume units must be a volume (mL)",
      PivCode.INVALID_UNITS,
    );
  return {
    amountKind: strength.amountKind,
    amountAbu: canonical(
      rxg,
      17,
      decimal(rxg, 17, 1, "the give strength"),
      strength.abu,
      BigInt(MAX_LIMIT_VALUE),
      "the give strength",
      "ABU",
    ),
    volumeUl: canonical(
      rxg,
      23,
      decimal(rxg, 23, 1, "the strength volume"),
      volume.ul,
      BigInt(MAX_VOLUME_UL),
      "the strength volume",
      "µL",
    ),
  };
}

/** Reads a parsed RGV^O15 into an order, or throws the OrderError for its negative acknowledgement. */
export function readOrder(message: Hl7Message): InfusionOrder {
  const msh = message.segments[0];
  const header = checkHeader(msh);
  checkStructure(message);
  const one = (id: string): Segment | undefined => message.segments.find((s) => s.id === id);
  const pid = one("PID")!;
  const orc = one("ORC")!;
  const rxg = one("RXG")!;
  const tq1 = one("TQ1");
  const rxr = one("RXR")!;
  const obxs = message.segments.filter((s) => s.id === "OBX");

  const patientId = required(pid, 3, 1, "the patient ID", PivCode.PATIENT_ID_MISSING);
  const patientAuthority = pid.fields[3]?.[0]?.[3]?.[0] ?? "";

  const control = required(orc, 1, 1, "the order control code", PivCode.MISSING_PARAMETER);
  if (control !== "RE")
    throw new OrderError(
      Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
      at(orc, 1, 1),
      control === "XO" || control === "CH"
        ? `order control ${control} (a change to a running infusion) is not auto-programmed by this gateway; RE only`
        : `order control ${JSON.stringify(control)} is not RE`,
      PivCode.INVALID_PARAMETER,
    );
  const orderId = required(orc, 2, 1, "the placer order number", PivCode.MISSING_PARAMETER);
  const orderNamespace = value(orc, 2, 2);
  const requested = required(
    orc,
    9,
    1,
    "the date/time of transaction (needed to refuse a stale order)",
    PivCode.MISSING_PARAMETER,
  );
  const requestedAtMs = readDtm(requested);
  if (typeof requestedAtMs === "string")
    throw new OrderError(Hl7ErrorCode.DATA_TYPE, at(orc, 9, 1), requestedAtMs, PivCode.INVALID_PARAMETER);
  const actionBy = value(orc, 19, 1);

  const step = value(rxg, 1);
  if (step !== "1")
    throw new OrderError(
      step === "" ? Hl7ErrorCode.REQUIRED_FIELD_MISSING : Hl7ErrorCode.DATA_TYPE,
      at(rxg, 1, 1),
      step === ""
        ? "the give sub-ID counter is missing"
        : `give step ${JSON.stringify(step)}: multistep orders are not supported (1 only)`,
      PivCode.INVALID_PARAMETER,
    );
  const drugCode = required(rxg, 4, 1, "the give code identifier", PivCode.MISSING_PARAMETER);
  const drugText = required(rxg, 4, 2, "the give code text", PivCode.MISSING_PARAMETER);
  const drugSystem = value(rxg, 4, 3);

  let vtbiUl: bigint | undefined;
  if (value(rxg, 5) !== "") {
    const volume = unit(rxg, 7, "drug", "the give units (of the volume to be infused)");
    if (volume.kind !== "volume")
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        at(rxg, 7),
        "the give units must be a volume (mL)",
        PivCode.INVALID_UNITS,
      );
    vtbiUl = canonical(
      rxg,
      5,
      decimal(rxg, 5, 1, "the volume to be infused"),
      volume.ul,
      BigInt(MAX_VOLUME_UL),
      "the volume to be infused",
      "µL",
    );
  } else if (repetitions(rxg, 7).length > 0)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(rxg, 5, 1),
      "the give units are given without the volume to be infused",
      PivCode.MISSING_PARAMETER,
    );
  const program = readProgram(rxg);
  const concentration = readConcentration(rxg);
  const durationS = tq1 === undefined ? undefined : readDuration(tq1);
  const route = readRoute(rxr);
  const obx = readObservations(obxs);

  if (vtbiUl === undefined && durationS === undefined && route.device?.code !== "SYR")
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      at(rxg, 5, 1),
      "the volume to be infused is missing (required for a large-volume pump when there is no TQ1 duration)",
      PivCode.MISSING_PARAMETER,
    );
  if (program.kind === "dose" && durationS === undefined)
    throw new OrderError(
      Hl7ErrorCode.REQUIRED_FIELD_MISSING,
      { segment: "TQ1" },
      "a dose (RXG-16 an amount) needs TQ1-13, the duration to give it over",
      PivCode.MISSING_PARAMETER,
    );
  if (program.kind !== "rate") {
    if (concentration === undefined)
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at(rxg, 17, 1),
        "a dose or dose rate needs the concentration (RXG-17/18 over RXG-23/24) for the pump to derive the rate",
        PivCode.MISSING_PARAMETER,
      );
    if (concentration.amountKind !== program.amountKind)
      throw new OrderError(
        Hl7ErrorCode.TABLE_VALUE_NOT_FOUND,
        at(rxg, 18),
        `the strength is in ${concentration.amountKind} but the dose in ${program.amountKind}`,
        PivCode.INVALID_UNITS,
      );
    if (program.basis === "weight" && obx.weightG === undefined)
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at(rxg, 16),
        "the dose is per kg but no weight OBX (68063^MDC_ATTR_PT_WEIGHT^MDC) is given",
        PivCode.WEIGHT_MISSING,
      );
    if (program.basis === "bsa" && obx.bsaM2x10000 === undefined)
      throw new OrderError(
        Hl7ErrorCode.REQUIRED_FIELD_MISSING,
        at(rxg, 16),
        "the dose is per m² but no BSA OBX (188744^MDC_AREA_BODY_SURF_ACTUAL^MDC) is given",
        PivCode.BSA_MISSING,
      );
  }

  return {
    controlId: header.controlId,
    applicationAck: header.applicationAck,
    orderId,
    orderNamespace,
    requestedAtMs,
    ...(actionBy === "" ? {} : { actionBy }),
    patientId,
    patientAuthority,
    pumpId: obx.pumpId,
    pumpIdComponent: obx.pumpIdComponent,
    drugCode,
    drugText,
    drugSystem,
    ...(concentration === undefined ? {} : { concentration }),
    program,
    ...(vtbiUl === undefined ? {} : { vtbiUl }),
    ...(durationS === undefined ? {} : { durationS }),
    ...(obx.weightG === undefined ? {} : { weightG: obx.weightG }),
    ...(obx.heightMm === undefined ? {} : { heightMm: obx.heightMm }),
    ...(obx.bsaM2x10000 === undefined ? {} : { bsaM2x10000: obx.bsaM2x10000 }),
    ...route,
  };
}
