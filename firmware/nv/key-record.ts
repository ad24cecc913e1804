// The provisioned Ed25519 public key (docs/event-log.md §7, docs/decisions/0009, 0015): two 64-byte
// copies, A at KEY_RECORD_OFFSET and B at KEY_RECORD_B_OFFSET, each with its own CRC, written by
// provisionPublicKey() and by the cold start's repair of one copy from the other — never by anything
// else, so neither a header rebuild nor one damaged copy turns a provisioned pump into anything else.
//
//   0      4       6       8                    40             60
//   +------+-------+-------+--------------------+--------------+-----+
//   |magic |layout |size   |Ed25519 public key  |reserved      |CRC  |
//   | DKEY |u16 = 1|u16 = 64|32 bytes           |(zero, 20 B)  |-32  |
//   +------+-------+-------+--------------------+--------------+-----+
// Some intact copy (and no intact copy naming another key): PROVISIONED. Both copies all zero and
// no key ever provisioned (the mark, nv/header.ts): DEVELOPMENT. Anything else — both copies damaged,
// two different keys, or blank copies on a pump that had a key — DAMAGED: nothing is admitted and
// no key is provisioned until a service erased the key area (docs/host-contract.md §10).
import { KEY_RECORD_SIZE, KeyState, PUBLIC_KEY_SIZE, Status } from "../abi/codes";
import { KEY_RECORD_B_OFFSET, KEY_RECORD_OFFSET } from "../abi/memory-map";
import { PowerOnFlag } from "../abi/event-types";
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

const COPY_A: usize = KEY_RECORD_OFFSET;
const COPY_B: usize = KEY_RECORD_B_OFFSET;

enum CopyState {
  BLANK = 0,
  VALID = 1,
  DAMAGED = 2,
}

let state: u32 = KeyState.DEVELOPMENT;
/** The key in force, in RAM: what admission uses, whatever the host does to the NV copies later. */
export const PROVISIONED_KEY: usize = memory.data(<i32>PUBLIC_KEY_SIZE, 16);
/** SHA-256(public key) while PROVISIONED; its first KEY_ID_SIZE bytes are the key id. */
const KEY_ID: usize = memory.data(32, 16);
const DECODED: usize = memory.data(<i32>POINT_BYTES, 16);

export function keyState(): u32 {
  return state;
}

export function keyIdPtr(): usize {
  return KEY_ID;
}

/**
 * Cold start: classify both copies; `keyWasProvisioned` is the mark kept with the floor. An intact
 * copy repairs the other (PowerOnFlag.NV_REPAIRED); a DAMAGED result adds PowerOnFlag.KEY_DAMAGED.
 */
export function loadKeyRecord(keyWasProvisioned: bool): u32 {
  const a = classifyCopy(COPY_A);
  const b = classifyCopy(COPY_B);
  let flags: u32 = 0;
  if (a == CopyState.VALID && b == CopyState.VALID && !sameKey(COPY_A + KR_PUBLIC_KEY, COPY_B + KR_PUBLIC_KEY))
    state = KeyState.DAMAGED;
  else if (a == CopyState.VALID || b == CopyState.VALID) {
    const good = a == CopyState.VALID ? COPY_A : COPY_B;
    const other = good == COPY_A ? COPY_B : COPY_A;
    if (!sameRecord(good, other)) {
      writeRecord(other, good + KR_PUBLIC_KEY);
      flags |= PowerOnFlag.NV_REPAIRED;
    }
    state = KeyState.PROVISIONED;
    for (let i: usize = 0; i < <usize>PUBLIC_KEY_SIZE; i += 8)
      store<u64>(PROVISIONED_KEY + i, load<u64>(good + KR_PUBLIC_KEY + i));
  } else if (a == CopyState.BLANK && b == CopyState.BLANK && !keyWasProvisioned) state = KeyState.DEVELOPMENT;
  else state = KeyState.DAMAGED;
  if (state == KeyState.PROVISIONED) sha256(PROVISIONED_KEY, PUBLIC_KEY_SIZE, KEY_ID);
  else
    for (let i: usize = 0; i < 32; i += 8) {
      store<u64>(KEY_ID + i, 0);
      store<u64>(PROVISIONED_KEY + i, 0);
    }
  if (state == KeyState.DAMAGED) flags |= PowerOnFlag.KEY_DAMAGED;
  return flags;
}

/** Both copies all zero now: the service erase of docs/host-contract.md §10 was done. */
export function keyAreaErased(): bool {
  return classifyCopy(COPY_A) == CopyState.BLANK && classifyCopy(COPY_B) == CopyState.BLANK;
}

/**
 * Writes the 32-byte key at keyPtr into both copies (A, then B; CRC last in each). Refused with
 * KEY_DAMAGED while the key state is DAMAGED and the key area is not erased (the service procedure),
 * KEY_INVALID for a key that does not decode or has small order, KEY_ALREADY_PROVISIONED for
 * another key than the one in force; the same key again is OK and rewrites a copy that differs.
 */
export function provisionKey(keyPtr: usize): i32 {
  if (state == KeyState.DAMAGED && !keyAreaErased()) return Status.KEY_DAMAGED;
  if (!keyAcceptable(keyPtr)) return Status.KEY_INVALID;
  if (state == KeyState.PROVISIONED && !sameKey(keyPtr, PROVISIONED_KEY)) return Status.KEY_ALREADY_PROVISIONED;
  writeRecord(COPY_A, keyPtr);
  writeRecord(COPY_B, keyPtr);
  loadKeyRecord(true);
  return Status.OK;
}

function writeRecord(record: usize, keyPtr: usize): void {
  for (let i: usize = 0; i < <usize>PUBLIC_KEY_SIZE; i++) store<u8>(record + KR_PUBLIC_KEY + i, load<u8>(keyPtr + i));
  store<u32>(record + KR_MAGIC, KEY_MAGIC);
  store<u16>(record + KR_LAYOUT, <u16>KEY_LAYOUT_VERSION);
  store<u16>(record + KR_SIZE, <u16>KEY_RECORD_SIZE);
  for (let i = KR_RESERVED; i < KR_CRC; i += 4) store<u32>(record + i, 0);
  store<u32>(record + KR_CRC, crc32(record, <u32>KR_CRC));
}

function sameRecord(a: usize, b: usize): bool {
  let diff: u64 = 0;
  for (let i: usize = 0; i < <usize>KEY_RECORD_SIZE; i += 8) diff |= load<u64>(a + i) ^ load<u64>(b + i);
  return diff == 0;
}

function sameKey(a: usize, b: usize): bool {
  let diff: u64 = 0;
  for (let i: usize = 0; i < <usize>PUBLIC_KEY_SIZE; i += 8) diff |= load<u64>(a + i) ^ load<u64>(b + i);
  return diff == 0;
}

function classifyCopy(record: usize): CopyState {
  let any: u64 = 0;
  for (let i: usize = 0; i < <usize>KEY_RECORD_SIZE; i += 8) any |= load<u64>(record + i);
  if (any == 0) return CopyState.BLANK;
  if (load<u32>(record + KR_MAGIC) != KEY_MAGIC) return CopyState.DAMAGED;
  if (
    <u32>load<u16>(record + KR_LAYOUT) != KEY_LAYOUT_VERSION ||
    <u32>load<u16>(record + KR_SIZE) != <u32>KEY_RECORD_SIZE
  )
    return CopyState.DAMAGED;
  for (let i = KR_RESERVED; i < KR_CRC; i += 4) if (load<u32>(record + i) != 0) return CopyState.DAMAGED;
  if (load<u32>(record + KR_CRC) != crc32(record, <u32>KR_CRC)) return CopyState.DAMAGED;
  return keyAcceptable(record + KR_PUBLIC_KEY) ? CopyState.VALID : CopyState.DAMAGED;
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
