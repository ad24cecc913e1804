// Progress while a run goes (docs/hil.md §4): on a terminal one live line, rewritten in place as
// steps pass, with a permanent line for each scenario that does not pass; anywhere else (a pipe, a
// CI log) plain lines, one when a scenario starts and one when it ends. A scenario's time is
// labelled for what it is (simulated on the virtual pump); verdicts are coloured only when asked
// (a terminal that allows colour: simulator/host/cli-terminal.ts).
import { verdictPainter } from "../../simulator/host/cli-terminal.ts";
import type { Progress } from "./run-suite.ts";

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const CLEAR_LINE = "\r\x1b[2K";

const verdictWord = (verdict: string): string =>
  verdict === "pass" ? "PASS" : verdict === "fail" ? "FAIL" : "BLOCKED";

export interface ProgressStyle {
  /** Colour PASS/FAIL/BLOCKED (escape codes): only for a terminal that allows colour. */
  colour?: boolean;
  /** What a scenario's time is: "simulated" (virtual pump, the default) or "on the rig". */
  timeLabel?: string;
}

export function progressPrinter(
  out: ProgressOutput,
  style: ProgressStyle = {},
): { onProgress(progress: Progress): void; finish(): void } {
  const live = out.isTTY === true;
  const paint = verdictPainter(style.colour === true);
  const timeLabel = style.timeLabel ?? "simulated";
  // Only the verdict word right after "[i/n] " is coloured, never a word in a title; the width
  // cut is made on the plain text, so escape codes never count as columns.
  const colourVerdict = (text: string): string =>
    text.replace(/^(\[\d+\/\d+\] )(PASS|FAIL|BLOCKED) /, (m, head: string, word: string) => `${head}${paint(word)} `);
  let shown = false;
  const show = (text: string): void => {
    const width = Math.max(20, (out.columns || 80) - 1); // 0 or undefined: a terminal that does not say
    out.write(`${CLEAR_LINE}${colourVerdict(text.length > width ? `${text.slice(0, width - 1)}…` : text)}`);
    shown = true;
  };
  const line = (text: string): void => {
    if (shown) out.write(CLEAR_LINE);
    shown = false;
    out.write(`${colourVerdict(text)}\n`);
  };
  return {
    onProgress(progress) {
      const head = `[${progress.index}/${progress.total}]`;
      if (progress.kind === "scenario-start") {
        if (live) show(`${head} ${progress.id}: ${progress.title}`);
        else line(`${head} run  ${progress.id}: ${progress.title}`);
      } else if (progress.kind === "step") {
        if (live)
          show(
            `${head} ${progress.id} step ${progress.step.index}/${progress.stepCount} ${progress.step.verdict} ${progress.step.description}`,
          );
      } else {
        const r = progress.result;
        const text = `${head} ${verdictWord(r.verdict)} ${r.id} (${r.steps.length} step${r.steps.length === 1 ? "" : "s"}, ${r.durationMs} ms ${timeLabel})`;
        if (!live || r.verdict !== "pass") line(text);
        else show(text);
      }
    },
    finish() {
      if (shown) out.write(CLEAR_LINE);
      shown = false;
    },
  };
}
