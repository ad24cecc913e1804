// init(): cold start from whatever NV bytes the host restored (docs/host-contract.md §3). Nothing
// that was running restarts; the only outputs are the restored state and the log records.
import { Status } from "../abi/codes";
import { restoreClock } from "../clock/clock";
import { logSimple } from "../eventlog/append";
import { EventType, PowerOnFlag } from "../eventlog/record-types";
import { newestRecordTimeMs, recoverRing, salvageNewestTimeMs } from "../eventlog/ring";
import { clearSensorFaults } from "../faults/sensor-faults";
import { deactivateLibrary } from "../library/state";
import { protocolReset } from "../protocol/api";
import { resetWorkflow } from "../workflow/api";
import { forgetLibrary, formatNv, libraryLengthBytes, loadHeader, persistedClockMs } from "./header";
import { restoreLibrary } from "./library-persistence";

/** False until the first init() of this instance: an instance starts with all its RAM state lost. */
let started = false;

/**
 * init(): the first call in an instance is the cold start; a later call in the same instance is an
 * engine reset (ABI 1's meaning of init: no library active), see resetEngine.
 */
export function initFirmware(): i32 {
  if (started) return resetEngine();
  return coldStart();
}

/** Exports that write NV run the cold start first if the host skipped init(), so the log is never clobbered. */
export function ensureStarted(): void {
  if (!started) coldStart();
}

/**
 * A repeated init() without a power cycle: protocol, faults and the active library are cleared, and
 * the NV header forgets the library too, so the next power-on does not bring back a library that was
 * deliberately dropped. Logged as POWER_ON with the ENGINE_RESET flag.
 */
function resetEngine(): i32 {
  resetWorkflow();
  protocolReset();
  clearSensorFaults();
  deactivateLibrary();
  forgetLibrary();
  logSimple(EventType.POWER_ON, Status.OK, PowerOnFlag.ENGINE_RESET);
  return Status.OK;
}

function coldStart(): i32 {
  started = true;
  protocolReset();
  clearSensorFaults();
  deactivateLibrary();
  let flags: u32 = 0;
  let rejectedStatus: i32 = Status.OK;
  let rejectedLength: u32 = 0;
  if (!loadHeader()) {
    // The clock's last trace is the newest intact record, if any survived the header's loss.
    restoreClock(salvageNewestTimeMs());
    formatNv();
    flags |= PowerOnFlag.NV_FORMATTED;
  } else {
    restoreClock(persistedClockMs);
    flags |= recoverRing();
    restoreClock(newestRecordTimeMs());
    rejectedLength = libraryLengthBytes;
    const status = restoreLibrary();
    if (status == Status.OK) flags |= PowerOnFlag.LIBRARY_RESTORED;
    else if (status != Status.NO_LIBRARY) {
      flags |= PowerOnFlag.LIBRARY_REJECTED;
      rejectedStatus = status;
    }
  }
  logSimple(EventType.POWER_ON, Status.OK, flags);
  if (rejectedStatus != Status.OK) logSimple(EventType.LIBRARY_REJECTED, <u32>rejectedStatus, rejectedLength);
  return Status.OK;
}
