// Collects one pump's event log over its serial port (docs/protocol.md §5.3): HELLO for the
// library's name, version and digest, GET_STATUS for the log's extent, then READ_LOG pages from the
// last sequence stored + 1 until the pump has no more. Each page is stored as it arrives, so a pump
// that disconnects mid-collection loses nothing already read and the next run resumes after it.
import type { PumpClient } from "../../simulator/client/client.ts";
import type { Outcome } from "../../simulator/client/pump-commands.ts";
import { emptyTally, ingestPage, RecordCrcError, type PageTally } from "./ingest-page.ts";
import { CqiDatabaseError, PumpMismatchError, type CqiStore } from "./store.ts";

/** READ_LOG answers at most 7 records per request (docs/protocol.md §5.3). */
export const READ_LOG_PAGE = 7;

/** Collection from a port stopped: names the pump, the port and how far it got. */
export class CollectionError extends Error {
  constructor(
    readonly pumpId: string,
    readonly port: string,
    readonly lastSequence: number,
    what: string,
  ) {
    super(
      `pump "${pumpId}" on ${port}: ${what}; records up to sequence ${lastSequence} are stored, collect again to resume from ${lastSequence + 1}`,
    );
  }
}

export interface CollectResult extends PageTally {
  pumpId: string;
  port: string;
  libraryName: string;
  libraryVersion: number;
  logNextSequence: number;
}

function valueOf<T>(outcome: Outcome<T>, what: string, fail: (what: string) => Error): T {
  if (!outcome.ok) throw fail(`${what} refused: result ${outcome.result}, detail ${outcome.detail}`);
  return outcome.value;
}

export async function collectFromPump(
  store: CqiStore,
  pumpId: string,
  port: string,
  client: PumpClient,
): Promise<CollectResult> {
  const tally = emptyTally(await store.lastSequence(pumpId));
  const fail = (what: string) => new CollectionError(pumpId, port, tally.lastSequence, what);
  try {
    const hello = valueOf(await client.hello(), "HELLO", fail);
    const status = valueOf(await client.getStatus(), "GET_STATUS", fail);
    if (hello.libraryActive)
      await store.recordLibrary(pumpId, hello.libraryVersion, hello.libraryBodyDigest, hello.libraryName);
    const pumpLast = status.logNextSequence - 1;
    if (pumpLast < tally.lastSequence) {
      throw fail(
        `the pump's log ends at sequence ${pumpLast} but ${tally.lastSequence} were collected as "${pumpId}": ` +
          `this is another pump (check --pump ${pumpId}=<port>) or it was formatted; nothing was read`,
      );
    }
    const source = `serial ${port}`;
    // The first page starts at the last record stored, not after it: ingest compares that record
    // byte for byte, so another pump on this port (or under this id) is refused before anything
    // of its log is stored (unless the pump's ring overwrote that record since).
    let from = Math.max(1, tally.lastSequence);
    for (;;) {
      const page = valueOf(await client.readLog(from, READ_LOG_PAGE), "READ_LOG", fail);
      if (page.records.length === 0) break;
      const before = tally.lastSequence;
      await ingestPage(store, pumpId, source, page.records, status.logOverwritten, tally);
      if (tally.lastSequence === before) break; // only the record already stored: nothing new
      from = tally.lastSequence + 1;
    }
    return {
      ...tally,
      pumpId,
      port,
      libraryName: hello.libraryName,
      libraryVersion: hello.libraryVersion,
      logNextSequence: status.logNextSequence,
    };
  } catch (error) {
    if (
      error instanceof CollectionError ||
      error instanceof RecordCrcError ||
      error instanceof PumpMismatchError ||
      error instanceof CqiDatabaseError
    )
      throw error;
    throw fail(`collection stopped: ${(error as Error).message}`);
  }
}
