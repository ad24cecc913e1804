// 0x0002 GET_STATUS (docs/protocol.md §5.2): clock, library, faults, log and protocol counters.
//
//   request:  empty
//   response: 0 result u16 | 2 nowMs u64 | 10 libraryActive u8 | 11 libraryVersion u32 |
//             15 faultMask u32 | 19 logNextSequence u32 | 23 logOverwritten u32 | 27 frameErrors u32 |
//             31 eventsDropped u32 | 35 duplicateRequests u32 | 39 requestsExecuted u32 |
//             43 requestsRefused u32 | 47 alarmMask u32 | (51 bytes)
import { clockNowMs } from "../../clock/clock";
import { logNextSequence, logOverwrittenCount } from "../../eventlog/read";
import { sensorFaultMask } from "../../faults/sensor-faults";
import { ErrorDetail, GET_STATUS_REQUEST_SIZE, GET_STATUS_RESPONSE_SIZE, Result } from "../../abi/protocol-codes";
import {
  STATUS_DUPLICATE_REQUESTS,
  STATUS_EVENTS_DROPPED,
  STATUS_FAULT_MASK,
  STATUS_FRAME_ERRORS,
  STATUS_LIBRARY_ACTIVE,
  STATUS_LOG_NEXT_SEQUENCE,
  STATUS_ALARM_MASK,
  STATUS_LOG_OVERWRITTEN,
  STATUS_NOW_MS,
  STATUS_REQUESTS_EXECUTED,
  STATUS_REQUESTS_REFUSED,
  STATUS_RESULT,
} from "../../abi/get-status-layout";
import {
  duplicateRequestCount,
  eventsDroppedCount,
  frameErrorCount,
  requestsExecutedCount,
  requestsRefusedCount,
} from "../counters";
import { writeError } from "./error";
import { writeLibraryVersion } from "./library-info";
import { activeAlarmMask } from "../../workflow/alarms";

export function getStatus(requestLength: u32, out: usize): u32 {
  if (requestLength != GET_STATUS_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  store<u16>(out + STATUS_RESULT, Result.OK);
  store<u64>(out + STATUS_NOW_MS, clockNowMs());
  writeLibraryVersion(out + STATUS_LIBRARY_ACTIVE); // libraryActive u8, then libraryVersion u32 at STATUS_LIBRARY_VERSION
  store<u32>(out + STATUS_FAULT_MASK, sensorFaultMask());
  store<u32>(out + STATUS_LOG_NEXT_SEQUENCE, logNextSequence());
  store<u32>(out + STATUS_LOG_OVERWRITTEN, logOverwrittenCount());
  store<u32>(out + STATUS_FRAME_ERRORS, frameErrorCount);
  store<u32>(out + STATUS_EVENTS_DROPPED, eventsDroppedCount);
  store<u32>(out + STATUS_DUPLICATE_REQUESTS, duplicateRequestCount);
  store<u32>(out + STATUS_REQUESTS_EXECUTED, requestsExecutedCount);
  store<u32>(out + STATUS_REQUESTS_REFUSED, requestsRefusedCount);
  store<u32>(out + STATUS_ALARM_MASK, activeAlarmMask());
  return GET_STATUS_RESPONSE_SIZE;
}
