// One formatter, checked (issue 9): every TypeScript and AssemblyScript file is as Prettier writes it
// at 120 columns, or — where Prettier cannot parse AssemblyScript decorators — no wider than 120.
import { describe, expect, it } from "vitest";
import { formatProblems, formattedSources, hasAssemblyScriptDecorator, MAX_LINE_WIDTH } from "./format-files.ts";

describe("architecture: formatting", () => {
  it(`every source file is formatted (Prettier, ${MAX_LINE_WIDTH} columns)`, async () => {
    const problems: string[] = [];
    for (const [file, text] of formattedSources()) {
      for (const { problem } of await formatProblems(file, text)) problems.push(`${file}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it("catches an unformatted file and an over-wide line in a decorated one (negative controls)", async () => {
    expect(await formatProblems("simulator/x.ts", "const  a =1\n")).toHaveLength(1);
    const decorated = `@inline export function f(): u32 {\n  return ${"1 + ".repeat(40)}1;\n}\n`;
    expect(hasAssemblyScriptDecorator(decorated)).toBe(true);
    expect(await formatProblems("firmware/x.ts", decorated)).toEqual([
      { file: "firmware/x.ts", problem: `line 2 is ${decorated.split("\n")[1].length} columns wide (at most ${MAX_LINE_WIDTH})` },
    ]);
  });
});
