// Imports a virtual pump's NV state file (the saved 4.25 MiB NV region, decision 0013) read with
// the firmware-independent reader (simulator/pump/nv-log-reader.ts). Records the pump already gave
// are compared byte for byte: a file from another pump is refused before anything is stored.
import { readFileSync, statSync } from "node:fs";
import { layoutOfNvSize, nvSizesText } from "../../simulator/host/memory-layout.ts";
import { rawRecordBytes, readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { emptyTally, gapCause, ingestPage, type PageTally } from "./ingest-page.ts";
import type { CqiStore } from "./store.ts";

export class StateFileError extends Error {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`state file ${path}: ${what}`);
  }
}

export interface ImportStateResult extends PageTally {
  pumpId: string;
  path: string;
  /** Sequences the header counts as stored whose slot failed its CRC (recorded as gaps). */
  damaged: number[];
}

export async function importStateFile(store: CqiStore, pumpId: string, path: string): Promise<ImportStateResult> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new StateFileError(
      path,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (layoutOfNvSize(size) === undefined)
    throw new StateFileError(
      path,
      `is ${size} bytes, a pump state file is ${nvSizesText()} (the NV region of a memory profile, docs/abi.md §2)`,
    );
  const nv = new Uint8Array(readFileSync(path));
  const log = readNvLog(nv);
  if (log === undefined)
    throw new StateFileError(
      path,
      "has no valid NV header copy (docs/event-log.md §2): not a pump state file, or a blank one",
    );
  const storedLast = await store.lastSequence(pumpId);
  const fileLast = log.header.nextSequence - 1;
  if (fileLast < storedLast) {
    throw new StateFileError(
      path,
      `its log ends at sequence ${fileLast} but ${storedLast} were collected as "${pumpId}": ` +
        "another pump's file, or the pump was formatted; nothing was stored",
    );
  }
  const tally = emptyTally(storedLast);
  const source = `state ${path}`;
  const rawOf = (sequence: number): Uint8Array => rawRecordBytes(nv, log.header, sequence);
  // Slots that fail their CRC are sequences the pump itself can no longer read: gaps (ingestPage finds them), not a reason to stop.
  const damaged = log.damagedSequences.filter((sequence) => sequence > storedLast);
  await ingestPage(
    store,
    pumpId,
    source,
    log.records.map((record) => rawOf(record.sequence)),
    log.header.overwrittenCount,
    tally,
  );
  if (tally.lastSequence < fileLast) {
    const gap = {
      first: tally.lastSequence + 1,
      last: fileLast,
      cause: gapCause(fileLast, log.header.overwrittenCount),
    };
    tally.gaps.push(gap);
    await store.recordGap(pumpId, gap.first, gap.last, gap.cause, source);
  }
  if (log.header.libraryLengthBytes !== 0) {
    await store.recordLibrary(
      pumpId,
      log.header.libraryVersion,
      Buffer.from(log.header.libraryDigest).toString("hex"),
      undefined,
    );
  }
  return { ...tally, pumpId, path, damaged };
}
