// The rollback floor and the key-provisioned mark outside the NV header (docs/event-log.md §8): two
// 32-byte copies, each with its own CRC, at FLOOR_RECORD_OFFSET and FLOOR_RECORD_B_OFFSET. The header
// copies carry the same two values; the cold start takes the highest floor any intact copy holds
// (and the log's, boot/cold-start.ts), so losing both header copies — or both of these — loses neither.
//
//   0      4       6       8            12       16             28
//   +------+-------+-------+------------+--------+--------------+-----+
//   |magic |layout |size   |version     |flags   |reserved      |CRC  |
//   | DFLR |u16 = 1|u16 = 32|floor u32  |u32     |(zero, 12 B)  |-32  |
//   +------+-------+-------+------------+--------+--------------+-----+
// All 32 bytes zero reads as floor 0, no mark (a development pump never writes them). Written only
// after the header commit that raised the floor, copy A then copy B, CRC last: a cut leaves the
// header (or the other copy) with the new value, and the next cold start rewrites the torn copy.
import { FLOOR_RECORD_SIZE } from "../abi/codes";
import { FLOOR_RECORD_B_OFFSET, FLOOR_RECORD_OFFSET } from "../abi/memory-map";
import { crc32 } from "../crypto/crc32";

export const FLOOR_MAGIC: u32 = 0x524c4644; // "DFLR" read as a little-endian u32
const FLOOR_LAYOUT_VERSION: u32 = 1;
const FR_MAGIC: usize = 0;
const FR_LAYOUT: usize = 4;
const FR_SIZE: usize = 6;
const FR_VERSION_FLOOR: usize = 8;
const FR_FLAGS: usize = 12;
const FR_RESERVED: usize = 16;
const FR_CRC: usize = 28;
/** flags bit 0: a key has been provisioned on this pump. */
const FLAG_KEY_PROVISIONED: u32 = 1;

/** Highest floor in an intact copy (0 when none), as found by loadFloorRecords. */
export let floorRecordFloor: u32 = 0;
/** Some intact copy says a key was provisioned. */
export let floorRecordMark: bool = false;

/** Cold start: the highest floor and the mark of the intact copies. */
export function loadFloorRecords(): void {
  floorRecordFloor = 0;
  floorRecordMark = false;
  loadCopy(FLOOR_RECORD_OFFSET);
  loadCopy(FLOOR_RECORD_B_OFFSET);
}

/** Brings both copies to (floor, mark), writing only a copy that differs; true when one was written. */
export function storeFloorRecords(floor: u32, mark: bool): bool {
  const a = storeCopy(FLOOR_RECORD_OFFSET, floor, mark);
  const b = storeCopy(FLOOR_RECORD_B_OFFSET, floor, mark);
  return a || b;
}

function loadCopy(copy: usize): void {
  if (!copyValid(copy)) return;
  const floor = load<u32>(copy + FR_VERSION_FLOOR);
  if (floor > floorRecordFloor) floorRecordFloor = floor;
  if ((load<u32>(copy + FR_FLAGS) & FLAG_KEY_PROVISIONED) != 0) floorRecordMark = true;
}

function storeCopy(copy: usize, floor: u32, mark: bool): bool {
  if (floor == 0 && !mark && blank(copy)) return false;
  const flags: u32 = mark ? FLAG_KEY_PROVISIONED : 0;
  if (copyValid(copy) && load<u32>(copy + FR_VERSION_FLOOR) == floor && load<u32>(copy + FR_FLAGS) == flags)
    return false;
  store<u32>(copy + FR_MAGIC, FLOOR_MAGIC);
  store<u16>(copy + FR_LAYOUT, <u16>FLOOR_LAYOUT_VERSION);
  store<u16>(copy + FR_SIZE, <u16>FLOOR_RECORD_SIZE);
  store<u32>(copy + FR_VERSION_FLOOR, floor);
  store<u32>(copy + FR_FLAGS, flags);
  for (let i = FR_RESERVED; i < FR_CRC; i += 4) store<u32>(copy + i, 0);
  store<u32>(copy + FR_CRC, crc32(copy, <u32>FR_CRC));
  return true;
}

function copyValid(copy: usize): bool {
  if (load<u32>(copy + FR_MAGIC) != FLOOR_MAGIC) return false;
  if (
    <u32>load<u16>(copy + FR_LAYOUT) != FLOOR_LAYOUT_VERSION ||
    <u32>load<u16>(copy + FR_SIZE) != <u32>FLOOR_RECORD_SIZE
  )
    return false;
  if ((load<u32>(copy + FR_FLAGS) & ~FLAG_KEY_PROVISIONED) != 0) return false;
  for (let i = FR_RESERVED; i < FR_CRC; i += 4) if (load<u32>(copy + i) != 0) return false;
  return load<u32>(copy + FR_CRC) == crc32(copy, <u32>FR_CRC);
}

function blank(copy: usize): bool {
  let any: u64 = 0;
  for (let i: usize = 0; i < <usize>FLOOR_RECORD_SIZE; i += 8) any |= load<u64>(copy + i);
  return any == 0;
}
