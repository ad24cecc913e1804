// Unit and property tests in the traceability matrix (REQ-RPT-015) and the run's identity
// (REQ-RPT-016), on the synthetic run result and a vitest JSON report written here.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { traceabilityMatrix } from "../../hil/report/traceability.ts";
import { renderJson } from "../../hil/report/write-reports.ts";
import { parseTestResults } from "../../hil/trace/read-test-results.ts";
import { parseCliOptions } from "../../hil/runner/cli-options.ts";
import { sourceIdentity } from "../../hil/runner/source-identity.ts";
import { FIX, runResult } from "./fixture.ts";

// IDs of the documented pattern (the reader looks for REQ-<AREA>-<NNN>), assembled at run time so
// the traceability check does not read them as citations of real requirements.
const id = (n: string): string => ["REQ", "FIXTURE", n].join("-");
const U = id("901");
const S = id("902");
const L = id("903");
const RENAME: Readonly<Record<string, string>> = { [FIX.reqUncovered]: U, [FIX.reqStart]: S, [FIX.reqLog]: L };

/** The synthetic run with its requirement IDs in the documented pattern. */
function renamed() {
  const r = runResult();
  const to = (x: string): string => RENAME[x] ?? x;
  for (const q of r.requirements) q.id = to(q.id);
  for (const h of r.hazards) h.controls = h.controls.map(to);
  for (const sc of r.scenarios) sc.requirements = sc.requirements.map(to);
  return r;
}

const vitestJson = (root: string) =>
  JSON.stringify({
    numTotalTests: 4,
    testResults: [
      {
        name: `${root}/tests/b.test.ts`,
        assertionResults: [
          {
            ancestorTitles: [`${U} gap`],
            title: "closed by a unit test",
            fullName: `${U} gap closed by a unit test`,
            status: "passed",
          },
          { ancestorTitles: [], title: "cites nothing", fullName: "cites nothing", status: "passed" },
        ],
      },
      {
        name: `${root}/tests/a.test.ts`,
        assertionResults: [
          { ancestorTitles: [L], title: "skipped", fullName: `${L} skipped`, status: "skipped" },
          { ancestorTitles: [], title: `${S} twice ${S}`, fullName: `${S} twice ${S}`, status: "failed" },
        ],
      },
    ],
  });

describe("REQ-RPT-015 coverage by tests and scenarios", () => {
  const root = "/repo";
  const evidence = parseTestResults(vitestJson(root), "t.json", root);

  it("REQ-RPT-015: reads the tests that cite requirement IDs, sorted, with verdicts; a skipped test is not a pass", () => {
    expect(evidence.total).toBe(4);
    expect(evidence.passed).toBe(2);
    expect(evidence.cases).toEqual([
      { file: "tests/a.test.ts", name: `${S} twice ${S}`, verdict: "fail", requirements: [S] },
      { file: "tests/a.test.ts", name: `${L} skipped`, verdict: "blocked", requirements: [L] },
      { file: "tests/b.test.ts", name: `${U} gap closed by a unit test`, verdict: "pass", requirements: [U] },
    ]);
  });

  it("REQ-RPT-015: refuses a file that is not a vitest JSON report, naming it", () => {
    expect(() => parseTestResults("{", "x.json")).toThrow(/x\.json: not JSON/);
    expect(() => parseTestResults("{}", "x.json")).toThrow(/x\.json: no "testResults" list/);
    expect(() =>
      parseTestResults('{"testResults":[{"name":"a","assertionResults":[{"fullName":"t","status":"odd"}]}]}', "x.json"),
    ).toThrow(/x\.json: testResults\[0\]\.assertionResults\[0\] needs/);
  });

  it("REQ-RPT-015: tests cover requirements and hazard controls beside scenarios; the rest stands out as not covered", () => {
    const result = { ...renamed(), tests: { file: "t.json", sha256: "f".repeat(64), ...evidence } };
    const before = traceabilityMatrix(renamed());
    expect(before.requirementsUncovered).toEqual([U]);
    const m = traceabilityMatrix(result);
    expect(m.requirementsUncovered).toEqual([]);
    expect(m.requirements.find((r) => r.id === U)).toMatchObject({ result: "pass", scenarios: [] });
    expect(m.requirements.find((r) => r.id === S)?.result).toBe("fail"); // the failing test outweighs the passing scenario
    expect(m.hazards[0].uncoveredControls).toEqual([]);
    const html = renderHtml(result);
    expect(html).toContain("2 of 4 passed; 3 cite requirement IDs");
    expect(html).toContain("Every requirement shown is verified by a scenario or a test.");
    expect(renderHtml(runResult())).toContain("No unit or property test results were given");
    expect(JSON.parse(renderJson(result)).traceability.requirementsUncovered).toEqual([]);
  });

  it("REQ-RPT-015: a filtered run leaves out what it did not attempt and says how many", () => {
    const m = traceabilityMatrix({ ...runResult(), filters: ["FIX"] });
    expect(m.requirements.map((r) => r.id)).not.toContain(FIX.reqUncovered);
    expect(m.hazards.map((h) => h.id)).toEqual([FIX.hazOverdose]);
    expect(m.leftOut).toEqual({ requirements: 1, hazards: 1 });
    expect(renderHtml({ ...runResult(), filters: ["FIX"] })).toContain(
      "1 requirements and 1 hazards that nothing of this run attempted are left out",
    );
    expect(traceabilityMatrix(runResult()).leftOut).toBeUndefined();
  });

  it("REQ-RPT-015 REQ-RPT-016: the CLI takes --tests-json and --operator", () => {
    expect(parseCliOptions(["--tests-json", "build/t.json", "--operator", "J. Smith"])).toMatchObject({
      testsJson: "build/t.json",
      operator: "J. Smith",
    });
    expect(() => parseCliOptions(["--operator", " "])).toThrow(/--operator needs a name/);
  });
});

describe("REQ-RPT-016 who and what ran", () => {
  it("REQ-RPT-016: the commit, the tree state and the operator appear in the page and the JSON", () => {
    const result = {
      ...runResult(),
      identity: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: true, operator: "J. <Smith>" },
    };
    const html = renderHtml(result);
    expect(html).toContain("0123456789abcdef0123456789abcdef01234567 (working tree has uncommitted changes)");
    expect(html).toContain("J. &lt;Smith&gt;");
    expect(html).toContain("Firmware build (HELLO)");
    expect(JSON.parse(renderJson(result)).identity).toEqual(result.identity);
    expect(renderHtml(runResult())).toContain("not given (--operator)");
  });

  it("REQ-RPT-016: this checkout's commit is read from git; outside one nothing is guessed", () => {
    const here = sourceIdentity(process.cwd());
    if (here.commit !== undefined) expect(here.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(sourceIdentity("/")).toEqual({});
  });
});
