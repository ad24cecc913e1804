// 0x0028 AUTO_PROGRAM (issue 13, docs/workflow.md §8.16): the payload's shape here — text fields,
// reserved bytes, codes and ranges, each a BAD_PAYLOAD / 17 before anything is looked up — the
// decision in workflow/auto-program.ts. Layout: firmware/abi/auto-program-layout.ts.
//   response: result | snapshot (88) | engine result (576) | order handle u16 | reserved u16 (670 bytes)
import {
  AUTO_AMOUNT_ABU,
  AUTO_AMOUNT_UNIT,
  AUTO_BSA_M2X10000,
  AUTO_DOSE_BASIS,
  AUTO_DRUG_CODE,
  AUTO_ORDER_ID,
  AUTO_PATIENT_ID,
  AUTO_PROGRAM_BLOCK,
  AUTO_PROGRAM_PAYLOAD_SIZE,
  AUTO_PROGRAM_PAYLOAD_SIZE_LONG,
  AUTO_PROGRAM_RESPONSE_SIZE,
  AUTO_RESERVED_120,
  AUTO_RESERVED_99,
  AUTO_RESPONSE_ORDER_HANDLE,
  AUTO_VOLUME_UL,
  AUTO_WEIGHT_G,
  ORDER_TEXT_FIRST_BYTE,
  ORDER_TEXT_LAST_BYTE,
  ORDER_TEXT_SIZE,
} from "../../abi/auto-program-layout";
import {
  AmountUnit,
  DoseBasis,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  RESULT_OFFSET,
  RESULT_SIZE,
} from "../../abi/codes";
import { ErrorDetail, Result, WORKFLOW_RESULT_AT, WORKFLOW_SNAPSHOT_AT } from "../../abi/protocol-codes";
import { autoProgram as runAutoProgram } from "../../workflow/auto-program";
import { orderHandle } from "../../workflow/order";
import { detailOf, resultOf } from "../../workflow/outcome";
import { programBlockValid } from "../../workflow/request";
import { writeSnapshot } from "../../workflow/snapshot";
import { writeError } from "./error";

export function autoProgram(payload: usize, length: u32, out: usize): u32 {
  if (length != <u32>AUTO_PROGRAM_PAYLOAD_SIZE && length != <u32>AUTO_PROGRAM_PAYLOAD_SIZE_LONG)
    return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  // The program block is the payload's tail: 36 bytes, or 48 (PROGRAM_PAYLOAD_SIZE) in the long form.
  const blockLength = length - <u32>AUTO_PROGRAM_BLOCK;
  const codeLength = textLength(payload + AUTO_DRUG_CODE);
  if (!shapeValid(payload, codeLength, blockLength))
    return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  const outcome = runAutoProgram(payload, codeLength, blockLength);
  if (resultOf(outcome) != Result.OK) return writeError(out, resultOf(outcome), detailOf(outcome));
  store<u16>(out, Result.OK);
  writeSnapshot(out + WORKFLOW_SNAPSHOT_AT);
  for (let i: u32 = 0; i < <u32>RESULT_SIZE; i++)
    store<u8>(out + WORKFLOW_RESULT_AT + i, load<u8>(<usize>RESULT_OFFSET + i));
  store<u16>(out + AUTO_RESPONSE_ORDER_HANDLE, <u16>orderHandle);
  store<u16>(out + AUTO_RESPONSE_ORDER_HANDLE + 2, 0);
  return <u32>AUTO_PROGRAM_RESPONSE_SIZE;
}

function shapeValid(payload: usize, codeLength: u32, blockLength: u32): bool {
  if (textLength(payload + AUTO_ORDER_ID) == 0 || textLength(payload + AUTO_PATIENT_ID) == 0 || codeLength == 0)
    return false;
  if (load<u8>(payload + AUTO_RESERVED_99) != 0 || load<u32>(payload + AUTO_RESERVED_120) != 0) return false;
  if (<u32>load<u8>(payload + AUTO_AMOUNT_UNIT) > <u32>AmountUnit.MMOL) return false;
  if (<u32>load<u8>(payload + AUTO_DOSE_BASIS) > <u32>DoseBasis.BSA) return false;
  if (load<u64>(payload + AUTO_AMOUNT_ABU) > <u64>MAX_AMOUNT_ABU) return false;
  if (load<u32>(payload + AUTO_VOLUME_UL) > <u32>MAX_VOLUME_UL) return false;
  if (load<u32>(payload + AUTO_WEIGHT_G) > <u32>MAX_WEIGHT_G) return false;
  if (load<u32>(payload + AUTO_BSA_M2X10000) > <u32>MAX_BSA_M2X10000) return false;
  return programBlockValid(payload + AUTO_PROGRAM_BLOCK, blockLength);
}

/** Length of a text field: 1 … ORDER_TEXT_SIZE printable ASCII bytes then only zeros; 0 when it breaks that. */
function textLength(field: usize): u32 {
  let length: u32 = 0;
  while (length < <u32>ORDER_TEXT_SIZE && load<u8>(field + length) != 0) {
    const byte = <u32>load<u8>(field + length);
    if (byte < <u32>ORDER_TEXT_FIRST_BYTE || byte > <u32>ORDER_TEXT_LAST_BYTE) return 0;
    length++;
  }
  for (let i = length; i < <u32>ORDER_TEXT_SIZE; i++) if (load<u8>(field + i) != 0) return 0;
  return length;
}
