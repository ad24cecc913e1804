// The selected drug as SELECT_DRUG and READ_ADVISORY report it (docs/workflow.md §8.4): its entry
// record, the kind of the selected concentration and the clinical advisory (REQ-WF-003): the
// entry's, then the selected concentration's own (limit kind 30, issue 11 §7; REQ-WF-093).
// The protocol commands only put these on the wire; whether there is anything to read is decided here.
import { IMAGE_HEADER_SIZE, NO_CONCENTRATION } from "../abi/codes";
import { LimitKind } from "../abi/limit-kinds";
import { limitRecord, recordArgument, recordValue } from "../limits/limit-records";
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

/**
 * Between the entry's advisory and the concentration's, when both exist: one line feed, so a
 * display shows them as two paragraphs, the entry's first (docs/workflow.md §8.4).
 */
const ADVISORY_SEPARATOR: u8 = 0x0a;

/** The selected concentration's ADVISORY record, 0 when it has none (or for a fluid). */
function concentrationAdvisoryRecord(): usize {
  if (concentrationIndex == NO_CONCENTRATION) return 0;
  const record = concentrationRecord(selectedEntry(), concentrationIndex);
  const count = concentrationRecordCount(record);
  if (count == 0) return 0;
  return limitRecord(concentrationRecordList(record), count, <u32>LimitKind.ADVISORY);
}

/**
 * Bytes of the selected drug's advisory (UTF-8): the entry's, the separator when both exist, the
 * concentration's. At most 2 × MAX_ADVISORY_BYTES + 1, well inside the u16 on the wire.
 */
export function selectedAdvisoryLength(): u32 {
  const entryLength = <u32>load<u16>(selectedEntry() + ENTRY_ADVISORY_LENGTH);
  const record = concentrationAdvisoryRecord();
  if (record == 0) return entryLength;
  return entryLength + (entryLength != 0 ? 1 : 0) + recordArgument(record);
}

/** The byte at `index` of the advisory selectedAdvisoryLength() measures. */
function advisoryByte(entry: usize, entryLength: u32, record: usize, index: u32): u8 {
  if (index < entryLength) return load<u8>(advisoryPtr(entry) + index);
  if (entryLength != 0) {
    if (index == entryLength) return ADVISORY_SEPARATOR;
    index -= entryLength + 1;
  }
  return load<u8>(stringPool() + <usize>recordValue(record, 0) + index);
}

/** Copies up to ADVISORY_CHUNK bytes of the selected drug's advisory from `offset` to `out`; returns how many. */
export function copySelectedAdvisory(offset: u32, out: usize): u32 {
  const entry = selectedEntry();
  const entryLength = <u32>load<u16>(entry + ENTRY_ADVISORY_LENGTH);
  const record = concentrationAdvisoryRecord();
  const total = selectedAdvisoryLength();
  if (offset >= total) return 0;
  const chunk = total - offset < <u32>ADVISORY_CHUNK ? total - offset : <u32>ADVISORY_CHUNK;
  if (record == 0) {
    const from = advisoryPtr(entry) + offset;
    for (let i: u32 = 0; i < chunk; i++) store<u8>(out + i, load<u8>(from + i));
  } else {
    for (let i: u32 = 0; i < chunk; i++) store<u8>(out + i, advisoryByte(entry, entryLength, record, offset + i));
  }
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

/** The active library's string pool (names and advisories). */
export function stringPool(): usize {
  return bodyPtr + <usize>load<u32>(bodyPtr - <usize>IMAGE_HEADER_SIZE + HEADER_STRING_POOL_OFFSET);
}

function advisoryPtr(entry: usize): usize {
  return stringPool() + <usize>load<u32>(entry + ENTRY_ADVISORY_OFFSET);
}
