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
  duplicateRequestCount, eventsDroppedCount, frameErrorCount, requestsExecutedCount, requestsRefusedCount,
} from "../counters";
import { writeError } from "./error";
import { writeLibraryVersion } from "./library-info";
import { activeAlarmMask } from "../../workflow/alarms";

export function getStatus(requestLength: u32, out: usize): u32 {
  if (requestLength != GET_STATUS_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  store<u16>(out, Result.OK);
  store<u64>(out + 2, clockNowMs());
  writeLibraryVersion(out + 10);
  store<u32>(out + 15, sensorFaultMask());
  store<u32>(out + 19, logNextSequence());
  store<u32>(out + 23, logOverwrittenCount());
  store<u32>(out + 27, frameErrorCount);
  store<u32>(out + 31, eventsDroppedCount);
  store<u32>(out + 35, duplicateRequestCount);
  store<u32>(out + 39, requestsExecutedCount);
  store<u32>(out + 43, requestsRefusedCount);
  store<u32>(out + 47, activeAlarmMask());
  return GET_STATUS_RESPONSE_SIZE;
}
