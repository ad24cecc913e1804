// An InfusionOrder → the pump's AUTO_PROGRAM order (docs/workflow.md §8.15, docs/gateway.md §4):
// text fields as the pump takes them (1–32 printable ASCII characters), the concentration with an
// amount unit of its kind, the dose basis, weight and BSA, and PROGRAM's block. A dose over a
// duration is an amount per dose (the 48-byte block, decisions/0045): the pump derives its volume
// and rate and checks it against the entry's per-dose limits; RXR-2 gives the line access (the
// 48-byte block too). What the pump could not take is
// refused here, at the accept acknowledgement, naming the field of the order — so nothing the pump
// would answer BAD_PAYLOAD is ever sent to it.
import { AmountUnit, DoseBasis, LineAccess, Mode } from "../../firmware/abi/codes.ts";
import {
  ORDER_TEXT_FIRST_BYTE,
  ORDER_TEXT_LAST_BYTE,
  ORDER_TEXT_SIZE,
} from "../../firmware/abi/auto-program-layout.ts";
import type { AutoProgramOrder } from "../../simulator/client/auto-program-messages.ts";
import type { ProgramValues } from "../../simulator/client/workflow-messages.ts";
import { Hl7ErrorCode, type Hl7Location } from "../hl7/location.ts";
import type { InfusionOrder, LineAccessCode } from "./order.ts";
import { OrderError } from "./pcd03.ts";
import { PivCode } from "./piv-codes.ts";
import type { AmountKind, Basis } from "./units.ts";

/** The pump's order without its care area, which the gateway's pump registry supplies. */
export type PumpOrder = Omit<AutoProgramOrder, "careAreaId">;

/** One AmountUnit per amount kind: the amount is already in ABU, the unit only fixes the kind. */
const AMOUNT_UNIT: Readonly<Record<AmountKind, AmountUnit>> = {
  mass: AmountUnit.MG,
  units: AmountUnit.UNITS,
  mEq: AmountUnit.MEQ,
  mmol: AmountUnit.MMOL,
};

const DOSE_BASIS: Readonly<Record<Basis, DoseBasis>> = {
  none: DoseBasis.NONE,
  weight: DoseBasis.WEIGHT,
  bsa: DoseBasis.BSA,
};

function text(value: string, at: Hl7Location, what: string): string {
  const printable = [...value].every((c) => {
    const code = c.charCodeAt(0);
    return c.length === 1 && code >= ORDER_TEXT_FIRST_BYTE && code <= ORDER_TEXT_LAST_BYTE;
  });
  if (value.length > ORDER_TEXT_SIZE || !printable)
    throw new OrderError(
      value.length > ORDER_TEXT_SIZE ? Hl7ErrorCode.VALUE_TOO_LONG : Hl7ErrorCode.DATA_TYPE,
      at,
      `${what} ${JSON.stringify(value)} must be 1 to ${ORDER_TEXT_SIZE} printable ASCII characters without spaces for the pump`,
      PivCode.INVALID_PARAMETER,
    );
  return value;
}

const TQ1_13: Hl7Location = { segment: "TQ1", sequence: 1, field: 13 };

const LINE_ACCESS: Readonly<Record<LineAccessCode, LineAccess>> = {
  PERIPHERAL: LineAccess.PERIPHERAL,
  CENTRAL: LineAccess.CENTRAL,
};

function programOf(order: InfusionOrder): ProgramValues {
  const line = order.lineAccess === undefined ? {} : { lineAccess: LINE_ACCESS[order.lineAccess.code] };
  return { ...valuesOf(order), ...line };
}

function valuesOf(order: InfusionOrder): ProgramValues {
  const p = order.program;
  const vtbi = order.vtbiUl === undefined ? {} : { vtbiUl: order.vtbiUl };
  if (p.kind !== "dose" && order.durationS !== undefined) {
    // A rate (or dose rate) and a duration over-determine the program: the pump takes one.
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      TQ1_13,
      "a rate or dose rate order with a duration: the pump is programmed with a rate and VTBI, or a dose over a duration, not both",
      PivCode.INVALID_PARAMETER,
    );
  }
  if (p.kind === "rate") return { mode: Mode.RATE, rateUlPerHour: p.rateUlPerHour, ...vtbi };
  if (p.kind === "doseRate") return { mode: Mode.DOSE, dose: p.doseRateAbuPerHour, ...vtbi };
  if (order.vtbiUl !== undefined)
    // The pump derives a dose's volume from the amount and the concentration; a second volume could disagree.
    throw new OrderError(
      Hl7ErrorCode.DATA_TYPE,
      { segment: "RXG", sequence: 1, field: 5 },
      "a dose (RXG-15/16 an amount) with a VTBI: the pump derives the volume of a dose from the dose and the concentration; send the dose without RXG-5",
      PivCode.INVALID_PARAMETER,
    );
  return { mode: Mode.DURATION, durationS: order.durationS!, doseAmount: p.doseAbu };
}

/** The pump's order; throws an OrderError naming the field the pump could not take. */
export function toPumpOrder(order: InfusionOrder): PumpOrder {
  const c = order.concentration;
  const basis = order.program.kind === "rate" ? "none" : order.program.basis;
  return {
    orderId: text(order.orderId, { segment: "ORC", sequence: 1, field: 2, component: 1 }, "the placer order number"),
    patientId: text(order.patientId, { segment: "PID", sequence: 1, field: 3, component: 1 }, "the patient ID"),
    drugCode: text(order.drugCode, { segment: "RXG", sequence: 1, field: 4, component: 1 }, "the give code"),
    ...(c === undefined
      ? {}
      : {
          concentration: {
            amountAbu: c.amountAbu,
            volumeUl: Number(c.volumeUl),
            amountUnit: AMOUNT_UNIT[c.amountKind],
          },
        }),
    doseBasis: DOSE_BASIS[basis],
    ...(order.weightG === undefined ? {} : { weightG: Number(order.weightG) }),
    ...(order.bsaM2x10000 === undefined ? {} : { bsaM2X10000: Number(order.bsaM2x10000) }),
    program: programOf(order),
  };
}
