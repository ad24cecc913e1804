// Every requirement in docs/requirements has a test or a HIL scenario, and every ID a test cites
// exists; every hazard in docs/hazards has a risk control and a verification that exist and fit
// together; every ID a HIL scenario file cites exists. Each checker also has a self-test on
// synthetic input proving it catches each kind of problem.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHazards } from "../../hil/trace/hazard-format.ts";
import { readHazardAnalysis } from "../../hil/trace/read-docs.ts";
import { findHazardProblems, NO_HAZARD_PROBLEMS } from "./hazard-check.ts";
import { findScenarioProblems, readScenarioFiles, scenarioCitations } from "./scenario-check.ts";
import { definedIds, findProblems, readTree, type SourceText } from "./trace.ts";

const isTestSource = (path: string): boolean => path.endsWith(".ts") && !path.includes("traceability");
const readIfExists = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

describe("requirement traceability", () => {
  it("has no untested requirement, no unknown citation and no duplicate ID", () => {
    const docs = readTree("docs/requirements", (p) => p.endsWith(".md"));
    const tests = readTree("tests", isTestSource);
    const scenarios = scenarioCitations(readScenarioFiles()).citations;
    expect(docs.length).toBeGreaterThan(0);
    expect(findProblems(docs, tests, scenarios)).toEqual({
      duplicateDefinitions: [],
      untested: [],
      unknownCitations: [],
    });
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

  it("counts a requirement cited only by a HIL scenario as tested (checker self-test)", () => {
    const docs: SourceText[] = [{ path: "a.md", text: "### REQ-X-001 one\n### REQ-X-002 two\n" }];
    const tests: SourceText[] = [{ path: "t.test.ts", text: "// verifies: REQ-X-001" }];
    const scenarios = [{ path: "hil/scenarios/x.json", requirements: ["REQ-X-002"] }];
    expect(findProblems(docs, tests, scenarios).untested).toEqual([]);
    expect(findProblems(docs, tests).untested).toEqual(["REQ-X-002"]);
  });
});

describe("hazard traceability", () => {
  it("every hazard has controls that exist and a verification of them that exists", () => {
    const { hazards, problems } = readHazardAnalysis("docs/hazards");
    const requirementIds = new Set(definedIds(readTree("docs/requirements", (p) => p.endsWith(".md"))).keys());
    expect(hazards.length).toBeGreaterThanOrEqual(17);
    const scenarios = scenarioCitations(readScenarioFiles()).citations;
    expect(
      findHazardProblems({ hazards, formatProblems: problems, requirementIds, readTest: readIfExists, scenarios }),
    ).toEqual(NO_HAZARD_PROBLEMS);
  });

  it("reports each kind of problem (checker self-test)", () => {
    const doc = [
      "### HAZ-001 no control, no verification",
      "- Hazardous situation: s",
      "- Harm: h",
      "- Cause: c",
      "- Severity: critical",
      "- Residual risk: r",
      "### HAZ-002 unknown control, missing test file, unknown scenario",
      "- Hazardous situation: s",
      "- Harm: h",
      "- Cause: c",
      "- Severity: serious",
      "- Residual risk: r",
      "- Risk control: REQ-X-001, REQ-X-404",
      "- Verification: tests/a.test.ts, tests/gone.test.ts, SC-missing",
      "### HAZ-003 verification of something else; a control nobody verifies",
      "- Hazardous situation: s",
      "- Harm: h",
      "- Cause: c",
      "- Severity: minor",
      "- Residual risk: r",
      "- Risk control: REQ-X-001, REQ-X-002",
      "- Verification: tests/a.test.ts, tests/b.test.ts, SC-other",
      "### HAZ-003 duplicate, with format errors",
      "- Hazardous situation: s",
      "- Harm: h",
      "- Severity: fatal",
      "- Residual risk: r",
      "- Risk controls: REQ-X-001",
      "- Risk control: REQ-X-001 because it is obvious",
      "- Verification: tests/a.test.ts, docs/review.md",
      "```",
      "### HAZ-009 inside a code fence: not a hazard",
      "```",
    ].join("\n");
    const { hazards, problems } = parseHazards(doc, "h.md");
    const tests = new Map([
      ["tests/a.test.ts", "// verifies: REQ-X-001"],
      ["tests/b.test.ts", "// verifies: REQ-X-777"],
    ]);
    const scenarios = [{ path: "hil/scenarios/other.json", id: "SC-other", requirements: ["REQ-X-777"], hazards: [] }];
    expect(hazards.map((h) => h.id)).toEqual(["HAZ-001", "HAZ-002", "HAZ-003", "HAZ-003"]);
    expect(
      findHazardProblems({
        hazards,
        formatProblems: problems,
        requirementIds: new Set(["REQ-X-001", "REQ-X-002"]),
        readTest: (p) => tests.get(p),
        scenarios,
      }),
    ).toEqual({
      format: [
        'h.md: HAZ-001 has no "Risk control"',
        'h.md: HAZ-001 has no "Verification"',
        'h.md: HAZ-003 unknown field "Risk controls" (fields: Hazardous situation, Harm, Cause, Severity, Risk control, Verification, Residual risk, Control measure, Note)',
        'h.md: HAZ-003 has no "Cause"',
        'h.md: HAZ-003 severity "fatal" is not one of negligible, minor, serious, critical, catastrophic',
        'h.md: HAZ-003 "Risk control" must list requirement IDs separated by commas (prose goes in "Control measure")',
        'h.md: HAZ-003 verification "docs/review.md" is neither a test file (tests/….test.ts) nor a scenario id (SC-…)',
      ],
      duplicateIds: ["HAZ-003"],
      withoutControl: ["HAZ-001"],
      withoutVerification: ["HAZ-001"],
      unknownControls: [{ hazard: "HAZ-002", id: "REQ-X-404" }],
      missingTests: [{ hazard: "HAZ-002", path: "tests/gone.test.ts" }],
      unknownScenarios: [{ hazard: "HAZ-002", id: "SC-missing" }],
      verificationCitingNoControl: [
        { hazard: "HAZ-003", item: "tests/b.test.ts" },
        { hazard: "HAZ-003", item: "SC-other" },
      ],
      controlsNotVerified: [
        { hazard: "HAZ-002", id: "REQ-X-404" },
        { hazard: "HAZ-003", id: "REQ-X-002" },
      ],
    });
  });

  it("a scenario that cites the hazard itself counts as its verification (checker self-test)", () => {
    const { hazards, problems } = parseHazards(
      "### HAZ-001 t\n- Hazardous situation: s\n- Harm: h\n- Cause: c\n- Severity: serious\n- Residual risk: r\n- Risk control: REQ-X-001\n- Verification: tests/a.test.ts, SC-a\n",
      "h.md",
    );
    const scenarios = [{ path: "hil/scenarios/a.json", id: "SC-a", requirements: [], hazards: ["HAZ-001"] }];
    const input = {
      hazards,
      formatProblems: problems,
      requirementIds: new Set(["REQ-X-001"]),
      readTest: () => "// REQ-X-001",
      scenarios,
    };
    expect(findHazardProblems(input)).toEqual(NO_HAZARD_PROBLEMS);
  });
});

describe("HIL scenario traceability", () => {
  it("every scenario file cites only defined requirement and hazard IDs", () => {
    const requirementIds = new Set(definedIds(readTree("docs/requirements", (p) => p.endsWith(".md"))).keys());
    const hazardIds = new Set(readHazardAnalysis("docs/hazards").hazards.map((h) => h.id));
    expect(findScenarioProblems(readScenarioFiles(), requirementIds, hazardIds)).toEqual({
      unreadable: [],
      unknownRequirements: [],
      unknownHazards: [],
    });
  });

  it("reports each kind of problem (checker self-test)", () => {
    const files = [
      {
        path: "s/ok.json",
        text: JSON.stringify({
          id: "SC-ok",
          requirements: ["REQ-X-001", "REQ-X-404"],
          hazards: ["HAZ-001", "HAZ-404"],
        }),
      },
      { path: "s/broken.json", text: "{ not json" },
      { path: "s/shape.json", text: JSON.stringify({ id: "SC-shape", requirements: "REQ-X-001" }) },
    ];
    const problems = findScenarioProblems(files, new Set(["REQ-X-001"]), new Set(["HAZ-001"]));
    expect(problems.unreadable.map((u) => u.path)).toEqual(["s/broken.json", "s/shape.json"]);
    expect(problems.unknownRequirements).toEqual([{ path: "s/ok.json", id: "REQ-X-404" }]);
    expect(problems.unknownHazards).toEqual([{ path: "s/ok.json", id: "HAZ-404" }]);
  });
});
