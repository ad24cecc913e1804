// `cqi dashboard [-o <file.html>] [--library <file.json>]`: reads the figures (dashboard-data.ts),
// names care areas and entries from the library file when one is given, and writes the page
// (dashboard-html.ts) atomically: a reader never sees half a page.
import { readFileSync } from "node:fs";
import { compileLibrary } from "../library/compiler/compile.ts";
import { parseLibraryText } from "../library/compiler/json-text.ts";
import type { CqiOptions } from "./cli-options.ts";
import { EXIT_FAILED, EXIT_OK, writeAtomic, type Io } from "./commands.ts";
import { readDashboardData, type DashboardData } from "./dashboard-data.ts";
import { buildDashboardHtml } from "./dashboard-html.ts";
import type { CqiStore } from "./store.ts";

/** Care-area and entry names of a library JSON file; an Error naming the file when it does not compile. */
export function namesFrom(path: string): Pick<DashboardData, "careAreaNames" | "entryNames"> {
  const parsed = parseLibraryText(new Uint8Array(readFileSync(path)), path);
  const compiled = parsed.ok ? compileLibrary(parsed.json) : parsed;
  if (!compiled.ok)
    throw new Error(`library ${path} does not compile (cqi dashboard --library names care areas and entries)`);
  return {
    careAreaNames: Object.fromEntries(compiled.library.careAreas.map((a) => [a.id, a.name])),
    entryNames: Object.fromEntries(compiled.library.entries.map((e) => [e.id, e.name])),
  };
}

export async function dashboardCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  const data = await readDashboardData(store);
  if (options.library !== undefined) {
    try {
      Object.assign(data, namesFrom(options.library));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(
        `cqi dashboard: ${code === undefined ? (error as Error).message : `cannot read ${options.library}: ${code}`}`,
      );
      return EXIT_FAILED;
    }
  }
  writeAtomic(options.output!, buildDashboardHtml(data));
  io.out(`wrote ${options.output}: ${data.pumps} pumps, ${data.records} records, ${data.days.length} days`);
  return EXIT_OK;
}
