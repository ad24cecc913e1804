// The two library slots (docs/decisions/0009): A at LIBRARY_REGION_OFFSET, B LIBRARY_SLOT_SIZE
// later. The active library stays in its slot while a new file is written into the other one (the
// staging slot); activation is one NV header commit — the header names the new slot, and the
// LIBRARY_ACTIVATED record goes with it — made only after admit.ts accepted the file. A rejected
// file changes nothing but the log; the active library stays in force. A power cut before the commit
// leaves the previous header (previous library); after it, the new one; cold start re-admits either.
import { IMAGE_HEADER_SIZE, KeyState, LIBRARY_REGION_OFFSET, LIBRARY_SLOT_COUNT, Status } from "../abi/codes";
import { LIBRARY_SLOT_SIZE } from "../abi/memory-map";
import { crc32 } from "../crypto/crc32";
import { logBlockRecord } from "../eventlog/append";
import {
  LIBRARY_DETAIL_LENGTH_MASK,
  LIBRARY_DETAIL_SLOT_SHIFT,
  REC_BLOCK,
  REC_BLOCK_WORD,
  REC_DETAIL,
  REC_LIBRARY_VERSION,
} from "../eventlog/record-layout";
import { EventType } from "../abi/event-types";
import { admitImage } from "../library/admit";
import { HEADER_BODY_DIGEST, HEADER_LIBRARY_VERSION } from "../library/header-layout";
import { activateVerifiedImage } from "../library/load";
import { activeLibraryVersion, deactivateLibrary, imagePtr, libraryActive } from "../library/state";
import { clearAlarms } from "../workflow/alarms";
import { Alarm } from "../abi/workflow-codes";
import { resetWorkflow, workflowInfusing } from "../workflow/infusion";
import { reconcileCumulativeHistory } from "../workflow/cumulative";
import { clockNowMs } from "../clock/clock";
import { storeFloorRecords } from "../nv/floor-record";
import { constantTablesFailed } from "./integrity";
import {
  digestMatches,
  forgetLibrary,
  imageHeaderCrc,
  keyProvisionedMark,
  libraryLengthBytes,
  librarySlot,
  raiseVersionFloor,
  recordLibrary,
  versionFloor,
} from "../nv/header";
import { keyIdPtr, keyState, PROVISIONED_KEY } from "../nv/key-record";

/** Changes whenever the firmware wrote a byte of the library region (libraryGeneration(), host-contract.md §2). */
export let libraryWriteCount: u32 = 0;
/**
 * The smallest range of linear memory holding every library byte the firmware wrote since this
 * instance started (libraryChangedOffset/Size, host-contract.md §2 rule 3): a host saves that, not
 * the whole region. Empty (start == end) until the first write. Never shrinks: a superset of what
 * changed since any save, so a save that failed is covered by the next.
 */
export let libraryChangedStart: usize = 0;
export let libraryChangedEnd: usize = 0;

/** The firmware wrote [start, end) of the library region. */
export function noteLibraryWrite(start: usize, end: usize): void {
  libraryWriteCount += 1;
  if (libraryChangedStart == libraryChangedEnd) {
    libraryChangedStart = start;
    libraryChangedEnd = end;
    return;
  }
  if (start < libraryChangedStart) libraryChangedStart = start;
  if (end > libraryChangedEnd) libraryChangedEnd = end;
}

export function slotOffset(slot: u32): usize {
  return <usize>LIBRARY_REGION_OFFSET + <usize>slot * <usize>LIBRARY_SLOT_SIZE;
}

/** The slot holding the active library, or −1. */
export function activeSlot(): i32 {
  return libraryActive ? <i32>librarySlot : -1;
}

/** Where the next image goes: the slot not holding the active library; A when none is active. */
export function stagingSlot(): u32 {
  return libraryActive ? <u32>LIBRARY_SLOT_COUNT - 1 - librarySlot : 0;
}

/** The policy of admit.ts with this pump's key and floor. */
function admit(filePtr: usize, fileLength: u32, activeVersion: u32): i32 {
  return admitImage(filePtr, fileLength, keyState(), PROVISIONED_KEY, keyIdPtr(), versionFloor, activeVersion);
}

/**
 * libraryLoad and LIBRARY_ACTIVATE: admit the file of `fileLength` bytes in `slot` and make it the
 * active library. Refused with LIBRARY_BUSY (nothing changed, nothing logged) while infusing. A
 * rejection is logged and leaves the active library in force. On success a pending program and
 * the selections, which refer to the library being replaced, are cleared (workflow reset).
 */
export function activateSlot(slot: u32, fileLength: u32): i32 {
  if (workflowInfusing()) return Status.LIBRARY_BUSY;
  const filePtr = slotOffset(slot);
  // A constant table changed in memory: nothing this instance verifies can be trusted (decision 0021).
  const status = constantTablesFailed()
    ? Status.INTEGRITY_FAILED
    : admit(filePtr, fileLength, libraryActive ? activeLibraryVersion : 0);
  if (status != Status.OK) {
    logRejection(status, slot, fileLength);
    return status;
  }
  // A verified library replaces the one the integrity check dropped: its alarm ends, logged.
  clearAlarms(1 << Alarm.INTEGRITY, 0);
  resetWorkflow();
  activateVerifiedImage(filePtr);
  const headerCrc = crc32(filePtr, IMAGE_HEADER_SIZE);
  recordLibrary(fileLength, activeLibraryVersion, filePtr + HEADER_BODY_DIGEST, headerCrc, slot);
  if (keyState() == KeyState.PROVISIONED) raiseVersionFloor(activeLibraryVersion);
  // One commit: the header naming the new slot, with the record that says so.
  logBlockRecord(
    EventType.LIBRARY_ACTIVATED,
    Status.OK,
    filePtr + HEADER_BODY_DIGEST,
    headerCrc,
    libraryDetail(fileLength, slot),
  );
  // Only after that commit: a floor record ahead of the header would refuse the previous library
  // after a power cut in between (docs/event-log.md §8).
  storeFloorRecords(versionFloor, keyProvisionedMark);
  // The cumulative history follows the drugs, not the ids, into the new library (decision 0033).
  reconcileCumulativeHistory(clockNowMs());
  return Status.OK;
}

/** LIBRARY_REJECTED for the file in `slot`: its claimed body digest and version, when it has a header. */
export function logRejection(status: i32, slot: u32, fileLength: u32): void {
  const filePtr = slotOffset(slot);
  const hasHeader = fileLength >= <u32>IMAGE_HEADER_SIZE && fileLength <= <u32>LIBRARY_SLOT_SIZE;
  logBlockRecord(
    EventType.LIBRARY_REJECTED,
    <u32>status,
    hasHeader ? filePtr + HEADER_BODY_DIGEST : 0,
    hasHeader ? load<u32>(filePtr + HEADER_LIBRARY_VERSION) : 0,
    libraryDetail(fileLength, slot),
  );
}

function libraryDetail(fileLength: u32, slot: u32): u32 {
  const length = fileLength > LIBRARY_DETAIL_LENGTH_MASK ? LIBRARY_DETAIL_LENGTH_MASK : fileLength;
  return length | (slot << LIBRARY_DETAIL_SLOT_SHIFT);
}

/**
 * Cold start: Status.OK with the recorded library active, NO_LIBRARY when none was recorded, or the
 * status that rejected it — the same admission as at activation (signature included) plus the
 * recorded body digest and header CRC. A rejected library is forgotten; the caller logs it.
 */
export function restoreLibrary(): i32 {
  if (libraryLengthBytes == 0) return Status.NO_LIBRARY;
  const filePtr = slotOffset(librarySlot);
  let status = admit(filePtr, libraryLengthBytes, 0);
  // A different file that happens to pass (another body, or the same body under another header:
  // the digest covers only the body) is still not the one this pump activated.
  if (
    status == Status.OK &&
    (!digestMatches(filePtr + HEADER_BODY_DIGEST) || crc32(filePtr, IMAGE_HEADER_SIZE) != imageHeaderCrc)
  ) {
    status = Status.IMAGE_DIGEST;
  }
  if (status != Status.OK) {
    forgetLibrary();
    return status;
  }
  activateVerifiedImage(filePtr);
  return Status.OK;
}

/**
 * Cold start, after the log rolled forward a complete record whose header commit was cut off: if
 * it is a LIBRARY_ACTIVATED record, the activation it records is adopted too, so the log never
 * says a library was activated that is not the one in force. restoreLibrary re-admits it.
 */
export function adoptRolledForwardActivation(recordPtr: usize): void {
  const detail = load<u32>(recordPtr + REC_DETAIL);
  const slot = detail >>> LIBRARY_DETAIL_SLOT_SHIFT;
  if (slot >= <u32>LIBRARY_SLOT_COUNT) return;
  const version = load<u32>(recordPtr + REC_LIBRARY_VERSION);
  recordLibrary(
    detail & LIBRARY_DETAIL_LENGTH_MASK,
    version,
    recordPtr + REC_BLOCK,
    load<u32>(recordPtr + REC_BLOCK_WORD),
    slot,
  );
  if (keyState() == KeyState.PROVISIONED) raiseVersionFloor(version);
}

/**
 * After a key was provisioned: the active library must pass the provisioned policy too (signed by
 * that key, released, not below the floor), or it is dropped. Returns OK or the status that
 * dropped it (the caller logs it after KEY_PROVISIONED).
 */
export function readmitActiveLibrary(): i32 {
  if (!libraryActive) return Status.OK;
  const status = admit(imagePtr, libraryLengthBytes, 0);
  if (status == Status.OK) {
    raiseVersionFloor(activeLibraryVersion);
    return Status.OK;
  }
  deactivateLibrary();
  forgetLibrary();
  return status;
}
