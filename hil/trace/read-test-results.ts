// Reads vitest's JSON report (`vitest run --reporter=json --outputFile.json=<file>`) into the test
// evidence a HIL report traces (REQ-RPT-015): every test whose full name cites requirement IDs
// (REQ-<AREA>-<NNN>, as tests/traceability/trace.ts finds them), with its verdict. Unit and
// property tests verify most requirements; without them the report would show those as not
// covered. A file that is not such a report is an error naming the file and what is wrong.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { TestCaseRef, TestEvidence, Verdict } from "../model/result-model.ts";

const REQUIREMENT_ID = /\bREQ-[A-Z]+-\d{3}\b/g;

// passed verifies; failed fails; a skipped, pending or todo test did not verify anything, which is
// "blocked" (not run), never a pass.
const VERDICTS: Readonly<Record<string, Verdict>> = {
  passed: "pass",
  failed: "fail",
  skipped: "blocked",
  pending: "blocked",
  todo: "blocked",
  disabled: "blocked",
};

interface RawAssertion {
  fullName?: unknown;
  title?: unknown;
  ancestorTitles?: unknown;
  status?: unknown;
}

/** A test file's path from `root` with "/", or its name alone outside `root` (like scenario files). */
function fromRoot(file: string, root: string): string {
  const rel = relative(resolve(root), resolve(file));
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? basename(file) : rel.split(sep).join("/");
}

function fullName(a: RawAssertion): string | undefined {
  if (typeof a.fullName === "string") return a.fullName;
  if (typeof a.title !== "string") return undefined;
  const ancestors = Array.isArray(a.ancestorTitles)
    ? a.ancestorTitles.filter((t): t is string => typeof t === "string")
    : [];
  return [...ancestors, a.title].join(" ");
}

/** Parses the report's text; `label` names it in errors, `root` is the repository root. */
export function parseTestResults(
  text: string,
  label: string,
  root = process.cwd(),
): Omit<TestEvidence, "file" | "sha256"> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${label}: not JSON (${(error as Error).message}); give the file vitest writes with --reporter=json --outputFile.json=<file>`,
    );
  }
  const files = (json as { testResults?: unknown } | null)?.testResults;
  if (!Array.isArray(files))
    throw new Error(`${label}: no "testResults" list; this is not a vitest JSON report (--reporter=json)`);
  const cases: TestCaseRef[] = [];
  let total = 0;
  let passed = 0;
  for (const [i, f] of files.entries()) {
    const name = (f as { name?: unknown }).name;
    const assertions = (f as { assertionResults?: unknown }).assertionResults;
    if (typeof name !== "string" || !Array.isArray(assertions))
      throw new Error(`${label}: testResults[${i}] lacks "name" or "assertionResults"`);
    for (const [j, a] of (assertions as RawAssertion[]).entries()) {
      const title = fullName(a);
      const verdict = typeof a.status === "string" ? VERDICTS[a.status] : undefined;
      if (title === undefined || verdict === undefined) {
        throw new Error(
          `${label}: testResults[${i}].assertionResults[${j}] needs a "fullName" and a "status" of ${Object.keys(VERDICTS).join(", ")}`,
        );
      }
      total++;
      if (verdict === "pass") passed++;
      const requirements = [...new Set(title.match(REQUIREMENT_ID) ?? [])];
      if (requirements.length > 0) cases.push({ file: fromRoot(name, root), name: title, verdict, requirements });
    }
  }
  // File then name order: vitest lists files in the order they finished, which varies run to run.
  cases.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { total, passed, cases };
}

export function readTestResults(path: string, root = process.cwd()): TestEvidence {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(
      `--tests-json: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const parsed = parseTestResults(bytes.toString("utf8"), `--tests-json ${path}`, root);
  return { file: basename(path), sha256: createHash("sha256").update(bytes).digest("hex"), ...parsed };
}
