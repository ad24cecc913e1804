// One formatter, checked (issue 9): every TypeScript and AssemblyScript file is as Prettier writes it
// at 120 columns (AssemblyScript decorators pass through Prettier as comments).
import { describe, expect, it } from "vitest";
import {
  formatProblems,
  formattedSources,
  hasAssemblyScriptDecorator,
  hideDecorators,
  MAX_LINE_WIDTH,
  restoreDecorators,
} from "./format-files.ts";

describe("architecture: formatting", () => {
  it(`every source file is formatted (Prettier, ${MAX_LINE_WIDTH} columns)`, async () => {
    const problems: string[] = [];
    for (const [file, text] of formattedSources()) {
      for (const { problem } of await formatProblems(file, text)) problems.push(`${file}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it("catches an unformatted file, also one with decorators, and keeps decorators as they are (negative controls)", async () => {
    expect(await formatProblems("simulator/x.ts", "const  a =1\n")).toHaveLength(1);
    const decorated = `// @ts-ignore: decorator\n@inline export function f(a: u32): u32 {\n  return a;\n}\n`;
    expect(hasAssemblyScriptDecorator(decorated)).toBe(true);
    expect(hideDecorators(decorated)).toContain("/" + "*@inline*" + "/ export function f"); // split so npm run format leaves the literal alone
    expect(restoreDecorators(hideDecorators(decorated))).toBe(decorated);
    expect(await formatProblems("firmware/x.ts", decorated)).toEqual([]);
    const wide = `@inline export function f(): u32 {\n  return ${"1 + ".repeat(40)}1;\n}\n`;
    expect(await formatProblems("firmware/x.ts", wide)).toHaveLength(1);
  });
});
