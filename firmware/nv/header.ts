// The NV header's fields, mirrored in RAM, and the two operations on them: load (choose the valid
// copy at cold start) and commit (write the other copy). Layout: header-layout.ts.
import { LIBRARY_SLOT_COUNT, NV_HEADER_SIZE } from "../abi/codes";
import { EVENT_LOG_CAPACITY, LIBRARY_REGION_SIZE, NV_HEADER_OFFSET } from "../abi/memory-map";
import { clockNowMs } from "../clock/clock";
import { crc32 } from "../crypto/crc32";
import {
  NV_COPY_A,
  NV_COPY_B,
  NV_COPY_SIZE,
  NV_LAYOUT_VERSION,
  NV_LAYOUT_VERSION_1,
  NV_LAYOUT_VERSION_2,
  NV_MAGIC,
  NVH_CLOCK_MS,
  NVH_COMMIT_COUNTER,
  NVH_COPY_SIZE,
  NVH_CRC,
  NVH_FLAG_KEY_PROVISIONED,
  NVH_FLAGS,
  NVH_LAYOUT_VERSION,
  NVH_LIBRARY_DIGEST,
  NVH_LIBRARY_LENGTH,
  NVH_LIBRARY_SLOT,
  NVH_LIBRARY_VERSION,
  NVH_LOG_CAPACITY,
  NVH_LOG_COUNT,
  NVH_LOG_HEAD,
  NVH_IMAGE_HEADER_CRC,
  NVH_MAGIC,
  NVH_NEXT_SEQUENCE,
  NVH_OVERWRITTEN_COUNT,
  NVH_RESERVED,
  NVH_RESERVED_86,
  NVH_RESERVED_LAYOUT_1,
  NVH_VERSION_FLOOR,
} from "./header-layout";

export let commitCounter: u32 = 0;
/** Ring slot the next record goes to. */
export let logHead: u32 = 0;
/** Records in the ring that readers may return (≤ capacity). */
export let logCount: u32 = 0;
export let nextSequence: u32 = 1;
export let overwrittenCount: u32 = 0;
/** Image length recorded when the library was activated; 0 = no library. */
export let libraryLengthBytes: u32 = 0;
export let libraryVersionAtActivation: u32 = 0;
/** CRC-32 of the image header at activation (the body digest does not cover the header). */
export let imageHeaderCrc: u32 = 0;
/** Slot (0 A, 1 B) holding the recorded library; meaningful while libraryLengthBytes ≠ 0. */
export let librarySlot: u32 = 0;
/** Highest library version activated while a key was provisioned (docs/decisions/0009): kept when the library is forgotten. */
export let versionFloor: u32 = 0;
/**
 * A key has been provisioned on this pump (header flag, layout 3; also kept in the floor records):
 * blank key copies then mean "erased", not "development pump" (nv/key-record.ts).
 */
export let keyProvisionedMark: bool = false;
/** Clock value of the copy that was loaded (the clock module owns the live value). */
export let persistedClockMs: u64 = 0;
let digest0: u64 = 0;
let digest1: u64 = 0;
let digest2: u64 = 0;
let digest3: u64 = 0;
/** The copy a reader would choose now; the next commit writes the other one. */
let currentCopy: usize = NV_COPY_B;

export function setLogCounters(head: u32, count: u32, next: u32, overwritten: u32): void {
  logHead = head;
  logCount = count;
  nextSequence = next;
  overwrittenCount = overwritten;
}

export function recordLibrary(lengthBytes: u32, version: u32, digestPtr: usize, headerCrc: u32, slot: u32): void {
  libraryLengthBytes = lengthBytes;
  librarySlot = slot;
  libraryVersionAtActivation = version;
  imageHeaderCrc = headerCrc;
  digest0 = load<u64>(digestPtr, 0);
  digest1 = load<u64>(digestPtr, 8);
  digest2 = load<u64>(digestPtr, 16);
  digest3 = load<u64>(digestPtr, 24);
}

export function raiseVersionFloor(version: u32): void {
  if (version > versionFloor) versionFloor = version;
}

export function setKeyProvisionedMark(): void {
  keyProvisionedMark = true;
}

/** The slot keeps its value: with no library recorded it means nothing (docs/event-log.md §2). */
export function forgetLibrary(): void {
  libraryLengthBytes = 0;
  libraryVersionAtActivation = 0;
  imageHeaderCrc = 0;
  digest0 = 0;
  digest1 = 0;
  digest2 = 0;
  digest3 = 0;
}

/** True when the 32 bytes at digestPtr equal the digest recorded at activation. */
export function digestMatches(digestPtr: usize): bool {
  return (
    ((load<u64>(digestPtr, 0) ^ digest0) |
      (load<u64>(digestPtr, 8) ^ digest1) |
      (load<u64>(digestPtr, 16) ^ digest2) |
      (load<u64>(digestPtr, 24) ^ digest3)) ==
    0
  );
}

/** Writes the RAM fields to the copy that is not current; the CRC is the last store. */
export function commitHeader(): void {
  const target = currentCopy == NV_COPY_A ? NV_COPY_B : NV_COPY_A;
  commitCounter += 1;
  store<u32>(target + NVH_MAGIC, NV_MAGIC);
  store<u16>(target + NVH_LAYOUT_VERSION, <u16>NV_LAYOUT_VERSION);
  store<u16>(target + NVH_COPY_SIZE, <u16>NV_COPY_SIZE);
  store<u32>(target + NVH_COMMIT_COUNTER, commitCounter);
  store<u32>(target + NVH_LOG_HEAD, logHead);
  store<u32>(target + NVH_LOG_COUNT, logCount);
  store<u32>(target + NVH_NEXT_SEQUENCE, nextSequence);
  store<u32>(target + NVH_OVERWRITTEN_COUNT, overwrittenCount);
  store<u32>(target + NVH_LIBRARY_LENGTH, libraryLengthBytes);
  store<u64>(target + NVH_CLOCK_MS, clockNowMs());
  store<u32>(target + NVH_LIBRARY_VERSION, libraryVersionAtActivation);
  store<u32>(target + NVH_LOG_CAPACITY, <u32>EVENT_LOG_CAPACITY);
  store<u64>(target + NVH_LIBRARY_DIGEST, digest0, 0);
  store<u64>(target + NVH_LIBRARY_DIGEST, digest1, 8);
  store<u64>(target + NVH_LIBRARY_DIGEST, digest2, 16);
  store<u64>(target + NVH_LIBRARY_DIGEST, digest3, 24);
  store<u32>(target + NVH_IMAGE_HEADER_CRC, imageHeaderCrc);
  // Slot u8, flags u8, then the two reserved bytes 86–87 as 0.
  store<u32>(target + NVH_LIBRARY_SLOT, librarySlot | ((keyProvisionedMark ? NVH_FLAG_KEY_PROVISIONED : 0) << 8));
  store<u32>(target + NVH_VERSION_FLOOR, versionFloor);
  for (let i: usize = NVH_RESERVED; i < <usize>NVH_CRC; i += 4) store<u32>(target + i, 0);
  store<u32>(target + NVH_CRC, crc32(target, NVH_CRC));
  currentCopy = target;
}

/** Loads the newer valid copy into RAM; false when neither copy is valid (the caller formats). */
export function loadHeader(): bool {
  const aValid = copyValid(NV_COPY_A);
  const bValid = copyValid(NV_COPY_B);
  if (!aValid && !bValid) return false;
  let chosen = aValid ? NV_COPY_A : NV_COPY_B;
  // Serial-number comparison, so the counter may wrap after 2^32 commits.
  if (
    aValid &&
    bValid &&
    <i32>(load<u32>(NV_COPY_B + NVH_COMMIT_COUNTER) - load<u32>(NV_COPY_A + NVH_COMMIT_COUNTER)) > 0
  )
    chosen = NV_COPY_B;
  commitCounter = load<u32>(chosen + NVH_COMMIT_COUNTER);
  setLogCounters(
    load<u32>(chosen + NVH_LOG_HEAD),
    load<u32>(chosen + NVH_LOG_COUNT),
    load<u32>(chosen + NVH_NEXT_SEQUENCE),
    load<u32>(chosen + NVH_OVERWRITTEN_COUNT),
  );
  recordLibrary(
    load<u32>(chosen + NVH_LIBRARY_LENGTH),
    load<u32>(chosen + NVH_LIBRARY_VERSION),
    chosen + NVH_LIBRARY_DIGEST,
    load<u32>(chosen + NVH_IMAGE_HEADER_CRC),
    <u32>load<u8>(chosen + NVH_LIBRARY_SLOT),
  );
  versionFloor = load<u32>(chosen + NVH_VERSION_FLOOR);
  keyProvisionedMark =
    load<u16>(chosen + NVH_LAYOUT_VERSION) == <u16>NV_LAYOUT_VERSION &&
    ((<u32>load<u8>(chosen + NVH_FLAGS)) & NVH_FLAG_KEY_PROVISIONED) != 0;
  persistedClockMs = load<u64>(chosen + NVH_CLOCK_MS);
  currentCopy = chosen;
  return true;
}

/** Magic, layout, CRC, then the invariants the log relies on: a copy that breaks one is not used. */
function copyValid(copy: usize): bool {
  if (load<u32>(copy + NVH_MAGIC) != NV_MAGIC) return false;
  const layout = <u32>load<u16>(copy + NVH_LAYOUT_VERSION);
  if (layout != NV_LAYOUT_VERSION && layout != NV_LAYOUT_VERSION_2 && layout != NV_LAYOUT_VERSION_1) return false;
  if (<u32>load<u16>(copy + NVH_COPY_SIZE) != NV_COPY_SIZE) return false;
  if (load<u32>(copy + NVH_CRC) != crc32(copy, NVH_CRC)) return false;
  const capacity = <u32>EVENT_LOG_CAPACITY;
  if (load<u32>(copy + NVH_LOG_CAPACITY) != capacity) return false;
  const head = load<u32>(copy + NVH_LOG_HEAD);
  const count = load<u32>(copy + NVH_LOG_COUNT);
  const next = load<u32>(copy + NVH_NEXT_SEQUENCE);
  const overwritten = load<u32>(copy + NVH_OVERWRITTEN_COUNT);
  if (head >= capacity || count > capacity || next == 0) return false;
  // Every sequence handed out is either still stored or counted as overwritten.
  if (<u64>next - 1 != <u64>overwritten + <u64>count) return false;
  if (load<u32>(copy + NVH_LIBRARY_LENGTH) > <u32>LIBRARY_REGION_SIZE) return false;
  // Layout 1 had no slot and no floor: all of 84 … 123 reserved, which reads as slot A, floor 0.
  const reservedFrom: usize = layout == NV_LAYOUT_VERSION_1 ? NVH_RESERVED_LAYOUT_1 : NVH_RESERVED;
  if (layout != NV_LAYOUT_VERSION_1) {
    if (<u32>load<u8>(copy + NVH_LIBRARY_SLOT) >= <u32>LIBRARY_SLOT_COUNT) return false;
    // Layout 2 had the flags byte reserved; layout 3 defines bit 0 only.
    const allowedFlags: u32 = layout == NV_LAYOUT_VERSION ? NVH_FLAG_KEY_PROVISIONED : 0;
    if (((<u32>load<u8>(copy + NVH_FLAGS)) & ~allowedFlags) != 0 || load<u16>(copy + NVH_RESERVED_86) != 0)
      return false;
  }
  for (let i = reservedFrom; i < <usize>NVH_CRC; i += 4) if (load<u32>(copy + i) != 0) return false;
  return true;
}

/**
 * No valid copy: both copies erased and the RAM fields set to the ring rebuilt from its records'
 * own CRCs (eventlog/ring-rebuild.ts) with no library, floor 0 and no mark (the cold start then
 * restores floor and mark from their other copies). Nothing is written to the ring here; the next
 * commit (the POWER_ON record) writes copy A.
 */
export function resetHeader(head: u32, count: u32, next: u32, overwritten: u32): void {
  for (let p: usize = NV_HEADER_OFFSET; p < <usize>NV_HEADER_OFFSET + <usize>NV_HEADER_SIZE; p += 8) store<u64>(p, 0);
  commitCounter = 0;
  setLogCounters(head, count, next, overwritten);
  forgetLibrary();
  librarySlot = 0;
  versionFloor = 0;
  keyProvisionedMark = false;
  persistedClockMs = 0;
  currentCopy = NV_COPY_B;
}
