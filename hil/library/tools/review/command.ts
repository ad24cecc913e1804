// `library review <old.json> <new.json>`: the committee's review packet as one printable HTML file
// (REQ-LC-031, packet.ts). Reuses diff, lint, dry-run and the content digest approve records.
// Exit 0 packet written with no lint error and every dry-run expectation met; 1 a library does not
// compile or load (nothing written), or the packet was written but shows lint errors or dry-run
// failures; 2 usage, file or order-set errors.
import { basename, resolve } from "node:path";
import { Status } from "../../../../firmware/abi/codes.ts";
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import { formatError } from "../../compiler/errors.ts";
import type { CanonicalLibrary } from "../../compiler/canonical.ts";
import { diffLibraries } from "../diff/compare.ts";
import { PARAM_NAMES } from "../dryrun/binding.ts";
import { loadEngine } from "../dryrun/command.ts";
import { readOrders } from "../dryrun/orders.ts";
import { dryRun } from "../dryrun/run.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  loadLibraryFile,
  plural,
  readInputText,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { contentDigest } from "../lifecycle/content-digest.ts";
import { lintLibrary } from "../lint/lint.ts";
import { reviewPacket, type PacketInput } from "./packet.ts";
import { firmwareBuildPath } from "../../../../simulator/host/memory-layout.ts";

export const EXAMPLE_LIBRARY = "hil/library/examples/general-hospital.json";
export const EXAMPLE_ORDERS = "hil/library/examples/general-hospital-orders.csv";

export const REVIEW_HELP = `library review — the committee's review packet, one printable HTML file (docs/library-tools.md §7)

Usage:
  npm run library -- review <old.json> <new.json> -o <packet.html> [--orders <orders.csv|orders.json>]
                            [--firmware <ders.wasm>]

The packet holds: the changes from old to new (each entry with its care areas and high-alert
status), the new library's lint findings, the dry-run of an order set on the release firmware, the
content SHA-256 the committee approves (what approve records and prints), and a sign-off block
for the pharmacist, nurse and physician. It has no script and loads nothing from elsewhere; the
same inputs give the same bytes.

Options:
  -o, --output <file>   the packet to write (atomically)
  --orders <file>       order set for the dry-run (default: ${EXAMPLE_ORDERS}
                        when the new library is ${EXAMPLE_LIBRARY}; otherwise none, and
                        the packet says so)
  --firmware <file>     firmware module (default build/ders.wasm; npm run build:firmware)

Example:
  npm run library -- review last-release.json ${EXAMPLE_LIBRARY} -o review.html

Exit codes: 0 written, no lint error, every dry-run expectation met; 1 written but with lint errors
or dry-run failures, or a library that does not compile (nothing written); 2 usage, file or
order-set errors.`;

const USAGE = "review <old.json> <new.json> -o <packet.html>";

type Loaded = { file: string; library: AuthorLibrary; compiled: CanonicalLibrary; image: Uint8Array; json: unknown };

function load(file: string, io: Io): Loaded | undefined {
  const loaded = loadLibraryFile(file);
  const compiled = loaded.ok ? compileLibrary(loaded.json) : loaded;
  if (!loaded.ok || !compiled.ok) {
    const errors = compiled.ok ? [] : compiled.errors;
    for (const error of errors) io.err(`${file}: ${formatError(error)}`);
    io.err(`${file}: ${plural(errors.length, "error")}; fix them (library validate) before review; nothing written`);
    return undefined;
  }
  return {
    file,
    library: loaded.json as AuthorLibrary,
    compiled: compiled.library,
    image: compiled.image,
    json: loaded.json,
  };
}

export function reviewCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(REVIEW_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "output", short: "o", value: true, example: "review.html" },
    { name: "orders", value: true, example: EXAMPLE_ORDERS },
    { name: "firmware", value: true, example: "build/ders.wasm" },
  ]);
  const [oldFile, newFile] = expectPositional(args, 2, USAGE);
  const output = single(args, "output");
  if (output === undefined)
    throw new CommandError(`review needs the packet file: add -o <packet.html>; usage: ${USAGE}`);
  const ordersOption = single(args, "orders");
  const ordersFile = ordersOption ?? (resolve(newFile) === resolve(EXAMPLE_LIBRARY) ? EXAMPLE_ORDERS : undefined);
  refuseOverwrite(output, [oldFile, newFile, ...(ordersFile === undefined ? [] : [ordersFile])]);
  const orders = ordersFile === undefined ? undefined : readOrders(ordersFile, readInputText(ordersFile), PARAM_NAMES);

  const before = load(oldFile, io);
  const after = load(newFile, io);
  if (before === undefined || after === undefined) return EXIT_FINDINGS;
  const digest = contentDigest(after.json);
  if (!digest.ok) return EXIT_FINDINGS; // unreachable: it compiled above

  let dry: PacketInput["dryRun"] = {
    missing: "no order set given (--orders <orders.csv>); run library dry-run before approval",
  };
  if (orders !== undefined && ordersFile !== undefined) {
    const engine = loadEngine(single(args, "firmware") ?? firmwareBuildPath());
    const status = engine.loadLibrary(after.image);
    if (status !== Status.OK) {
      io.err(
        `${newFile}: the firmware refused the compiled image: status ${Status[status] ?? status} (docs/abi.md §6); nothing written`,
      );
      return EXIT_FINDINGS;
    }
    dry = { orders: basename(ordersFile), report: dryRun(engine, orders, after.library, after.compiled) };
  }
  const diff = diffLibraries(before.library, after.library);
  const lint = lintLibrary(after.json);
  const html = reviewPacket({
    old: { file: basename(oldFile), library: before.library },
    new: { file: basename(newFile), library: after.library },
    diff,
    lint,
    dryRun: dry,
    contentSha256: digest.sha256,
  });
  writeOutput(output, html);
  for (const warning of diff.warnings) io.err(`warning: ${warning}`);
  const problems = [
    ...(lint.errorCount > 0 ? [`lint: ${plural(lint.errorCount, "error")}`] : []),
    ...("report" in dry && dry.report.failed ? ["dry-run: expectations not met or unexpected errors"] : []),
    ...("missing" in dry ? ["no dry-run (no order set)"] : []),
  ];
  io.out(
    `review packet: ${after.library.name} version ${after.library.version}, content SHA-256 ${digest.sha256} → ${output}`,
  );
  for (const problem of problems) io.err(`note: ${problem}`);
  return lint.errorCount > 0 || ("report" in dry && dry.report.failed) ? EXIT_FINDINGS : EXIT_OK;
}
