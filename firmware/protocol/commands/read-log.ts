// 0x0003 READ_LOG (docs/protocol.md §5.3): up to 7 event-log records, oldest first.
//
//   request:  0 fromSequence u32 | 4 maxRecords u8 (1..7)
//   response: 0 result u16 | 2 count u8 | 3 count × 64-byte record
import { EVENT_LOG_RECORD_SIZE } from "../../abi/codes";
import { readLogRecords } from "../../eventlog/read";
import { ErrorDetail, READ_LOG_MAX_RECORDS, READ_LOG_REQUEST_SIZE, Result } from "../../abi/protocol-codes";
import { writeError } from "./error";

const RECORDS_AT: usize = 3;

export function readLog(request: usize, requestLength: u32, out: usize): u32 {
  if (requestLength != READ_LOG_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  const fromSequence = load<u32>(request);
  const maxRecords = <u32>load<u8>(request + 4);
  if (maxRecords == 0 || maxRecords > <u32>READ_LOG_MAX_RECORDS)
    return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  let count = readLogRecords(fromSequence, maxRecords, out + RECORDS_AT);
  // The log promises at most maxRecords; a frame must never claim more than it carries.
  if (count > maxRecords) count = maxRecords;
  store<u16>(out, Result.OK);
  store<u8>(out + 2, <u8>count);
  return <u32>RECORDS_AT + count * EVENT_LOG_RECORD_SIZE;
}
