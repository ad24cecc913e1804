// `cqi replay --library <candidate>`: loads the candidate (library JSON, compiled here, or an
// image file) into the firmware engine and prints, per care area / entry / concentration, how the
// logged programs' alerts would change (replay.ts). Exit 1 when the candidate does not compile or
// the firmware refuses it; nothing is written to the database.
import { readFileSync } from "node:fs";
import { Status } from "../../firmware/abi/codes.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { compileLibrary } from "../library/compiler/compile.ts";
import { formatError } from "../library/compiler/errors.ts";
import { parseLibraryText } from "../library/compiler/json-text.ts";
import type { CqiOptions } from "./cli-options.ts";
import { EXIT_FAILED, EXIT_OK, writeAtomic, type Io } from "./commands.ts";
import { loggedPrograms, replayPrograms, summarizeByEntry, type EntryChange } from "./replay.ts";
import type { CqiStore } from "./store.ts";

class CandidateError extends Error {}

function candidateImage(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CandidateError(
      `candidate library ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const firstByte = bytes.find(
    (b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf,
  );
  if (firstByte !== 0x7b) return bytes; // not "{": a compiled image, which the firmware itself checks
  const parsed = parseLibraryText(bytes, path);
  const compiled = parsed.ok ? compileLibrary(parsed.json) : parsed;
  if (!compiled.ok)
    throw new CandidateError(
      `candidate library ${path} does not compile:\n${compiled.errors.map(formatError).join("\n")}`,
    );
  return compiled.image;
}

function describe(c: EntryChange): string {
  const skipped = Object.entries(c.notReplayable)
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
  return [
    `care area ${c.careAreaId}, entry ${c.entryId}, concentration ${c.concentrationIndex === 0xff ? "none" : c.concentrationIndex}: ` +
      `${c.replayed} of ${c.programs} programs replayed${c.approximate > 0 ? ` (${c.approximate} approximate)` : ""}` +
      (skipped === "" ? "" : `; not replayable from the log: ${skipped}`) +
      (c.notReplayable.MISSING_VALUE === undefined
        ? ""
        : " (the log carries no patient weight or BSA, docs/cqi.md §4)"),
    `  soft stops ${c.softBefore} → ${c.softAfter} (${c.softRemoved} removed, ${c.newSoftStops} new); hard stops ${c.hardBefore} → ${c.hardAfter} ` +
      `(${c.newHardStops} new, ${c.hardRemoved} removed)`,
    ...c.flips.map((f) => `  flips: ${f}`),
  ].join("\n");
}

export async function replayCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  let engine: Firmware;
  try {
    const image = candidateImage(options.library!);
    engine = await Firmware.fromFile(options.firmwarePath);
    const status = engine.loadLibrary(image);
    if (status !== Status.OK)
      throw new CandidateError(
        `candidate library ${options.library}: the firmware refused it: status ${Status[status] ?? status} (docs/abi.md §6)`,
      );
  } catch (error) {
    io.err(`cqi replay: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
  const changes = summarizeByEntry(replayPrograms(engine, await loggedPrograms(store)));
  const text =
    options.format === "json"
      ? JSON.stringify(
          { candidate: options.library, libraryVersion: engine.libraryVersion(), entries: changes },
          null,
          2,
        )
      : [
          `replay of the logged programs with candidate ${options.library} (version ${engine.libraryVersion()}):`,
          ...changes.map(describe),
        ].join("\n");
  if (options.output === undefined) io.out(text);
  else writeAtomic(options.output, `${text}\n`);
  return EXIT_OK;
}
