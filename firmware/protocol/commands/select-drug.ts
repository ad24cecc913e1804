// 0x0013 SELECT_DRUG and 0x0015 READ_ADVISORY (docs/workflow.md §8.4): selecting an entry reports
// what the clinician must see at selection — its flags and its clinical advisory (REQ-WF-003).
//
//   SELECT_DRUG request:  0 entryId u32 | 4 concentration u8 | 5–7 reserved 0 | 8 custom amount ABU u64 |
//                         16 custom volume µL u32                                          (20 bytes)
//   response: result | snapshot (88) | 90 entry flags u8 | 91 infusion type u8 | 92 dose basis u8 |
//             93 concentration kind u8 (0xFF fluid) | 94 advisory length u16 | 96 chunk length u16 |
//             98 the advisory's first ≤ 256 bytes (UTF-8)
//   READ_ADVISORY request: 0 offset u16;  response: result | 2 advisory length u16 | 4 chunk length u16 | 6 bytes
import { IMAGE_HEADER_SIZE } from "../../abi/codes";
import { concentrationRecord } from "../../engine/checks";
import { HEADER_STRING_POOL_OFFSET } from "../../library/header-layout";
import {
  CONCENTRATION_KIND, ENTRY_ADVISORY_LENGTH, ENTRY_ADVISORY_OFFSET, ENTRY_DOSE_BASIS, ENTRY_FLAGS, ENTRY_INFUSION_TYPE,
} from "../../library/entry-layout";
import { findEntry } from "../../library/lookup";
import { bodyPtr, libraryActive } from "../../library/state";
import { detailOf, resultOf, selectEntry, writeSnapshot } from "../../workflow/api";
import { ADVISORY_CHUNK } from "../../abi/workflow-codes";
import { basicInfusion, concentrationIndex, drugSelected, entryId, state } from "../../workflow/state";
import { ErrorDetail, Result, WORKFLOW_SNAPSHOT_AT } from "../../abi/protocol-codes";
import { writeError } from "./error";

const SELECT_DRUG_REQUEST_SIZE: u32 = 20;
const INFO_AT: usize = 90;
const ADVISORY_AT: usize = 98;
const NO_CONCENTRATION_KIND: u8 = 0xff;

function advisoryPtr(entry: usize): usize {
  const pool = bodyPtr + <usize>load<u32>(bodyPtr - <usize>IMAGE_HEADER_SIZE + HEADER_STRING_POOL_OFFSET);
  return pool + <usize>load<u32>(entry + ENTRY_ADVISORY_OFFSET);
}

/** Copies up to ADVISORY_CHUNK advisory bytes from `offset`; returns how many. */
function copyAdvisory(entry: usize, offset: u32, out: usize): u32 {
  const total = <u32>load<u16>(entry + ENTRY_ADVISORY_LENGTH);
  if (offset >= total) return 0;
  const chunk = total - offset < <u32>ADVISORY_CHUNK ? total - offset : <u32>ADVISORY_CHUNK;
  const from = advisoryPtr(entry) + offset;
  for (let i: u32 = 0; i < chunk; i++) store<u8>(out + i, load<u8>(from + i));
  return chunk;
}

export function selectDrug(payload: usize, length: u32, out: usize): u32 {
  if (length != SELECT_DRUG_REQUEST_SIZE) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  if (load<u8>(payload + 5) != 0 || load<u16>(payload + 6) != 0) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  const outcome = selectEntry(load<u32>(payload), <u32>load<u8>(payload + 4), load<u64>(payload + 8), <u64>load<u32>(payload + 16));
  if (resultOf(outcome) != Result.OK) return writeError(out, resultOf(outcome), detailOf(outcome));
  store<u16>(out, Result.OK);
  writeSnapshot(out + WORKFLOW_SNAPSHOT_AT);
  const entry = findEntry(entryId);
  store<u8>(out + INFO_AT, load<u8>(entry + ENTRY_FLAGS));
  store<u8>(out + INFO_AT + 1, load<u8>(entry + ENTRY_INFUSION_TYPE));
  store<u8>(out + INFO_AT + 2, load<u8>(entry + ENTRY_DOSE_BASIS));
  const kind = concentrationIndex == 0xff ? NO_CONCENTRATION_KIND : load<u8>(concentrationRecord(entry, concentrationIndex) + CONCENTRATION_KIND);
  store<u8>(out + INFO_AT + 3, kind);
  store<u16>(out + INFO_AT + 4, load<u16>(entry + ENTRY_ADVISORY_LENGTH));
  const chunk = copyAdvisory(entry, 0, out + ADVISORY_AT);
  store<u16>(out + INFO_AT + 6, <u16>chunk);
  return <u32>ADVISORY_AT + chunk;
}

export function readAdvisory(payload: usize, length: u32, out: usize): u32 {
  if (length != 2) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  if (!libraryActive) return writeError(out, Result.NO_LIBRARY, 0);
  if (!drugSelected || basicInfusion) return writeError(out, Result.OUT_OF_STATE, state);
  const entry = findEntry(entryId);
  store<u16>(out, Result.OK);
  store<u16>(out + 2, load<u16>(entry + ENTRY_ADVISORY_LENGTH));
  const chunk = copyAdvisory(entry, <u32>load<u16>(payload), out + 6);
  store<u16>(out + 4, <u16>chunk);
  return 6 + chunk;
}
