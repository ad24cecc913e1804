// init(): cold start from whatever NV bytes the host restored (docs/host-contract.md §3). Nothing
// that was running restarts; the only outputs are the restored state and the log records.
import { resetCumulative } from "../workflow/cumulative";
import { resetFlowSupervision } from "../workflow/flow";
import { KeyState, Status } from "../abi/codes";
import { restoreClock } from "../clock/clock";
import { logSimple } from "../eventlog/append";
import { REC_TYPE } from "../eventlog/record-layout";
import { EventType, PowerOnFlag } from "../abi/event-types";
import { newestRecordPtr, newestRecordTimeMs, recoverRing, salvageNewestTimeMs } from "../eventlog/ring";
import { logFloor, logSawKeyProvisioned, rebuildRing, scanLogPolicy } from "../eventlog/ring-rebuild";
import { clearSensorFaults } from "../faults/sensor-faults";
import { deactivateLibrary } from "../library/state";
import { protocolReset } from "../protocol/reset";
import { resetWorkflow } from "../workflow/infusion";
import { floorRecordFloor, floorRecordMark, loadFloorRecords, storeFloorRecords } from "../nv/floor-record";
import {
  forgetLibrary,
  keyProvisionedMark,
  libraryLengthBytes,
  librarySlot,
  loadHeader,
  persistedClockMs,
  raiseVersionFloor,
  setKeyProvisionedMark,
  versionFloor,
} from "../nv/header";
import { keyState, loadKeyRecord } from "../nv/key-record";
import { adoptRolledForwardActivation, logRejection, restoreLibrary } from "../activation/library-slots";
import { transferReset } from "../activation/library-transfer";
import {
  activeLibrarySelfTest,
  constantTablesIntact,
  integrityPowerOnFailure,
  reassertIntegrityAlarm,
} from "../activation/integrity";

/** False until the cold start of this instance: an instance starts with all its RAM state lost. */
let started = false;
/** False until the host's first init(): an export that needed the cold start earlier does not count. */
let initCalled = false;

/**
 * init(): the first call in an instance is the cold start (or, if another export already needed
 * it, nothing more); a later call in the same instance is an engine reset (ABI 1's meaning of
 * init: no library active), see resetEngine.
 */
export function initFirmware(): i32 {
  if (initCalled) return resetEngine();
  initCalled = true;
  if (started) return Status.OK;
  return coldStart();
}

/** Exports that write NV run the cold start first if the host skipped init(), so the log is never clobbered. */
export function ensureStarted(): void {
  if (!started) coldStart();
}

/**
 * A repeated init() without a power cycle: the workflow, protocol and the active library are
 * cleared, and the NV header forgets the library too, so the next power-on does not bring back a
 * library that was deliberately dropped. The host's sensor inputs stay: its sensors did not change,
 * and an occlusion it reported must keep blocking START. Logged as POWER_ON with the ENGINE_RESET flag.
 */
function resetEngine(): i32 {
  resetWorkflow();
  // The cumulative history goes with it, as with a power cycle (docs/decisions/0030).
  resetCumulative();
  // The flow reports go too: the host reports again (docs/workflow.md §7.5).
  resetFlowSupervision();
  protocolReset();
  transferReset();
  deactivateLibrary();
  forgetLibrary();
  logSimple(EventType.POWER_ON, Status.OK, PowerOnFlag.ENGINE_RESET);
  reassertIntegrityAlarm();
  return Status.OK;
}

function coldStart(): i32 {
  started = true;
  // RAM only: a power cycle starts with no cumulative history (docs/decisions/0030) and no flow report.
  resetCumulative();
  resetFlowSupervision();
  protocolReset();
  transferReset();
  clearSensorFaults();
  deactivateLibrary();
  // Power-on self-test (decision 0021): the constant tables before any library is admitted with them.
  const tablesIntact = constantTablesIntact();
  let flags: u32 = 0;
  let rejectedStatus: i32 = Status.OK;
  let rejectedLength: u32 = 0;
  let rejectedSlot: u32 = 0;
  const headerValid = loadHeader();
  if (!headerValid) {
    // The clock's last trace is the newest intact record; the ring is rebuilt from the records'
    // own CRCs and sequences (none is erased); no library is recorded any more.
    restoreClock(salvageNewestTimeMs());
    rebuildRing();
    flags |= PowerOnFlag.NV_FORMATTED;
  } else {
    restoreClock(persistedClockMs);
    flags |= recoverRing();
  }
  flags |= restorePolicy();
  if (headerValid) {
    // An activation whose record survived its cut-off header commit took effect (library-slots.ts).
    const newest = newestRecordPtr();
    if (
      (flags & PowerOnFlag.RECORD_ROLLED_FORWARD) != 0 &&
      newest != 0 &&
      <u32>load<u16>(newest + REC_TYPE) == EventType.LIBRARY_ACTIVATED
    ) {
      adoptRolledForwardActivation(newest);
    }
    restoreClock(newestRecordTimeMs());
    rejectedLength = libraryLengthBytes;
    rejectedSlot = librarySlot;
    const status = tablesIntact ? restoreLibrary() : Status.NO_LIBRARY;
    if (status == Status.OK) flags |= PowerOnFlag.LIBRARY_RESTORED;
    else if (status != Status.NO_LIBRARY) {
      flags |= PowerOnFlag.LIBRARY_REJECTED;
      rejectedStatus = status;
    }
  }
  // Every copy of the floor and the mark now holds the highest value any source had.
  if (storeFloorRecords(versionFloor, keyProvisionedMark)) flags |= PowerOnFlag.NV_REPAIRED;
  logSimple(EventType.POWER_ON, Status.OK, flags);
  if (rejectedStatus != Status.OK) logRejection(rejectedStatus, rejectedSlot, rejectedLength);
  // The rest of the self-test, before init() returns and so before anything can start: a failed
  // table is reported now (no library was admitted); the re-admitted library gets a full pass.
  if (!tablesIntact) integrityPowerOnFailure();
  else activeLibrarySelfTest();
  return Status.OK;
}

/**
 * The key state, the rollback floor and the key mark from every copy that survived (docs/event-log.md
 * §8): header (already loaded), floor records, log records, key copies. The mark makes blank key
 * copies read as erased (DAMAGED) rather than a development pump; the log's floor counts only once a
 * key was provisioned. Returns PowerOnFlag bits (NV_REPAIRED, KEY_DAMAGED).
 */
function restorePolicy(): u32 {
  loadFloorRecords();
  scanLogPolicy();
  const flags = loadKeyRecord(keyProvisionedMark || floorRecordMark || logSawKeyProvisioned);
  if (keyState() == KeyState.PROVISIONED || floorRecordMark || logSawKeyProvisioned) setKeyProvisionedMark();
  raiseVersionFloor(floorRecordFloor);
  if (keyState() != KeyState.DEVELOPMENT) raiseVersionFloor(logFloor);
  return flags;
}
