// One page of raw records from a pump (a READ_LOG answer, a state file's ring) into the store: CRC
// checked record by record, sequences checked for gaps. The records before a bad one are stored, so
// the next collection resumes right after the last good sequence.
import { EventType } from "../../firmware/abi/event-types.ts";
import { decodeRecord, libraryRecordFields, recordIntact } from "../../simulator/pump/event-record.ts";
import { hexOf, type CqiStore, type GapCause, type StoredRecord } from "./store.ts";

/** A record failed its CRC-32 (docs/event-log.md §3): named by pump, source and where it sat. */
export class RecordCrcError extends Error {
  constructor(
    readonly pumpId: string,
    readonly source: string,
    readonly afterSequence: number,
  ) {
    super(
      `${source}: pump "${pumpId}": the record after sequence ${afterSequence} fails its CRC-32 (docs/event-log.md §3); ` +
        `the records up to ${afterSequence} are stored, nothing after it; collect again to resume from ${afterSequence + 1}`,
    );
  }
}

export interface PageTally {
  inserted: number;
  duplicates: number;
  /** Sequences found missing, each range with its cause. */
  gaps: { first: number; last: number; cause: GapCause }[];
  lastSequence: number;
}

export const emptyTally = (lastSequence: number): PageTally => ({ inserted: 0, duplicates: 0, gaps: [], lastSequence });

/** Missing sequences up to `overwritten` were lost to the ring; later ones sat in a slot the pump could not read. */
export function gapCause(lastMissing: number, overwrittenCount: number): GapCause {
  return lastMissing <= overwrittenCount ? "RING_OVERWRITE" : "DAMAGED_OR_UNREADABLE";
}

/**
 * Stores `raws` (oldest first) after `tally.lastSequence`; updates the tally. Throws RecordCrcError
 * at the first record that fails its CRC, after storing the ones before it.
 */
export async function ingestPage(
  store: CqiStore,
  pumpId: string,
  source: string,
  raws: readonly Uint8Array[],
  overwrittenCount: number,
  tally: PageTally,
): Promise<void> {
  const good: StoredRecord[] = [];
  const gaps: PageTally["gaps"] = [];
  let expected = tally.lastSequence + 1;
  let crcFailed = false;
  for (const raw of raws) {
    if (!recordIntact(raw)) {
      crcFailed = true;
      break;
    }
    const record = decodeRecord(raw);
    // A record at or below the last one stored is kept for the comparison ingest makes (another pump's log is refused).
    if (record.sequence > expected)
      gaps.push({ first: expected, last: record.sequence - 1, cause: gapCause(record.sequence - 1, overwrittenCount) });
    good.push({ record, rawHex: hexOf(raw) });
    expected = Math.max(expected, record.sequence + 1);
  }
  const result = await store.ingest(pumpId, source, good);
  for (const gap of gaps) await store.recordGap(pumpId, gap.first, gap.last, gap.cause, source);
  for (const { record } of good) {
    if (record.type === EventType.LIBRARY_ACTIVATED)
      await store.recordLibrary(pumpId, record.libraryVersion, libraryRecordFields(record).block, undefined);
  }
  tally.gaps.push(...gaps);
  tally.inserted += result.inserted;
  tally.duplicates += result.duplicates;
  tally.lastSequence = expected - 1;
  if (crcFailed) throw new RecordCrcError(pumpId, source, tally.lastSequence);
}
