// 0x0013 SELECT_DRUG and 0x0015 READ_ADVISORY (docs/workflow.md §8.4): selecting an entry reports
// what the clinician must see at selection — its flags and its clinical advisory (REQ-WF-003).
// Payload shape here; the selection and what may be read in workflow/selection.ts and
// workflow/selected-drug.ts.
//
//   SELECT_DRUG request:  0 entryId u32 | 4 concentration u8 | 5–7 reserved 0 | 8 custom amount ABU u64 |
//                         16 custom volume µL u32                                          (20 bytes)
//   response: result | snapshot (88) | 90 entry flags u8 | 91 infusion type u8 | 92 dose basis u8 |
//             93 concentration kind u8 (0xFF fluid) | 94 advisory length u16 | 96 chunk length u16 |
//             98 the advisory's first ≤ 256 bytes (UTF-8) | then the defaults block (48): mask u64,
//             5 × u64 dose, rate, duration, VTBI, dose per administration (issue 11 §4)
//   READ_ADVISORY request: 0 offset u16;  response: result | 2 advisory length u16 | 4 chunk length u16 | 6 bytes
import { ENTRY_DOSE_BASIS, ENTRY_FLAGS, ENTRY_INFUSION_TYPE } from "../../library/entry-layout";
import { detailOf, resultOf } from "../../workflow/outcome";
import {
  copySelectedAdvisory,
  selectedAdvisoryLength,
  selectedConcentrationKind,
  selectedDrugReadable,
  selectedEntry,
  writeSelectedDefaults,
} from "../../workflow/selected-drug";
import { DEFAULTS_BLOCK_SIZE } from "../../limits/defaults";
import { selectEntry } from "../../workflow/selection";
import { writeSnapshot } from "../../workflow/snapshot";
import { ErrorDetail, Result, WORKFLOW_SNAPSHOT_AT } from "../../abi/protocol-codes";
import { writeError } from "./error";

const SELECT_DRUG_REQUEST_SIZE: u32 = 20;
const INFO_AT: usize = 90;
const ADVISORY_AT: usize = 98;
const READ_ADVISORY_REQUEST_SIZE: u32 = 2;
const READ_ADVISORY_LENGTH_AT: usize = 2;
const READ_ADVISORY_CHUNK_LENGTH_AT: usize = 4;
const READ_ADVISORY_BYTES_AT: usize = 6;

export function selectDrug(payload: usize, length: u32, out: usize): u32 {
  if (length != SELECT_DRUG_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  if (load<u8>(payload + 5) != 0 || load<u16>(payload + 6) != 0)
    return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  const outcome = selectEntry(
    load<u32>(payload),
    <u32>load<u8>(payload + 4),
    load<u64>(payload + 8),
    <u64>load<u32>(payload + 16),
  );
  if (resultOf(outcome) != Result.OK) return writeError(out, resultOf(outcome), detailOf(outcome));
  store<u16>(out, Result.OK);
  writeSnapshot(out + WORKFLOW_SNAPSHOT_AT);
  const entry = selectedEntry();
  store<u8>(out + INFO_AT, load<u8>(entry + ENTRY_FLAGS));
  store<u8>(out + INFO_AT + 1, load<u8>(entry + ENTRY_INFUSION_TYPE));
  store<u8>(out + INFO_AT + 2, load<u8>(entry + ENTRY_DOSE_BASIS));
  store<u8>(out + INFO_AT + 3, <u8>selectedConcentrationKind());
  store<u16>(out + INFO_AT + 4, <u16>selectedAdvisoryLength());
  const chunk = copySelectedAdvisory(0, out + ADVISORY_AT);
  store<u16>(out + INFO_AT + 6, <u16>chunk);
  // Issue 11 §4: the typical values, right after the advisory's first chunk.
  writeSelectedDefaults(out + ADVISORY_AT + chunk);
  return <u32>ADVISORY_AT + chunk + DEFAULTS_BLOCK_SIZE;
}

export function readAdvisory(payload: usize, length: u32, out: usize): u32 {
  if (length != READ_ADVISORY_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  const outcome = selectedDrugReadable();
  if (resultOf(outcome) != Result.OK) return writeError(out, resultOf(outcome), detailOf(outcome));
  store<u16>(out, Result.OK);
  store<u16>(out + READ_ADVISORY_LENGTH_AT, <u16>selectedAdvisoryLength());
  const chunk = copySelectedAdvisory(<u32>load<u16>(payload), out + READ_ADVISORY_BYTES_AT);
  store<u16>(out + READ_ADVISORY_CHUNK_LENGTH_AT, <u16>chunk);
  return <u32>READ_ADVISORY_BYTES_AT + chunk;
}
