// The repository's import graph, read from the source text: every relative `import … from`,
// `export … from`, side-effect `import "…"` and dynamic `import("…")` of firmware/, simulator/ and
// hil/, resolved to a repository path. Package imports (`node:fs`, `serialport`) are not edges.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";

export interface ImportEdge {
  from: string;
  to: string;
  /** 1-based line of the import in `from`. */
  line: number;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']*)\1/g;
// Comments are blanked (keeping line breaks) so an example import in a doc comment is no edge.
const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/** Relative import specifiers of one source text, with their lines. */
export function importSpecifiers(source: string): Array<{ specifier: string; line: number }> {
  const code = source.replace(COMMENT, (comment) => comment.replace(/[^\n]/g, " "));
  const found: Array<{ specifier: string; line: number }> = [];
  for (const match of code.matchAll(SPECIFIER)) {
    const line = code.slice(0, match.index).split("\n").length;
    found.push({ specifier: match[2], line });
  }
  return found;
}

/** The file a specifier names, as TypeScript and AssemblyScript resolve it, or undefined. */
export function resolveSpecifier(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (files.has(candidate)) return candidate;
  return undefined;
}

/** Every edge among `sources` (repository path → text). Unresolved specifiers are returned apart. */
export function importGraph(sources: ReadonlyMap<string, string>): { edges: ImportEdge[]; unresolved: ImportEdge[] } {
  const files = new Set(sources.keys());
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const [from, text] of sources) {
    for (const { specifier, line } of importSpecifiers(text)) {
      const to = resolveSpecifier(from, specifier, files);
      if (to === undefined) unresolved.push({ from, to: specifier, line });
      else edges.push({ from, to, line });
    }
  }
  return { edges, unresolved };
}

/** The .ts files under the given top folders of the repository, as repository paths → text. */
export function readSources(root: string, folders: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules" || name === "build") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts"))
        sources.set(relative(root, path).split("\\").join("/"), readFileSync(path, "utf8"));
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return sources;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    next.get(from)!.push(to);
  }
  // Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = children.includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

export const REPOSITORY_ROOT = join(dirname(new URL(import.meta.url).pathname), "..", "..");
