// Image bytes per entry (issue 11: "report image bytes per entry"), printed by
// tests/bench/library-load-bench.ts: what each entry of the example library adds to the image —
// its index slot, record, limit values, format-3 limit records (40 bytes each), concentrations and
// its strings — measured as the size of a one-entry image minus that of the empty image, so the
// figure needs no knowledge of the layout. Deterministic; a report, not a test.
import { readFileSync } from "node:fs";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";

const EXAMPLE = "hil/library/examples/general-hospital.json";

export interface EntryBytes {
  id: number;
  name: string;
  /** Limit records of the entry and of its concentrations. */
  records: number;
  bytes: number;
}

export function entryBytes(): EntryBytes[] {
  const compiled = compileLibrary(JSON.parse(readFileSync(EXAMPLE, "utf8")));
  if (!compiled.ok) throw new Error("the example library does not compile");
  const library: CanonicalLibrary = compiled.library;
  const empty = encodeImage({ ...library, entries: [] }).length;
  return library.entries.map((entry) => ({
    id: entry.id,
    name: entry.name,
    records: (entry.records?.length ?? 0) + entry.concentrations.reduce((n, c) => n + (c.records?.length ?? 0), 0),
    bytes: encodeImage({ ...library, entries: [entry] }).length - empty,
  }));
}

/** The table and the averages, with and without limit records. */
export function entryBytesReport(): string[] {
  const rows = entryBytes();
  const withRecords = rows.filter((r) => r.records > 0);
  const without = rows.filter((r) => r.records === 0);
  const mean = (list: EntryBytes[]): string =>
    list.length === 0 ? "—" : (list.reduce((n, r) => n + r.bytes, 0) / list.length).toFixed(1);
  return [
    `\nImage bytes per entry, example library (${rows.length} entries; one-entry image minus the empty image):`,
    "| entry | limit records | bytes |",
    "|---|---|---|",
    ...withRecords.map((r) => `| ${r.id} ${r.name} | ${r.records} | ${r.bytes} |`),
    `format-3 entries (with limit records): ${withRecords.length}, mean ${mean(withRecords)} bytes; ` +
      `entries without records: ${without.length}, mean ${mean(without)} bytes; each limit record is 40 bytes ` +
      "(plus 8 for an entry's extension header).",
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of entryBytesReport()) console.log(line);
