// `library lint`: prints or writes the lint report; exit 0 clean (warnings allowed), 1 when any
// finding has error severity, 2 on usage, config or file errors (REQ-LC-011, REQ-LC-023).
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  loadLibraryFile,
  readInputText,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { formatJson, formatText, summaryLine } from "./format.ts";
import { LINT_RULES } from "./lint-rules.ts";
import { compileFindings, lintLibrary, report as makeReport } from "./lint.ts";
import { parseSeverityConfig, parseSeverityFlag, resolveSeverities } from "./severity-config.ts";

export const LINT_HELP = `library lint — find library-build mistakes that compile (docs/library-tools.md §1)

Usage:
  npm run library -- lint <library.json> [--config <lint.json>] [--severity <rule>=<level>]...
                          [--format text|json] [-o <report>]

Options:
  --config <file>            severities from a JSON file: { "severity": { "<rule>": "error|warning|off" } }
  --severity <rule>=<level>  override one rule's severity (error, warning or off); repeatable,
                             applied after --config
  --format text|json         report format (default text)
  -o, --output <file>        write the report to a file (atomically) instead of standard output

Rules (default severity):
${LINT_RULES.map((r) => `  ${r.id.padEnd(34)}${r.severity}`).join("\n")}
  compile:<rule>                    error (the library does not compile; cannot be turned off)

Example:
  npm run library -- lint hil/library/examples/general-hospital.json --severity=soft-equals-hard=off

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage, config or file error.`;

const USAGE = "lint <library.json> [--severity <rule>=<level>]";

export function lintCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(LINT_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "config", value: true, example: "lint.json" },
    { name: "severity", value: true, repeatable: true, example: "soft-equals-hard=off" },
    { name: "format", value: true, example: "json" },
    { name: "output", short: "o", value: true, example: "lint-report.json" },
  ]);
  const [file] = expectPositional(args, 1, USAGE);
  const output = single(args, "output");
  refuseOverwrite(output, [file, single(args, "config") ?? file]);
  const format = single(args, "format") ?? "text";
  if (format !== "text" && format !== "json") throw new CommandError(`--format must be text or json, got "${format}"`);
  const configPath = single(args, "config");
  const config = configPath === undefined ? [] : parseSeverityConfig(readInputText(configPath), configPath);
  const severities = resolveSeverities(config, (args.options.get("severity") ?? []).map(parseSeverityFlag));

  const loaded = loadLibraryFile(file);
  const report = loaded.ok ? lintLibrary(loaded.json, severities) : makeReport(compileFindings(loaded.errors));
  const text = format === "json" ? formatJson(report, { file }) : `${formatText(report).join("\n")}\n`;
  if (output === undefined) {
    for (const line of text.trimEnd().split("\n")) io.out(line);
  } else {
    writeOutput(output, text);
    io.out(`${summaryLine(report)}; report written to ${output}`);
  }
  return report.errorCount > 0 ? EXIT_FINDINGS : EXIT_OK;
}
