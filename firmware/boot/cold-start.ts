// init(): cold start from whatever NV bytes the host restored (docs/host-contract.md §3). Nothing
// that was running restarts; the only outputs are the restored state and the log records.
import { Status } from "../abi/codes";
import { restoreClock } from "../clock/clock";
import { logSimple } from "../eventlog/append";
import { REC_TYPE } from "../eventlog/record-layout";
import { EventType, PowerOnFlag } from "../abi/event-types";
import { newestRecordPtr, newestRecordTimeMs, recoverRing, salvageNewestTimeMs } from "../eventlog/ring";
import { clearSensorFaults } from "../faults/sensor-faults";
import { deactivateLibrary } from "../library/state";
import { protocolReset } from "../protocol/reset";
import { resetWorkflow } from "../workflow/infusion";
import { forgetLibrary, formatNv, libraryLengthBytes, librarySlot, loadHeader, persistedClockMs } from "../nv/header";
import { loadKeyRecord } from "../nv/key-record";
import { adoptRolledForwardActivation, logRejection, restoreLibrary } from "../activation/library-slots";
import { transferReset } from "../activation/library-transfer";
import { activeLibrarySelfTest, constantTablesIntact, integrityPowerOnFailure, reassertIntegrityAlarm } from "../activation/integrity";

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
  protocolReset();
  transferReset();
  clearSensorFaults();
  deactivateLibrary();
  loadKeyRecord();
  // Power-on self-test (decision 0021): the constant tables before any library is admitted with them.
  const tablesIntact = constantTablesIntact();
  let flags: u32 = 0;
  let rejectedStatus: i32 = Status.OK;
  let rejectedLength: u32 = 0;
  let rejectedSlot: u32 = 0;
  if (!loadHeader()) {
    // The clock's last trace is the newest intact record, if any survived the header's loss.
    restoreClock(salvageNewestTimeMs());
    formatNv();
    flags |= PowerOnFlag.NV_FORMATTED;
  } else {
    restoreClock(persistedClockMs);
    flags |= recoverRing();
    // An activation whose record survived its cut-off header commit took effect (library-slots.ts).
    const newest = newestRecordPtr();
    if ((flags & PowerOnFlag.RECORD_ROLLED_FORWARD) != 0 && newest != 0 && <u32>load<u16>(newest + REC_TYPE) == EventType.LIBRARY_ACTIVATED) {
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
  logSimple(EventType.POWER_ON, Status.OK, flags);
  if (rejectedStatus != Status.OK) logRejection(rejectedStatus, rejectedSlot, rejectedLength);
  // The rest of the self-test, before init() returns and so before anything can start: a failed
  // table is reported now (no library was admitted); the re-admitted library gets a full pass.
  if (!tablesIntact) integrityPowerOnFailure();
  else activeLibrarySelfTest();
  return Status.OK;
}
