// Engine requests built from the workflow's selections and a program block (docs/workflow.md §4).
// The pump, not the client, fills entry, care area, concentration and patient: a remote program
// can only supply what a clinician types on the keypad.
//
// Program block (PROGRAM, TITRATE; SECONDARY after an 8-byte prefix), 48 bytes, or the 36 bytes
// of before issue 11 (offsets 0–35 only, presence bits 0–3 only):
//   0     1     2            4          12         20              28         36             44      45
//   +-----+-----+------------+----------+----------+---------------+----------+--------------+-------+--------+
//   |mode |rsvd |presence u16|rate µL/h |dose      |duration s     |VTBI µL   |dose amount   |line   |rsvd 0  |
//   | u8  | 0   |bits 0–3,   |u64       |u64       |u64            |u64       |u64 ABU/basis |u8     |3 bytes |
//   |     |     |11, 12      |          |          |               |          |(Field 11)    |(F. 12)|        |
//   +-----+-----+------------+----------+----------+---------------+----------+--------------+-------+--------+
// An absent value must be 0; presence bits are the engine's Field bits. The engine checks the values.
import { Field, REQUEST_OFFSET, REQUEST_SIZE_WITH_PCA } from "../abi/codes";
import {
  REQUEST_CARE_AREA_ID,
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_MODE,
  REQUEST_PRESENCE_MASK,
  REQUEST_VALUES,
} from "../engine/request-layout";
import {
  PROGRAM_PAYLOAD_SIZE,
  PROGRAM_PAYLOAD_SIZE_SHORT,
  PROGRAM_PRESENCE_VALID,
  PROGRAM_PRESENCE_VALID_SHORT,
} from "../abi/workflow-codes";
import { ageDays, bsaM2x10000, weightG } from "./state";
import { AGE_NOT_ENTERED } from "../abi/workflow-codes";

export const BLOCK_MODE = 0;
export const BLOCK_RESERVED = 1;
export const BLOCK_PRESENCE = 2;
export const BLOCK_VALUES = 4;
export const BLOCK_DOSE_AMOUNT = 36;
export const BLOCK_LINE_ACCESS = 44;
const BLOCK_TAIL_RESERVED = 45;
const BLOCK_VALUE_COUNT: u32 = 4;
const DOSE_AMOUNT_BIT: u32 = (<u32>1) << (<u32>Field.DOSE_AMOUNT);
const LINE_ACCESS_BIT: u32 = (<u32>1) << (<u32>Field.LINE_ACCESS);
/** Presence bits of a volume the program sets: its VTBI, or the amount per dose it is derived from. */
export const VOLUME_BITS: u32 = ((<u32>1) << (<u32>Field.VTBI_UL)) | DOSE_AMOUNT_BIT;

/** A program block's length: the 48-byte block or the 36-byte one of before issue 11. */
export function programBlockLength(length: u32): bool {
  return length == <u32>PROGRAM_PAYLOAD_SIZE || length == <u32>PROGRAM_PAYLOAD_SIZE_SHORT;
}

/**
 * The block's own shape: reserved bytes 0, only the presence bits its length carries, absent
 * values 0. The engine checks the values.
 */
export function programBlockValid(block: usize, length: u32): bool {
  if (load<u8>(block + BLOCK_RESERVED) != 0) return false;
  const long = length == <u32>PROGRAM_PAYLOAD_SIZE;
  const presence = <u32>load<u16>(block + BLOCK_PRESENCE);
  const valid: u32 = long ? PROGRAM_PRESENCE_VALID : PROGRAM_PRESENCE_VALID_SHORT;
  if ((presence & ~valid) != 0) return false;
  for (let field: u32 = 0; field < BLOCK_VALUE_COUNT; field++) {
    if ((presence & ((<u32>1) << field)) == 0 && load<u64>(block + BLOCK_VALUES + ((<usize>field) << 3)) != 0)
      return false;
  }
  if (!long) return true;
  if ((presence & DOSE_AMOUNT_BIT) == 0 && load<u64>(block + BLOCK_DOSE_AMOUNT) != 0) return false;
  if ((presence & LINE_ACCESS_BIT) == 0 && load<u8>(block + BLOCK_LINE_ACCESS) != 0) return false;
  return load<u16>(block + BLOCK_TAIL_RESERVED) == 0 && load<u8>(block + BLOCK_TAIL_RESERVED + 2) == 0;
}

export function blockPresence(block: usize): u32 {
  return <u32>load<u16>(block + BLOCK_PRESENCE);
}

/** Whether the block sets the program's volume: a VTBI, or an amount per dose (the engine derives the VTBI). */
export function blockSetsVolume(block: usize): bool {
  return (blockPresence(block) & VOLUME_BITS) != 0;
}

export function blockValue(block: usize, field: Field): u64 {
  if (field == Field.DOSE_AMOUNT) return load<u64>(block + BLOCK_DOSE_AMOUNT);
  if (field == Field.LINE_ACCESS) return <u64>load<u8>(block + BLOCK_LINE_ACCESS);
  return load<u64>(block + BLOCK_VALUES + ((<usize>field) << 3));
}

export function requestValueAt(request: usize, field: Field): u64 {
  return load<u64>(request + REQUEST_VALUES + ((<usize>field) << 3));
}

export function requestPresence(request: usize): u32 {
  return load<u32>(request + REQUEST_PRESENCE_MASK);
}

export function setRequestValue(request: usize, field: Field, value: u64): void {
  store<u64>(request + REQUEST_VALUES + ((<usize>field) << 3), value);
  store<u32>(request + REQUEST_PRESENCE_MASK, requestPresence(request) | ((<u32>1) << (<u32>field)));
}

/** Writes the engine request for `block` with the given selections and the current patient at `out`. */
export function buildRequest(
  out: usize,
  entryId: u32,
  careAreaId: u32,
  concentrationIndex: u32,
  block: usize,
  customAmountAbu: u64,
  customVolumeUl: u64,
): void {
  for (let i: usize = 0; i < <usize>REQUEST_SIZE_WITH_PCA; i += 8) store<u64>(out + i, 0);
  store<u32>(out + REQUEST_ENTRY_ID, entryId);
  store<u8>(out + REQUEST_CARE_AREA_ID, <u8>careAreaId);
  store<u8>(out + REQUEST_CONCENTRATION_INDEX, <u8>concentrationIndex);
  store<u8>(out + REQUEST_MODE, load<u8>(block + BLOCK_MODE));
  const presence = blockPresence(block);
  store<u32>(out + REQUEST_PRESENCE_MASK, presence);
  for (let field: u32 = 0; field < BLOCK_VALUE_COUNT; field++) {
    if ((presence & ((<u32>1) << field)) != 0) setRequestValue(out, <Field>field, blockValue(block, <Field>field));
  }
  // Bits 11 and 12 are set only in a 48-byte block (programBlockValid).
  if ((presence & DOSE_AMOUNT_BIT) != 0) setRequestValue(out, Field.DOSE_AMOUNT, blockValue(block, Field.DOSE_AMOUNT));
  if ((presence & LINE_ACCESS_BIT) != 0) setRequestValue(out, Field.LINE_ACCESS, blockValue(block, Field.LINE_ACCESS));
  if (weightG != 0) setRequestValue(out, Field.WEIGHT_G, weightG);
  if (bsaM2x10000 != 0) setRequestValue(out, Field.BSA_M2X10000, bsaM2x10000);
  // The age when entered (issue 11): an entry's age band needs it; 0 days is a real age.
  if (ageDays != AGE_NOT_ENTERED) setRequestValue(out, Field.AGE_DAYS, <u64>ageDays);
  if (customVolumeUl != 0) {
    setRequestValue(out, Field.CUSTOM_AMOUNT_ABU, customAmountAbu);
    setRequestValue(out, Field.CUSTOM_VOLUME_UL, customVolumeUl);
  }
}

export function copyRequest(from: usize, to: usize): void {
  for (let i: usize = 0; i < <usize>REQUEST_SIZE_WITH_PCA; i += 8) store<u64>(to + i, load<u64>(from + i));
}

/** Puts `request` in the engine's request buffer (the engine reads only there). */
export function stageRequest(request: usize): void {
  copyRequest(request, <usize>REQUEST_OFFSET);
}
