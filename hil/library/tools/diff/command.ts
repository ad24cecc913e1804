// `library diff <old.json> <new.json>`: both must compile; prints or writes the diff as Markdown
// (default), HTML or JSON (REQ-LC-012, REQ-LC-013, REQ-LC-023). Exit 0 written (changes or not),
// 1 when a library does not compile, 2 on usage or file errors.
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import { formatError } from "../../compiler/errors.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  loadLibraryFile,
  plural,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { diffLibraries } from "./compare.ts";
import { diffHtml } from "./html.ts";
import { diffMarkdown } from "./markdown.ts";

export const DIFF_HELP = `library diff — what changed between two library versions (docs/library-tools.md §2)

Usage:
  npm run library -- diff <old.json> <new.json> [--format md|html|json] [-o <report>]

Care areas and entries are matched by id and listed by ascending id: added, removed, or changed
with each field old → new. A limit change is marked loosened (▲: a max raised, a min lowered, a
limit removed, basic infusion or secondary use allowed) or tightened (▼: the reverse, or a limit
added), compared exactly in canonical units. The output is deterministic. When the new version
number is not higher than the old one, a warning is printed on standard error and in the report
(a pump refuses a library that is not newer than the one in force); the exit code stays 0.

Options:
  --format md|html|json   report format (default md)
  -o, --output <file>     write the report to a file (atomically) instead of standard output

Example:
  npm run library -- diff old.json new.json --format=html -o changes.html

Exit codes: 0 report produced, 1 a library does not compile, 2 usage or file errors.`;

const RENDER = {
  md: diffMarkdown,
  html: diffHtml,
  json: (d: ReturnType<typeof diffLibraries>) => `${JSON.stringify(d, null, 2)}\n`,
} as const;
type Format = keyof typeof RENDER;
/** The accepted --format values, checked by value: "toString" or "constructor" are not formats. */
const FORMATS: readonly Format[] = ["md", "html", "json"];
const isFormat = (text: string): text is Format => (FORMATS as readonly string[]).includes(text);

export function diffCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(DIFF_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "format", value: true, example: "html" },
    { name: "output", short: "o", value: true, example: "changes.md" },
  ]);
  const files = expectPositional(args, 2, "diff <old.json> <new.json>");
  const format = single(args, "format") ?? "md";
  if (!isFormat(format)) throw new CommandError(`--format must be md, html or json, got "${format}"`);
  const output = single(args, "output");
  refuseOverwrite(output, files);

  const libraries: AuthorLibrary[] = [];
  let failed = false;
  for (const file of files) {
    const loaded = loadLibraryFile(file);
    const compiled = loaded.ok ? compileLibrary(loaded.json) : loaded;
    if (!compiled.ok) {
      for (const error of compiled.errors) io.err(`${file}: ${formatError(error)}`);
      io.err(`${file}: ${plural(compiled.errors.length, "error")}; fix them (library validate) before comparing`);
      failed = true;
    } else if (loaded.ok) {
      libraries.push(loaded.json as AuthorLibrary);
    }
  }
  if (failed) return EXIT_FINDINGS;
  const diff = diffLibraries(libraries[0], libraries[1]);
  for (const warning of diff.warnings) io.err(`warning: ${warning}`);
  const text = RENDER[format](diff);
  if (output === undefined) {
    for (const line of text.trimEnd().split("\n")) io.out(line);
  } else {
    writeOutput(output, text);
    io.out(
      `${plural(diff.counts.added, "item")} added, ${diff.counts.removed} removed, ${diff.counts.changed} changed; ${diff.counts.loosened} loosened, ${diff.counts.tightened} tightened → ${output}`,
    );
  }
  return EXIT_OK;
}
