// What the CLIs share about their terminal (simulator/host/cli-terminal.ts): colour only on a
// terminal that allows it, and parseArgs errors in the repository's wording.
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { parseArgsMessage, verdictPainter, wantsColour } from "../../simulator/host/cli-terminal.ts";

const messageFor = (args: string[]): string => {
  try {
    parseArgs({ args, options: { out: { type: "string", short: "o" }, help: { type: "boolean" } }, strict: true });
  } catch (error) {
    return parseArgsMessage(error);
  }
  throw new Error(`accepted: ${args.join(" ")}`);
};

describe("REQ-SIM-012 REQ-HIL-009 terminal helpers", () => {
  it("REQ-HIL-009: colour only on a terminal whose environment allows it; never in a pipe or file", () => {
    expect(wantsColour({ isTTY: true, hasColors: () => true })).toBe(true);
    expect(wantsColour({ isTTY: true, hasColors: () => false })).toBe(false); // NO_COLOR, TERM=dumb
    expect(wantsColour({ isTTY: false, hasColors: () => true })).toBe(false);
    expect(wantsColour({})).toBe(false); // a pipe: no hasColors at all
    expect(verdictPainter(false)("FAIL")).toBe("FAIL");
    expect(verdictPainter(true)("PASS")).toBe("\x1b[1m\x1b[32mPASS\x1b[39m\x1b[22m");
  });

  it("REQ-SIM-012: parseArgs errors name the option in our words", () => {
    expect(messageFor(["--bogus"])).toBe('unknown option "--bogus"');
    expect(messageFor(["-x"])).toBe('unknown option "-x"');
    expect(messageFor(["--out"])).toBe("--out needs a value");
    expect(messageFor(["-o"])).toBe("--out needs a value");
    expect(messageFor(["--out", "--help"])).toBe("--out needs a value");
    expect(messageFor(["--help=1"])).toBe("--help takes no value");
  });
});
