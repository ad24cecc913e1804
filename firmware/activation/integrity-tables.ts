// The firmware's constant tables that the runtime integrity check covers (docs/decisions/0021):
// every memory.data table with fixed contents — the decision tables (pump maxima per request
// field, limit maxima per entry parameter, the limit-record rules, the alarm table) and the constants of CRC-32, SHA-256, SHA-512 and
// Ed25519 that admission relies on. Scratch buffers in the same static-data window change in
// normal use and are not listed. A table added to the firmware must be added here:
// tests/workflow/integrity.test.ts fails on a memory.data table with contents that is not.
import { CRC_TABLE, CRC_TABLE_BYTES } from "../crypto/crc32";
import { CURVE_D, SQRT_MINUS_ONE } from "../crypto/ed25519-decode";
import { FIELD_BYTES, FIELD_ONE, FIELD_ZERO } from "../crypto/ed25519-field";
import { BASE_POINT, CURVE_D2 } from "../crypto/ed25519-point";
import { ORDER } from "../crypto/ed25519-scalar";
import {
  ROUND_CONSTANTS as SHA256_ROUND_CONSTANTS,
  ROUND_CONSTANTS_BYTES as SHA256_ROUND_CONSTANTS_BYTES,
} from "../crypto/sha256";
import {
  INITIAL_STATE as SHA512_INITIAL_STATE,
  INITIAL_STATE_BYTES as SHA512_INITIAL_STATE_BYTES,
  ROUND_CONSTANTS as SHA512_ROUND_CONSTANTS,
  ROUND_CONSTANTS_BYTES as SHA512_ROUND_CONSTANTS_BYTES,
} from "../crypto/sha512";
import { ENTRY_LIMIT_MAXIMA, ENTRY_LIMIT_MAXIMA_BYTES } from "../library/verify-entries";
import { LIMIT_RECORD_RULES, LIMIT_RECORD_RULES_BYTES } from "../library/verify-limit-records";
import { FIELD_MAXIMA, FIELD_MAXIMA_BYTES } from "../limits/pump-maxima";
import { ALARM_TABLE, ALARM_TABLE_BYTES } from "../faults/alarm-table";

/** Tables in the list; each is at most INTEGRITY_SLICE_BYTES long, so one tick checks one table. */
export const CONSTANT_TABLE_COUNT: u32 = 15;

/** Address of constant table `index` (0 … CONSTANT_TABLE_COUNT − 1). */
export function constantTablePtr(index: u32): usize {
  switch (index) {
    case 0:
      return FIELD_MAXIMA;
    case 1:
      return ENTRY_LIMIT_MAXIMA;
    case 2:
      return CRC_TABLE;
    case 3:
      return SHA256_ROUND_CONSTANTS;
    case 4:
      return SHA512_ROUND_CONSTANTS;
    case 5:
      return SHA512_INITIAL_STATE;
    case 6:
      return CURVE_D;
    case 7:
      return SQRT_MINUS_ONE;
    case 8:
      return CURVE_D2;
    case 9:
      return BASE_POINT;
    case 10:
      return ORDER;
    case 11:
      return FIELD_ONE;
    case 12:
      return FIELD_ZERO;
    case 14:
      return LIMIT_RECORD_RULES;
    default:
      return ALARM_TABLE;
  }
}

/** Bytes of constant table `index`. */
export function constantTableBytes(index: u32): u32 {
  switch (index) {
    case 0:
      return FIELD_MAXIMA_BYTES;
    case 1:
      return ENTRY_LIMIT_MAXIMA_BYTES;
    case 2:
      return CRC_TABLE_BYTES;
    case 3:
      return SHA256_ROUND_CONSTANTS_BYTES;
    case 4:
      return SHA512_ROUND_CONSTANTS_BYTES;
    case 5:
      return SHA512_INITIAL_STATE_BYTES;
    case 9:
      return 4 * <u32>FIELD_BYTES; // a point: X, Y, Z, T
    case 10:
      return 32;
    case 13:
      return ALARM_TABLE_BYTES;
    case 14:
      return LIMIT_RECORD_RULES_BYTES;
    default:
      return <u32>FIELD_BYTES; // one field element
  }
}
