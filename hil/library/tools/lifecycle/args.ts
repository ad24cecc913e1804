// Option parsing for the lifecycle subcommands: "--name value" or "--name=value" options (some
// repeatable), flags, and positional arguments, with errors that say what to type instead (exit 2).
import { parseArgs } from "node:util";
import { CommandError } from "./cli-support.ts";

export interface OptionSpec {
  /** Long name without dashes, e.g. "format". */
  name: string;
  /** One-letter alias without the dash, e.g. "o". */
  short?: string;
  /** Takes a value (else it is a flag). */
  value?: boolean;
  repeatable?: boolean;
  /** Example value for error messages, e.g. "report.md". */
  example?: string;
  /** What the value is, for "needs …" errors (default "a value"), e.g. "a file name". */
  valueName?: string;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
}

/**
 * Parses argv (after the subcommand name) with node:util parseArgs: `--format json`,
 * `--format=json`, `-o report.md` and `-oreport.md` alike. "-h"/"--help" must be checked by the
 * caller first. Errors name the option as it was typed and show a valid value.
 */
export function parseOptions(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const config = Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      {
        type: spec.value === true ? ("string" as const) : ("boolean" as const),
        ...(spec.short === undefined ? {} : { short: spec.short }),
      },
    ]),
  );
  // strict: false so that every problem below is reported in our words, naming the option as typed.
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === "positional") {
      positional.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    const spec = byName.get(token.name);
    if (spec === undefined) throw new CommandError(`unknown option "${token.rawName}" (see --help)`);
    const values = options.get(spec.name) ?? [];
    if (values.length > 0 && spec.repeatable !== true)
      throw new CommandError(`--${spec.name} given twice; give it once`);
    if (spec.value === true) {
      // "--config --format" is a forgotten value, not a file named "--format" (write --config=--format for that).
      const missing =
        token.value === undefined || token.value === "" || (token.inlineValue !== true && token.value.startsWith("--"));
      if (missing)
        throw new CommandError(
          `${token.rawName} needs ${spec.valueName ?? "a value"}, e.g. ${token.rawName} ${spec.example ?? "<value>"}`,
        );
      values.push(token.value!);
    } else {
      if (token.value !== undefined)
        throw new CommandError(`${token.rawName} takes no value; write ${token.rawName} alone`);
      values.push("");
    }
    options.set(spec.name, values);
  }
  return { positional, options };
}

export function isHelp(argv: string[]): boolean {
  return argv.some((a) => a === "-h" || a === "--help");
}

export function single(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function expectPositional(args: ParsedArgs, count: number, usage: string): string[] {
  if (args.positional.length !== count) {
    throw new CommandError(
      `expected ${count === 1 ? "one file" : `${count} files`}, got ${args.positional.length}; usage: ${usage}`,
    );
  }
  return args.positional;
}
