// AUTO_PROGRAM (0x0028, issue 13): an order from the EHR, through the gateway, that pre-populates a
// program the clinician confirms at the pump (docs/workflow.md §8.16, docs/decisions/0036). The one
// definition of its payload, its refusal details and the order text fields: the firmware parses at
// these offsets and simulator/client encodes at them. TS/AS shared subset, like codes.ts.
//
// Request payload, AUTO_PROGRAM_PAYLOAD_SIZE = 160 bytes, little-endian:
//   0        32        64        96   97   98   99   100      104        112     116    120    124            160
//   +--------+---------+---------+----+----+----+----+--------+----------+-------+------+------+--------------+
//   |orderId |patientId|drugCode |area|amtU|basis|rsv|volumeUl|amountAbu |weightG|bsa   |rsv 0 |program block |
//   | 32 B   | 32 B    | 32 B    | u8 | u8 | u8 | 0 | u32    | u64      | u32   | u32  | u32  | 36 B (§4.1)  |
//   +--------+---------+---------+----+----+----+----+--------+----------+-------+------+------+--------------+
// Text fields: 1 … ORDER_TEXT_SIZE bytes of printable ASCII (0x21–0x7E), then zeros to the end of
// the field; an empty field, a zero inside the text or any other byte is BAD_PAYLOAD / 17.

export const AUTO_PROGRAM_PAYLOAD_SIZE = 160;
/**
 * The payload with PROGRAM's 48-byte block at AUTO_PROGRAM_BLOCK (issue 13, decisions/0045): an
 * amount per dose (bit 11, offset 36 of the block) and the line access (bit 12, offset 44).
 */
export const AUTO_PROGRAM_PAYLOAD_SIZE_LONG = 172;
/** Bytes of each text field (order id, patient id, drug code); also the longest external code of a library. */
export const ORDER_TEXT_SIZE = 32;
export const ORDER_TEXT_FIRST_BYTE = 0x21;
export const ORDER_TEXT_LAST_BYTE = 0x7e;

export const AUTO_ORDER_ID = 0;
export const AUTO_PATIENT_ID = 32;
/** The drug identifier the order carries: an external code of an entry or of a concentration (library-format.md). */
export const AUTO_DRUG_CODE = 64;
/** The care area the order is for: the pump's selected one when it has one, else it is selected. */
export const AUTO_CARE_AREA_ID = 96;
/** AmountUnit of the concentration's amount (1 … 8; it fixes the amount kind); 0 for a fluid. */
export const AUTO_AMOUNT_UNIT = 97;
/** DoseBasis of the ordered dose (0 none, 1 per kg, 2 per m²); must be the entry's when a dose is given. */
export const AUTO_DOSE_BASIS = 98;
export const AUTO_RESERVED_99 = 99;
/** The container's volume, µL (u32); 0 for a fluid. */
export const AUTO_VOLUME_UL = 100;
/** The drug amount in the container, ABU (u64); 0 for a fluid. */
export const AUTO_AMOUNT_ABU = 104;
/** Patient weight, g (u32), 0 not given. */
export const AUTO_WEIGHT_G = 112;
/** Body surface area, m² × 10⁻⁴ (u32), 0 not given. */
export const AUTO_BSA_M2X10000 = 116;
export const AUTO_RESERVED_120 = 120;
/** PROGRAM's program block (docs/workflow.md §4.1): 36 bytes, or 48 with the amount per dose and the line access. */
export const AUTO_PROGRAM_BLOCK = 124;

/**
 * OK response: result u16, the 88-byte snapshot, the 576-byte engine result (as PROGRAM's, 666
 * bytes), then the order handle u16 and 2 reserved zero bytes.
 */
export const AUTO_PROGRAM_RESPONSE_SIZE = 670;
export const AUTO_RESPONSE_ORDER_HANDLE = 666;

/**
 * Order handle: 1 … 0xFFFF, names the order in every log record of its program and infusion (record
 * offset 6, docs/event-log.md §3.7). It is derived from the sequence number of the ORDER_BOUND
 * record: ((sequence − 1) mod 0xFFFF) + 1, so a reader finds the order id in the nearest ORDER_BOUND
 * record before a record whose handle matches. 0: no order.
 */
export const ORDER_HANDLE_NONE = 0;
export const ORDER_HANDLE_MODULUS = 0xffff;

/** Snapshot flags (byte 80) bit: the pending program or the infusion is bound to an order (AUTO_PROGRAM). */
export const SNAPSHOT_FLAG_ORDER_BOUND = 0x40;
/** Snapshot flags bit: an order is bound and no valid request frame came over the serial line for LINK_LOSS_MS. */
export const SNAPSHOT_FLAG_LINK_LOST = 0x80;

/** Detail of Result.AUTO_PROGRAM_NO_MATCH (50). */
export enum NoMatchDetail {
  /** No entry and no concentration of the active library carries the drug code. */
  UNKNOWN_CODE = 0,
}

/** Detail of Result.CONCENTRATION_DIFFERS (51): the code matched one entry, not the ordered concentration. */
export enum ConcentrationDetail {
  /** No concentration (of the entry, or the one carrying the code) has the ordered amount and volume, and no custom one applies. */
  AMOUNT_OR_VOLUME = 1,
  /** The order's amount unit is of another kind (mass, units, mEq, mmol) than the entry's. */
  AMOUNT_KIND = 2,
  /** A concentration (or an amount unit) was given for a fluid, or none for a drug. */
  FLUID_MISMATCH = 3,
  /** More than one concentration of the entry has the ordered amount and volume. */
  AMBIGUOUS = 4,
}

/** Detail of Result.CARE_AREA_DIFFERS (52). */
export enum CareAreaDetail {
  /** The active library has no care area with the order's id. */
  UNKNOWN = 0,
  /** The pump has another care area selected than the order names. */
  OTHER_SELECTED = 1,
}

/** Detail of Result.ORDER_INCONSISTENT (54). */
export enum OrderDetail {
  /** The drug code is carried by more than one entry (the compiler's lint forbids it; the pump refuses it too). */
  AMBIGUOUS_CODE = 1,
  /** A dose was ordered per kg, per m² or absolute and the entry doses otherwise. */
  DOSE_BASIS = 2,
}

/** Detail of Result.LOCAL_CONFIRMATION_REQUIRED (55): what a remote (serial-line) request tried. */
export enum LocalOnlyDetail {
  START = 0,
  OVERRIDE = 1,
}
