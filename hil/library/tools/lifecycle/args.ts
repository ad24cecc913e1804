// Option parsing for the lifecycle subcommands: "--name value" options (some repeatable), flags,
// and positional arguments, with errors that say what to type instead (exit 2).
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
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
}

/** Parses argv (after the subcommand name); "-h"/"--help" must be checked by the caller first. */
export function parseOptions(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const byFlag = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byFlag.set(`--${spec.name}`, spec);
    if (spec.short !== undefined) byFlag.set(`-${spec.short}`, spec);
  }
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const spec = byFlag.get(arg);
    if (spec === undefined) {
      if (arg.startsWith("-") && arg !== "-") throw new CommandError(`unknown option "${arg}" (see --help)`);
      positional.push(arg);
      continue;
    }
    const values = options.get(spec.name) ?? [];
    if (values.length > 0 && spec.repeatable !== true) throw new CommandError(`--${spec.name} given twice; give it once`);
    if (spec.value === true) {
      const value = argv[++i];
      if (value === undefined || value === "") throw new CommandError(`${arg} needs a value, e.g. ${arg} ${spec.example ?? "<value>"}`);
      values.push(value);
    } else {
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
    throw new CommandError(`expected ${count === 1 ? "one file" : `${count} files`}, got ${args.positional.length}; usage: ${usage}`);
  }
  return args.positional;
}
