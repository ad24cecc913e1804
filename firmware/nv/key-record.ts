// The provisioned Ed25519 public key (docs/event-log.md §7, docs/decisions/0009): one 64-byte
// record at KEY_RECORD_OFFSET, written once by provisionPublicKey() and never by anything else, so
// formatting the NV header does not turn a provisioned pump back into a development pump.
//
//   0      4       6       8                    40             60
//   +------+-------+-------+--------------------+--------------+-----+
//   |magic |layout |size   |Ed25519 public key  |reserved      |CRC  |
//   | DKEY |u16 = 1|u16 = 64|32 bytes           |(zero, 20 B)  |-32  |
//   +------+-------+-------+--------------------+--------------+-----+
// All 64 bytes zero: no key (DEVELOPMENT). A valid record: PROVISIONED. Anything else: DAMAGED,
// and nothing is admitted (fail closed). The CRC is written last, so a cut write reads as DAMAGED.
import { KEY_RECORD_OFFSET, KEY_RECORD_SIZE, KeyState, PUBLIC_KEY_SIZE, Status } from "../abi/codes";
import { crc32 } from "../crypto/crc32";
import { pointDecode } from "../crypto/ed25519-decode";
import { feEqual, feIsZero } from "../crypto/ed25519-field";
import { POINT_BYTES, pointAdd, pointX, pointY, pointZ } from "../crypto/ed25519-point";
import { sha256 } from "../crypto/sha256";

export const KEY_MAGIC: u32 = 0x59454b44; // "DKEY" read as a little-endian u32
const KEY_LAYOUT_VERSION: u32 = 1;
const KR_MAGIC: usize = 0;
const KR_LAYOUT: usize = 4;
const KR_SIZE: usize = 6;
const KR_PUBLIC_KEY: usize = 8;
const KR_RESERVED: usize = 40;
const KR_CRC: usize = 60;

const RECORD: usize = KEY_RECORD_OFFSET;
export const PROVISIONED_KEY: usize = RECORD + KR_PUBLIC_KEY;

let state: u32 = KeyState.DEVELOPMENT;
/** SHA-256(public key) while PROVISIONED; its first KEY_ID_SIZE bytes are the key id. */
const KEY_ID: usize = memory.data(32, 16);
const DECODED: usize = memory.data(<i32>POINT_BYTES, 16);

export function keyState(): u32 {
  return state;
}

export function keyIdPtr(): usize {
  return KEY_ID;
}

/** Cold start: classify the record the host restored. */
export function loadKeyRecord(): void {
  state = classify();
  if (state == KeyState.PROVISIONED) sha256(PROVISIONED_KEY, PUBLIC_KEY_SIZE, KEY_ID);
  else for (let i: usize = 0; i < 32; i += 8) store<u64>(KEY_ID + i, 0);
}

/**
 * Writes the 32-byte key at keyPtr into the record (CRC last) unless a valid key is there already
 * (the same key again is OK and writes nothing). A DAMAGED record may be written again: whoever
 * can damage NV can erase it too, and re-provisioning is how a service restores the pump.
 * Returns OK, KEY_INVALID or KEY_ALREADY_PROVISIONED.
 */
export function provisionKey(keyPtr: usize): i32 {
  if (!keyAcceptable(keyPtr)) return Status.KEY_INVALID;
  if (state == KeyState.PROVISIONED) return sameKey(keyPtr) ? Status.OK : Status.KEY_ALREADY_PROVISIONED;
  for (let i: usize = 0; i < <usize>PUBLIC_KEY_SIZE; i++) store<u8>(PROVISIONED_KEY + i, load<u8>(keyPtr + i));
  store<u32>(RECORD + KR_MAGIC, KEY_MAGIC);
  store<u16>(RECORD + KR_LAYOUT, <u16>KEY_LAYOUT_VERSION);
  store<u16>(RECORD + KR_SIZE, <u16>KEY_RECORD_SIZE);
  for (let i = KR_RESERVED; i < KR_CRC; i += 4) store<u32>(RECORD + i, 0);
  store<u32>(RECORD + KR_CRC, crc32(RECORD, <u32>KR_CRC));
  loadKeyRecord();
  return Status.OK;
}

function sameKey(keyPtr: usize): bool {
  let diff: u64 = 0;
  for (let i: usize = 0; i < <usize>PUBLIC_KEY_SIZE; i += 8) diff |= load<u64>(keyPtr + i) ^ load<u64>(PROVISIONED_KEY + i);
  return diff == 0;
}

function classify(): u32 {
  let any: u64 = 0;
  for (let i: usize = 0; i < <usize>KEY_RECORD_SIZE; i += 8) any |= load<u64>(RECORD + i);
  if (any == 0) return KeyState.DEVELOPMENT;
  if (load<u32>(RECORD + KR_MAGIC) != KEY_MAGIC) return KeyState.DAMAGED;
  if (<u32>load<u16>(RECORD + KR_LAYOUT) != KEY_LAYOUT_VERSION || <u32>load<u16>(RECORD + KR_SIZE) != <u32>KEY_RECORD_SIZE) return KeyState.DAMAGED;
  for (let i = KR_RESERVED; i < KR_CRC; i += 4) if (load<u32>(RECORD + i) != 0) return KeyState.DAMAGED;
  if (load<u32>(RECORD + KR_CRC) != crc32(RECORD, <u32>KR_CRC)) return KeyState.DAMAGED;
  return keyAcceptable(PROVISIONED_KEY) ? KeyState.PROVISIONED : KeyState.DAMAGED;
}

/**
 * A key that decodes (RFC 8032 §5.1.3) and is not of small order: [8]A ≠ identity. A small-order
 * key would accept forged signatures (docs/decisions/0008), so it is never provisioned.
 */
function keyAcceptable(keyPtr: usize): bool {
  if (!pointDecode(DECODED, keyPtr)) return false;
  for (let i = 0; i < 3; i++) pointAdd(DECODED, DECODED, DECODED);
  // The identity (0, 1) in projective form: X = 0 and Y = Z.
  return !(feIsZero(pointX(DECODED)) && feEqual(pointY(DECODED), pointZ(DECODED)));
}
