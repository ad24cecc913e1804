// Commands 0x0100–0x0103 (docs/protocol.md §5.6): a library file over the serial line into the
// staging slot, then its activation. Payload shape here; the decisions in activation/library-transfer.ts,
// activation/library-slots.ts and library/admit.ts. A refusal is LIBRARY_REFUSED with the Status as detail.
//
//   LIBRARY_BEGIN    request: 0 totalLength u32 | 4 fileSha256[32]            (36 bytes)
//   LIBRARY_CHUNK    request: 0 offset u32 | 4 bytes (1 … 480)
//   LIBRARY_STATUS   request: empty
//   LIBRARY_ACTIVATE request: empty
//   response (all four, result OK):
//     0 result u16 | 2 keyState u8 | 3 activeSlot u8 (0xFF none) | 4 activeVersion u32 |
//     8 activeBodyDigest[32] | 40 versionFloor u32 | 44 transferState u8 | 45 transferSlot u8 |
//     46 totalLength u32 | 50 receivedBytes u32 | 54 fileSha256[32] | 86 keyId[8] | (94 bytes)
import { KEY_ID_SIZE, Status } from "../../abi/codes";
import { activeLibraryVersion, libraryActive } from "../../library/state";
import { versionFloor } from "../../nv/header";
import { keyIdPtr, keyState } from "../../nv/key-record";
import { activeSlot, stagingSlot } from "../../activation/library-slots";
import {
  TRANSFER_DIGEST,
  transferActivate,
  transferBegin,
  transferChunk,
  transferReceivedBytes,
  transferSlot,
  transferState,
  transferTotalBytes,
  TransferState,
} from "../../activation/library-transfer";
import {
  Command,
  ErrorDetail,
  LIBRARY_BEGIN_REQUEST_SIZE,
  LIBRARY_CHUNK_HEADER_SIZE,
  LIBRARY_CHUNK_MAX_BYTES,
  LIBRARY_STATUS_RESPONSE_SIZE,
  Result,
} from "../../abi/protocol-codes";
import { writeError } from "./error";
import { writeLibraryDigest } from "./library-info";

const NOT_A_LIBRARY_COMMAND: u32 = 0xffffffff;

/** Response of a library command, or NOT_A_LIBRARY_COMMAND for a code this table does not know. */
export function executeLibraryCommand(code: u32, payload: usize, length: u32, out: usize): u32 {
  let status: i32 = Status.OK;
  switch (code) {
    case Command.LIBRARY_BEGIN: {
      if (length != <u32>LIBRARY_BEGIN_REQUEST_SIZE)
        return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
      status = transferBegin(load<u32>(payload), payload + 4);
      break;
    }
    case Command.LIBRARY_CHUNK: {
      const header = <u32>LIBRARY_CHUNK_HEADER_SIZE;
      if (length <= header || length > header + <u32>LIBRARY_CHUNK_MAX_BYTES)
        return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
      status = transferChunk(load<u32>(payload), payload + header, length - header);
      break;
    }
    case Command.LIBRARY_STATUS:
    case Command.LIBRARY_ACTIVATE: {
      if (length != 0) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
      if (code == Command.LIBRARY_ACTIVATE) status = transferActivate();
      break;
    }
    default:
      return NOT_A_LIBRARY_COMMAND;
  }
  if (status != Status.OK) return writeError(out, Result.LIBRARY_REFUSED, <u32>status);
  store<u16>(out, Result.OK);
  return writeStatusBlock(out);
}

function writeStatusBlock(out: usize): u32 {
  store<u8>(out + 2, <u8>keyState());
  const slot = activeSlot();
  store<u8>(out + 3, slot < 0 ? 0xff : <u8>slot);
  store<u32>(out + 4, libraryActive ? activeLibraryVersion : 0);
  writeLibraryDigest(out + 8);
  store<u32>(out + 40, versionFloor);
  const receiving = transferState != TransferState.NONE;
  store<u8>(out + 44, <u8>transferState);
  store<u8>(out + 45, <u8>(receiving ? transferSlot : stagingSlot()));
  store<u32>(out + 46, transferTotalBytes);
  store<u32>(out + 50, transferReceivedBytes);
  for (let i: usize = 0; i < 32; i += 8) store<u64>(out + 54 + i, load<u64>(TRANSFER_DIGEST + i));
  for (let i: usize = 0; i < <usize>KEY_ID_SIZE; i++) store<u8>(out + 86 + i, load<u8>(keyIdPtr() + i));
  return LIBRARY_STATUS_RESPONSE_SIZE;
}
