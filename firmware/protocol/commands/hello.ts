// 0x0001 HELLO (docs/protocol.md §5.1): version handshake and pump identity.
//
//   request:  | clientProtocolVersion u8 |
//   response: 0 result u16 | 2 protocolVersion u8 | 3 abiVersion u8 | 4 firmwareBuildId[16] |
//             20 libraryActive u8 | 21 libraryVersion u32 | 25 libraryName[32] | 57 bodyDigest[32] |
//             89 maxPayload u16 | 91 keyState u8 | 92 alarmMask u32 | 96 memoryProfile u8 | (97 bytes)
import { ABI_VERSION } from "../../abi/codes";
import { MEMORY_PROFILE } from "../../abi/memory-map";
import {
  BUILD_ID_SIZE,
  ErrorDetail,
  HELLO_REQUEST_SIZE,
  HELLO_RESPONSE_SIZE,
  MAX_PAYLOAD,
  PROTOCOL_VERSION,
  Result,
} from "../../abi/protocol-codes";
import { writeError } from "./error";
import { keyState } from "../../nv/key-record";
import { writeLibraryIdentity, writeLibraryVersion } from "./library-info";
import { activeAlarmMask } from "../../workflow/alarms";

// HELLO's build id: BUILD_ID_PLACEHOLDER ("DERS-BUILD-ID-@@", firmware/abi/codes.ts) as compiled;
// the build stamps the binary's own id over these 16 bytes (release/build-id.ts).
const BUILD_ID = memory.data<u8>([
  0x44, 0x45, 0x52, 0x53, 0x2d, 0x42, 0x55, 0x49, 0x4c, 0x44, 0x2d, 0x49, 0x44, 0x2d, 0x40, 0x40,
]);

export function hello(request: usize, requestLength: u32, out: usize): u32 {
  if (requestLength != HELLO_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  if (<u32>load<u8>(request) != PROTOCOL_VERSION) return writeError(out, Result.UNSUPPORTED_VERSION, ErrorDetail.NONE);
  store<u16>(out, Result.OK);
  store<u8>(out + 2, <u8>PROTOCOL_VERSION);
  store<u8>(out + 3, <u8>ABI_VERSION);
  for (let i = 0; i < BUILD_ID_SIZE; i++) store<u8>(out + 4 + <usize>i, load<u8>(BUILD_ID + <usize>i));
  writeLibraryVersion(out + 20);
  writeLibraryIdentity(out + 25);
  store<u16>(out + 89, <u16>MAX_PAYLOAD);
  store<u8>(out + 91, <u8>keyState());
  // The standing alarms a client connecting now must show (NO_LIBRARY among them, docs/workflow.md §7).
  store<u32>(out + 92, activeAlarmMask());
  // Which memory map this binary has (abi/memory-profiles.ts): a client sizes libraries by it.
  store<u8>(out + 96, <u8>MEMORY_PROFILE);
  return HELLO_RESPONSE_SIZE;
}
