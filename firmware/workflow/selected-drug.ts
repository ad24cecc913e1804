// The selected drug as SELECT_DRUG and READ_ADVISORY report it (docs/workflow.md §8.4): its entry
// record, the kind of the selected concentration and the entry's clinical advisory (REQ-WF-003).
// The protocol commands only put these on the wire; whether there is anything to read is decided here.
import { IMAGE_HEADER_SIZE, NO_CONCENTRATION } from "../abi/codes";
import { Result } from "../abi/protocol-codes";
import { ADVISORY_CHUNK } from "../abi/workflow-codes";
import { concentrationRecord } from "../engine/checks";
import { HEADER_STRING_POOL_OFFSET } from "../library/header-layout";
import { CONCENTRATION_KIND, ENTRY_ADVISORY_LENGTH, ENTRY_ADVISORY_OFFSET } from "../library/entry-layout";
import { findEntry } from "../library/lookup";
import {
  concentrationRecordCount,
  concentrationRecordList,
  entryRecordCount,
  entryRecordList,
} from "../library/limit-record-layout";
import { writeEffectiveDefaults } from "../limits/defaults";
import { bodyPtr, libraryActive } from "../library/state";
import { DONE, refuse } from "./outcome";
import { basicInfusion, concentrationIndex, drugSelected, entryId, state } from "./state";

/** A fluid (no concentration) reports this concentration kind. */
export const NO_CONCENTRATION_KIND: u32 = 0xff;

/** READ_ADVISORY needs a library and a drug entry (not a basic infusion) selected: DONE or the refusal. */
export function selectedDrugReadable(): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!drugSelected || basicInfusion) return refuse(Result.OUT_OF_STATE, state);
  return DONE;
}

/** The selected entry's record; only after selectEntry succeeded or selectedDrugReadable() is DONE. */
export function selectedEntry(): usize {
  return findEntry(entryId);
}

/** The selected concentration's kind, NO_CONCENTRATION_KIND for a fluid. */
export function selectedConcentrationKind(): u32 {
  if (concentrationIndex == NO_CONCENTRATION) return NO_CONCENTRATION_KIND;
  return <u32>load<u8>(concentrationRecord(selectedEntry(), concentrationIndex) + CONCENTRATION_KIND);
}

/** Bytes of the selected entry's advisory (UTF-8). */
export function selectedAdvisoryLength(): u32 {
  return <u32>load<u16>(selectedEntry() + ENTRY_ADVISORY_LENGTH);
}

/** Copies up to ADVISORY_CHUNK bytes of the selected entry's advisory from `offset` to `out`; returns how many. */
export function copySelectedAdvisory(offset: u32, out: usize): u32 {
  const entry = selectedEntry();
  const total = <u32>load<u16>(entry + ENTRY_ADVISORY_LENGTH);
  if (offset >= total) return 0;
  const chunk = total - offset < <u32>ADVISORY_CHUNK ? total - offset : <u32>ADVISORY_CHUNK;
  const from = advisoryPtr(entry) + offset;
  for (let i: u32 = 0; i < chunk; i++) store<u8>(out + i, load<u8>(from + i));
  return chunk;
}

/**
 * Writes the selected entry's and concentration's effective defaults (issue 11 §4) at `out`: the
 * u64 mask and five u64 values of the engine result's defaults block (docs/abi.md §5).
 */
export function writeSelectedDefaults(out: usize): void {
  const entry = selectedEntry();
  const entryCount = entryRecordCount(entry);
  let concentrationList: usize = 0;
  let concentrationCount: u32 = 0;
  if (concentrationIndex != NO_CONCENTRATION) {
    const record = concentrationRecord(entry, concentrationIndex);
    concentrationCount = concentrationRecordCount(record);
    if (concentrationCount != 0) concentrationList = concentrationRecordList(record);
  }
  writeEffectiveDefaults(
    entryCount == 0 ? 0 : entryRecordList(entry),
    entryCount,
    concentrationList,
    concentrationCount,
    out,
  );
}

function advisoryPtr(entry: usize): usize {
  const pool = bodyPtr + <usize>load<u32>(bodyPtr - <usize>IMAGE_HEADER_SIZE + HEADER_STRING_POOL_OFFSET);
  return pool + <usize>load<u32>(entry + ENTRY_ADVISORY_OFFSET);
}
