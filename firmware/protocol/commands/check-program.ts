// 0x0004 CHECK_PROGRAM (docs/protocol.md §5.4): the limit engine on a remote program. The payload
// goes through the very evaluateRequest() the `evaluate` export runs (engine/check-record.ts, which
// also logs it): remote commands pass the same checks as keypad entry.
//
//   request:  the 104-byte engine request (docs/abi.md §4)
//   response: 0 result u16 (OK: the engine ran) | 2 the 384-byte engine result (docs/abi.md §5)
import {
  REQUEST_OFFSET,
  REQUEST_SIZE,
  REQUEST_SIZE_WITH_PCA,
  RESULT_OFFSET,
  RESULT_SIZE,
  Status,
} from "../../abi/codes";
import { evaluateAndLog } from "../../engine/check-record";
import { CHECK_PROGRAM_RESPONSE_SIZE, ErrorDetail, Result } from "../../abi/protocol-codes";
import { writeError } from "./error";

/** Bytes of a failed evaluation that the engine defines (docs/abi.md §5); the rest go out as 0. */
const FAILURE_DEFINED_BYTES: u32 = 8;

export function checkProgram(request: usize, requestLength: u32, out: usize): u32 {
  // 136 bytes, or 176 with the PCA block (issue 15, docs/abi.md §4.1); without it the block reads 0.
  if (requestLength != <u32>REQUEST_SIZE && requestLength != <u32>REQUEST_SIZE_WITH_PCA)
    return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  for (let i: u32 = 0; i < <u32>REQUEST_SIZE_WITH_PCA; i++)
    store<u8>(<usize>REQUEST_OFFSET + i, i < requestLength ? load<u8>(request + i) : 0);
  const status = evaluateAndLog();
  store<u16>(out, Result.OK);
  // Undefined bytes of a failed result would leak an earlier evaluation onto the wire.
  const defined: u32 = status == Status.OK ? <u32>RESULT_SIZE : FAILURE_DEFINED_BYTES;
  for (let i: u32 = 0; i < <u32>RESULT_SIZE; i++) {
    store<u8>(out + 2 + i, i < defined ? load<u8>(<usize>RESULT_OFFSET + i) : 0);
  }
  return CHECK_PROGRAM_RESPONSE_SIZE;
}
