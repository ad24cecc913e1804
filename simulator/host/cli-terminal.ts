// What every command-line tool of the repository (npm run hil, library, pump) does the same way
// with its terminal: survive a reader that closes standard output early (`… | head`), colour
// verdicts only on a terminal that wants colour, and turn node:util parseArgs errors into the
// repository's wording (docs/hil.md §4, docs/library-tools.md).
import { styleText } from "node:util";

export interface Guarded {
  /** True once the reader of the stream went away (EPIPE): later output is dropped. */
  closed(): boolean;
}

/**
 * Keeps a closed pipe from killing the process: Node reports EPIPE as an 'error' event on stdout,
 * which without a listener ends the process with a stack trace (and a HIL run without its
 * reports). The work goes on; what is written after the reader left is dropped; the exit code
 * stays the one the work decides. Any other error on the stream is still thrown.
 */
export function guardClosedOutput(stream: NodeJS.WriteStream): Guarded {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      closed = true;
      return;
    }
    throw error;
  });
  return { closed: () => closed };
}

export interface ColourTarget {
  isTTY?: boolean;
  hasColors?(): boolean;
}

/** Colour only on a terminal whose environment allows it (NO_COLOR, FORCE_COLOR, TERM=dumb: tty.WriteStream#hasColors). */
export function wantsColour(stream: ColourTarget): boolean {
  return stream.isTTY === true && typeof stream.hasColors === "function" && stream.hasColors();
}

export type Paint = (word: string) => string;

/** PASS green, FAIL red, anything else (BLOCKED) yellow, all bold; plain words when colour is off. */
export function verdictPainter(colour: boolean): Paint {
  if (!colour) return (word) => word;
  return (word) => styleText(["bold", word === "PASS" ? "green" : word === "FAIL" ? "red" : "yellow"], word);
}

/**
 * A node:util parseArgs error in the repository's wording: `unknown option "--x"`,
 * `--out needs a value`, `--help takes no value`; anything else keeps parseArgs' text.
 */
export function parseArgsMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  const long = /(--[\w-]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) return `unknown option "${option}"`;
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && long !== undefined) {
    return /does not take an argument/.test(e.message) ? `${long} takes no value` : `${long} needs a value`;
  }
  return e.message;
}
