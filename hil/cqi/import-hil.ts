// Imports a HIL run's pump logs (pump-logs.json, written by `npm run hil` on the virtual target
// beside report.json, docs/hil.md §4) into the CQI store: each scenario's pump is one pump of the
// store, "hil:<scenario id>@<first 12 hex of the scenario file's SHA-256>", so a changed scenario
// file is another pump and never collides with the records of its earlier version. A file that is
// not a pump-logs file, or a record that is not 64 bytes of hex, is refused before anything is
// stored; records go in through the same page ingest as a pump's READ_LOG pages (CRC checked,
// compared byte for byte when already stored).
import { readFileSync } from "node:fs";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { emptyTally, ingestPage, type PageTally } from "./ingest-page.ts";
import type { CqiStore } from "./store.ts";

export class HilLogError extends Error {
  constructor(path: string, what: string) {
    super(`HIL pump logs ${path}: ${what}`);
  }
}

export interface ImportHilResult {
  path: string;
  pumps: { pumpId: string; tally: PageTally }[];
}

interface PumpLogsFile {
  format: string;
  formatVersion: number;
  library: { name: string; version: number; sha256: string };
  scenarios: { scenarioId: string; fileSha256: string; overwrittenCount: number; records: string[] }[];
}

const RECORD_HEX = new RegExp(`^[0-9a-f]{${EVENT_LOG_RECORD_SIZE * 2}}$`);

function check(path: string, data: unknown): PumpLogsFile {
  const file = data as Partial<PumpLogsFile>;
  if (typeof data !== "object" || data === null || file.format !== "open-ders HIL pump logs")
    throw new HilLogError(path, 'is not a HIL pump-logs file (its "format" is not "open-ders HIL pump logs")');
  if (file.formatVersion !== 1)
    throw new HilLogError(path, `has formatVersion ${String(file.formatVersion)}; this tool reads 1`);
  const library = file.library;
  if (typeof library?.name !== "string" || !Number.isInteger(library.version) || !/^[0-9a-f]{64}$/.test(library.sha256))
    throw new HilLogError(path, "/library must hold the name, version and SHA-256 the pump reported");
  if (!Array.isArray(file.scenarios)) throw new HilLogError(path, "/scenarios must be a list");
  for (const [i, s] of file.scenarios.entries()) {
    const at = `/scenarios/${i}`;
    if (typeof s?.scenarioId !== "string" || s.scenarioId === "")
      throw new HilLogError(path, `${at}/scenarioId is missing`);
    if (!/^[0-9a-f]{64}$/.test(s.fileSha256 ?? "")) throw new HilLogError(path, `${at}/fileSha256 is not a SHA-256`);
    if (!Number.isInteger(s.overwrittenCount) || s.overwrittenCount < 0)
      throw new HilLogError(path, `${at}/overwrittenCount is not a count`);
    if (!Array.isArray(s.records)) throw new HilLogError(path, `${at}/records must be a list`);
    for (const [j, r] of s.records.entries())
      if (typeof r !== "string" || !RECORD_HEX.test(r))
        throw new HilLogError(path, `${at}/records/${j} is not ${EVENT_LOG_RECORD_SIZE} bytes as lower-case hex`);
  }
  return file as PumpLogsFile;
}

/** The store's pump id of a HIL scenario's pump. */
export function hilPumpId(scenarioId: string, fileSha256: string): string {
  return `hil:${scenarioId}@${fileSha256.slice(0, 12)}`;
}

export async function importHilLogs(store: CqiStore, path: string): Promise<ImportHilResult> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new HilLogError(path, `cannot be read as JSON (${(error as Error).message})`);
  }
  const file = check(path, data);
  const pumps: ImportHilResult["pumps"] = [];
  for (const scenario of file.scenarios) {
    const pumpId = hilPumpId(scenario.scenarioId, scenario.fileSha256);
    const tally = emptyTally(await store.lastSequence(pumpId));
    const records = scenario.records.map((hex) => Uint8Array.from(Buffer.from(hex, "hex")));
    await ingestPage(store, pumpId, `hil ${path}`, records, scenario.overwrittenCount, tally);
    await store.recordLibrary(pumpId, file.library.version, file.library.sha256, file.library.name);
    pumps.push({ pumpId, tally });
  }
  return { path, pumps };
}
