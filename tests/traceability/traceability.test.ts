// Every requirement in docs/requirements has a test, and every ID a test cites exists.
import { describe, expect, it } from "vitest";
import { findProblems, readTree, type SourceText } from "./trace.ts";

const isTestSource = (path: string): boolean => path.endsWith(".ts") && !path.includes("traceability");

describe("requirement traceability", () => {
  it("has no untested requirement, no unknown citation and no duplicate ID", () => {
    const docs = readTree("docs/requirements", (p) => p.endsWith(".md"));
    const tests = readTree("tests", isTestSource);
    expect(docs.length).toBeGreaterThan(0);
    expect(findProblems(docs, tests)).toEqual({ duplicateDefinitions: [], untested: [], unknownCitations: [] });
  });

  it("reports each kind of problem (checker self-test)", () => {
    const docs: SourceText[] = [
      { path: "a.md", text: "### REQ-X-001 one\n### REQ-X-002 two\n" },
      { path: "b.md", text: "### REQ-X-002 again\n" },
    ];
    const tests: SourceText[] = [{ path: "t.test.ts", text: 'it("REQ-X-001 and REQ-X-999", () => {})' }];
    expect(findProblems(docs, tests)).toEqual({
      duplicateDefinitions: ["REQ-X-002"],
      untested: ["REQ-X-002"],
      unknownCitations: [{ id: "REQ-X-999", path: "t.test.ts" }],
    });
  });
});
