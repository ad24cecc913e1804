// The `collect` and `report` commands of hil/cqi/cli.ts over an opened store. Each source is
// collected on its own: a pump that fails is named and the others are still collected (exit 1).
import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { CollectionError, collectFromPump } from "./collect-port.ts";
import type { PageTally } from "./ingest-page.ts";
import { importStateFile } from "./import-state.ts";
import { importHilLogs } from "./import-hil.ts";
import { buildReport, REPORT_VIEWS, toCsv, toJson, toText } from "./report.ts";
import type { CqiOptions } from "./cli-options.ts";
import { CqiDatabaseError, type CqiStore } from "./store.ts";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function describeTally(what: string, tally: PageTally): string[] {
  const lines = [
    `${what}: ${tally.inserted} new records, ${tally.duplicates} already stored, collected up to sequence ${tally.lastSequence}`,
  ];
  for (const gap of tally.gaps) {
    const count = gap.last - gap.first + 1;
    lines.push(
      `${what}: ${count} record${count === 1 ? "" : "s"} lost, sequences ${gap.first}–${gap.last} (${gap.cause === "RING_OVERWRITE" ? "overwritten in the pump's ring before collection" : "damaged or unreadable on the pump"})`,
    );
  }
  return lines;
}

export async function collectCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  let failed = 0;
  for (const { id, path } of options.pumps) {
    let link: SerialLink | undefined;
    try {
      const stored = await store.lastSequence(id);
      link = await SerialLink.open(path, { baudRate: options.baudRate }).catch((error: Error) => {
        throw new CollectionError(id, path, stored, `nothing read: ${error.message}`);
      });
      const result = await collectFromPump(store, id, path, new PumpClient(link));
      for (const line of describeTally(`pump "${id}" on ${path}`, result)) io.out(line);
      io.out(`pump "${id}" on ${path}: library "${result.libraryName}" version ${result.libraryVersion}`);
    } catch (error) {
      failed++;
      io.err(`cqi collect: ${(error as Error).message}`);
    } finally {
      await link?.close().catch(() => undefined);
    }
  }
  // State files are already complete: all of them go in by one durable commit (decision 0025). A
  // file that is refused writes nothing and the others still go in; what is printed as stored is
  // printed after the commit, so a failed commit never leaves "stored" on the screen.
  const reports: { out: string[]; err?: string }[] = [];
  try {
    await store.batch(async () => {
      for (const { id, path } of options.states) {
        try {
          const result = await importStateFile(store, id, path);
          reports.push({ out: describeTally(`pump "${id}" from ${path}`, result) });
        } catch (error) {
          if (error instanceof CqiDatabaseError) throw error;
          reports.push({ out: [], err: `cqi collect: ${(error as Error).message}` });
        }
      }
      for (const given of options.hilLogs) {
        const path = hilLogsPath(given);
        try {
          const result = await importHilLogs(store, path);
          reports.push({
            out: result.pumps.flatMap(({ pumpId, tally }) => describeTally(`pump "${pumpId}" from ${path}`, tally)),
          });
        } catch (error) {
          if (error instanceof CqiDatabaseError) throw error;
          reports.push({ out: [], err: `cqi collect: ${(error as Error).message}` });
        }
      }
    });
  } catch (error) {
    io.err(
      `cqi collect: the state files could not be stored (${(error as Error).message.split("\n")[0]}); ` +
        `nothing from them was stored: collect them again`,
    );
    return EXIT_FAILED;
  }
  for (const report of reports) {
    for (const line of report.out) io.out(line);
    if (report.err !== undefined) {
      failed++;
      io.err(report.err);
    }
  }
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}

/** A report folder stands for the pump-logs.json inside it. */
function hilLogsPath(given: string): string {
  try {
    return statSync(given).isDirectory() ? join(given, "pump-logs.json") : given;
  } catch {
    return given; // the import names the path it cannot read
  }
}

export function writeAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export async function reportCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  const report = await buildReport(store);
  if (options.format === "csv") {
    mkdirSync(options.output!, { recursive: true });
    for (const [view] of REPORT_VIEWS) writeAtomic(join(options.output!, `${view}.csv`), toCsv(report[view]));
    io.out(`wrote ${REPORT_VIEWS.length} CSV files to ${options.output}`);
    return EXIT_OK;
  }
  const text = options.format === "json" ? toJson(report) : toText(report);
  if (options.output === undefined) io.out(text.trimEnd());
  else writeAtomic(options.output, text);
  return EXIT_OK;
}
