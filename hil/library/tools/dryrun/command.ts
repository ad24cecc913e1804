// `library dry-run <library.json> <orders>`: compile the library in memory, load it into the real
// firmware (build/ders.wasm) and run the order set (REQ-LC-014, REQ-LC-015, REQ-LC-023).
// Exit 0 all orders as expected, 1 a mismatch, an unexpected error or a library the compiler or
// firmware refuses, 2 usage, file or order-set format errors, or a bad order (reported as an
// error row; the other orders still run).
import { readRegularFile } from "../../compiler/file-kind.ts";
import { Status } from "../../../../firmware/abi/codes.ts";
import { Firmware } from "../../../../simulator/host/firmware.ts";
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import { formatError } from "../../compiler/errors.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  loadLibraryFile,
  plural,
  readInputText,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { PARAM_NAMES } from "./binding.ts";
import { formatJson, formatText, summary } from "./format.ts";
import { ORDER_COLUMNS, readOrders } from "./orders.ts";
import { dryRun } from "./run.ts";
import { firmwareBuildPath } from "../../../../simulator/host/memory-layout.ts";

export const DRY_RUN_HELP = `library dry-run — test a library before release on the real engine (docs/library-tools.md §3)

Usage:
  npm run library -- dry-run <library.json> <orders.csv|orders.json> [--firmware <ders.wasm>]
                             [--format text|json] [-o <report>]

Each order is resolved against the library (care area by code; entry by id, or by display name
or generic name among the entries the care area offers; concentration as "AMOUNT UNIT/VOLUME mL":
a fixed one when it matches exactly, else the entry's custom one) and evaluated by the firmware
engine; the report gives its verdict (go, soft, hard, or error when it cannot be evaluated) and
binding limit (parameter, tier and limit value), with counts. A dose or duration whose derived
rate is outside the engine's range is a hard stop with the derived rate; MISSING_VALUE names
the missing value.

Order columns (CSV header or JSON keys; * = required):
  ${ORDER_COLUMNS.map((c) => `${c.name}${c.required === true ? "*" : ""}`).join(", ")}
Exactly one of dose (with doseUnit), rateMlPerH or durationMin (with vtbiMl) per order. Values
are exact decimals no finer than the canonical unit and no larger than the engine's maximum
(docs/units.md, e.g. rateMlPerH at most 9999.999). A bad order (zero, negative, malformed or
too-many-decimals value, each said with the resolution; a missing column value; a repeated
name) is an error row marked BAD ORDER; the rest of the set still runs, and the exit code is 2.
expected: go | soft | hard | error; expectedBinding: PARAM [TIER [VALUE UNIT]], e.g. DOSE,
"DOSE hard max" or "DOSE hard max 40 units/kg/h"; PARAM one of
${PARAM_NAMES.join(", ")}.

Options:
  --firmware <file>     firmware module (default build/ders.wasm; npm run build:firmware)
  --format text|json    report format (default text)
  -o, --output <file>   write the report to a file (atomically) instead of standard output

Example:
  npm run library -- dry-run library.json orders.csv --format=json -o dry-run.json

Exit codes: 0 every expectation met and no unexpected error, 1 a mismatch, an unexpected error,
or a library that does not compile or load, 2 usage, file or order-set errors, or a bad order
(the report still lists every order).`;

/** The release firmware from `path`; an unreadable or unusable module is a usage error (exit 2). */
export function loadEngine(path: string): Firmware {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    throw new CommandError(
      `cannot read firmware "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; run npm run build:firmware first`,
    );
  }
  try {
    return Firmware.fromBytes(bytes);
  } catch (error) {
    throw new CommandError(`"${path}" is not a usable firmware module: ${(error as Error).message}`);
  }
}

export function dryRunCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(DRY_RUN_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "firmware", value: true, example: "build/ders.wasm" },
    { name: "format", value: true, example: "json" },
    { name: "output", short: "o", value: true, example: "dry-run.txt" },
  ]);
  const [libraryFile, ordersFile] = expectPositional(args, 2, "dry-run <library.json> <orders.csv>");
  const format = single(args, "format") ?? "text";
  if (format !== "text" && format !== "json") throw new CommandError(`--format must be text or json, got "${format}"`);
  const output = single(args, "output");
  refuseOverwrite(output, [libraryFile, ordersFile]);
  const orders = readOrders(ordersFile, readInputText(ordersFile), PARAM_NAMES);
  const engine = loadEngine(single(args, "firmware") ?? firmwareBuildPath());

  const loaded = loadLibraryFile(libraryFile);
  const compiled = loaded.ok ? compileLibrary(loaded.json) : loaded;
  if (!loaded.ok || !compiled.ok) {
    const errors = compiled.ok ? [] : compiled.errors;
    for (const error of errors) io.err(formatError(error));
    io.err(`${plural(errors.length, "error")}; the library does not compile, so no order was run`);
    return EXIT_FINDINGS;
  }
  const status = engine.loadLibrary(compiled.image);
  if (status !== Status.OK) {
    io.err(
      `the firmware refused the compiled image: status ${Status[status] ?? status} (docs/abi.md §6); no order was run`,
    );
    return EXIT_FINDINGS;
  }
  const report = dryRun(engine, orders, loaded.json as AuthorLibrary, compiled.library);
  const text = format === "json" ? formatJson(report) : `${formatText(report).join("\n")}\n`;
  if (output === undefined) for (const line of text.trimEnd().split("\n")) io.out(line);
  else {
    writeOutput(output, text);
    io.out(`${summary(report)} → ${output}`);
  }
  if (report.counts.badOrders > 0) {
    io.err(
      `${plural(report.counts.badOrders, "order")} of the set could not be read (error rows marked BAD ORDER); the rest ran`,
    );
    return EXIT_USAGE;
  }
  return report.failed ? EXIT_FINDINGS : EXIT_OK;
}
