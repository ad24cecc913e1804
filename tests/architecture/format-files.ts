// The one formatter (Prettier, .prettierrc.json: 120 columns) over the project's TypeScript and
// AssemblyScript. Prettier's TypeScript parser refuses AssemblyScript's function decorators
// (`@inline export function …`), so they are turned into comments (`/*@inline*/`) for Prettier and
// back afterwards: every file must be exactly as Prettier writes it. `npm run format` writes, the
// test in format.test.ts checks.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { readSources, REPOSITORY_ROOT } from "./import-graph.ts";

export const FORMATTED_FOLDERS = ["firmware", "simulator", "gateway", "hil", "release", "tests"] as const;
export const EXTRA_FILES = ["vitest.config.ts"] as const;
export const MAX_LINE_WIDTH = 120;

const AS_DECORATOR = /^\s*@(inline|unsafe|global|lazy|operator|external)\b/m;
const DECORATOR_AT_LINE_START = /^(\s*)@(inline|unsafe|global|lazy|operator|external)\b ?/gm;
const DECORATOR_AS_COMMENT = /\/\*@(inline|unsafe|global|lazy|operator|external)\*\/ /g;

/** AssemblyScript decorators as comments Prettier keeps in place, and back. */
export function hideDecorators(text: string): string {
  return text.replace(DECORATOR_AT_LINE_START, "$1/*@$2*/ ");
}
export function restoreDecorators(text: string): string {
  return text.replace(DECORATOR_AS_COMMENT, "@$1 ");
}

export interface FormatProblem {
  file: string;
  problem: string;
}

/** Files and their text, repository paths, sorted. */
export function formattedSources(): Map<string, string> {
  const sources = readSources(REPOSITORY_ROOT, FORMATTED_FOLDERS);
  for (const file of EXTRA_FILES) sources.set(file, readFileSync(join(REPOSITORY_ROOT, file), "utf8"));
  return sources;
}

export function hasAssemblyScriptDecorator(text: string): boolean {
  return AS_DECORATOR.test(text);
}

/** What is wrong with one file's formatting, or [] when nothing is. */
export async function formatProblems(file: string, text: string): Promise<FormatProblem[]> {
  const options = {
    ...(await prettier.resolveConfig(join(REPOSITORY_ROOT, file))),
    filepath: join(REPOSITORY_ROOT, file),
  };
  const formatted = restoreDecorators(await prettier.format(hideDecorators(text), options));
  return formatted === text ? [] : [{ file, problem: "is not as Prettier writes it: run `npm run format`" }];
}

/** Rewrites every file the way formatProblems wants it; returns the files it changed. */
export async function formatAll(): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, text] of formattedSources()) {
    const path = join(REPOSITORY_ROOT, file);
    const formatted = restoreDecorators(
      await prettier.format(hideDecorators(text), { ...(await prettier.resolveConfig(path)), filepath: path }),
    );
    if (formatted !== text) {
      writeFileSync(path, formatted);
      changed.push(file);
    }
  }
  return changed;
}
