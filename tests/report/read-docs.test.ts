// Requirement and hazard references read from the documents (REQ-RPT-009).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readHazards, readRequirements } from "../../hil/trace/read-docs.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// Synthetic requirement IDs, built at run time so that the traceability check, which scans test
// sources for REQ-<AREA>-<NNN>, does not take them for citations of real requirements.
const fakeReq = (n: number): string => ["REQ", "AB", String(n).padStart(3, "0")].join("-");

const HAZARD = (id: string, controls: string): string =>
  [
    `### ${id} A hazard`,
    "- Hazardous situation: s",
    "- Harm: h",
    "- Cause: c",
    "- Severity: serious",
    `- Risk control: ${controls}`,
    "- Verification: tests/a.test.ts",
    "- Residual risk: r",
    "",
  ].join("\n");

describe("REQ-RPT-009 requirement and hazard references read from the documents", () => {
  it("reads every requirement heading of docs/requirements with its file, sorted by ID", () => {
    const refs = readRequirements();
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.map((r) => r.id)).toEqual([...refs.map((r) => r.id)].sort());
    expect(refs.find((r) => r.id === "REQ-RPT-009")).toEqual({
      id: "REQ-RPT-009",
      title: "Requirement and hazard references read from the documents",
      source: "docs/requirements/report.md",
    });
  });

  it("reads every hazard of docs/hazards with its controls and file", () => {
    const refs = readHazards();
    expect(refs.length).toBeGreaterThanOrEqual(17);
    expect(refs[0]).toMatchObject({ id: "HAZ-001", source: "docs/hazards/programming.md" });
    expect(Object.keys(refs[0]).sort()).toEqual(["controls", "id", "source", "title"]);
    for (const h of refs) expect(h.controls.length, h.id).toBeGreaterThan(0);
  });

  it("parses a hazard folder and refuses a malformed one, listing every problem", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hazards-"));
    dirs.push(dir);
    await writeFile(join(dir, "b.md"), HAZARD("HAZ-002", `${fakeReq(2)}, ${fakeReq(1)}`));
    await writeFile(join(dir, "a.md"), `# Title\n\n${HAZARD("HAZ-001", fakeReq(3))}`);
    expect(readHazards(dir)).toEqual([
      { id: "HAZ-001", title: "A hazard", controls: [fakeReq(3)], source: `${dir}/a.md` },
      { id: "HAZ-002", title: "A hazard", controls: [fakeReq(2), fakeReq(1)], source: `${dir}/b.md` },
    ]);
    await writeFile(join(dir, "c.md"), "### HAZ-003 incomplete\n- Harm: h\n- Risk control: see above\n");
    expect(() => readHazards(dir)).toThrow(
      /HAZ-003 has no "Cause"[\s\S]*HAZ-003 "Risk control" must list requirement IDs/,
    );
  });
});
