// Runs one command and writes its response payload; returns the payload length (docs/protocol.md §5).
import { checkProgram } from "./commands/check-program";
import { writeError } from "./commands/error";
import { getStatus } from "./commands/get-status";
import { hello } from "./commands/hello";
import { executeLibraryCommand } from "./commands/library";
import { readLog } from "./commands/read-log";
import { executeWorkflowCommand } from "./commands/workflow";
import { Command, ErrorDetail, Result } from "../abi/protocol-codes";

export function executeCommand(code: u32, payload: usize, payloadLength: u32, out: usize): u32 {
  switch (code) {
    case Command.HELLO:
      return hello(payload, payloadLength, out); // the session it opens is handle-frame's business
    case Command.GET_STATUS:
      return getStatus(payloadLength, out);
    case Command.READ_LOG:
      return readLog(payload, payloadLength, out);
    case Command.CHECK_PROGRAM:
      return checkProgram(payload, payloadLength, out);
    default: {
      let length = executeWorkflowCommand(code, payload, payloadLength, out);
      if (length == 0xffffffff) length = executeLibraryCommand(code, payload, payloadLength, out);
      return length != 0xffffffff ? length : writeError(out, Result.UNKNOWN_COMMAND, ErrorDetail.NONE);
    }
  }
}
