// The payload of every response whose result is not OK (docs/protocol.md §3): result u16, detail u8.
import { ERROR_PAYLOAD_SIZE } from "../../abi/protocol-codes";

export function writeError(out: usize, result: u32, detail: u32): u32 {
  store<u16>(out, <u16>result);
  store<u8>(out + 2, <u8>detail);
  return ERROR_PAYLOAD_SIZE;
}
