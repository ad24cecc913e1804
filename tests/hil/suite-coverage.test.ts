// The scenario suite's coverage (docs/hil-scenarios.md): every requirement of the pump-facing
// families is exercised by a scenario in hil/scenarios, or listed in the document's table of
// requirements verified by unit tests only — with test files that exist and cite it. The table
// lists only defined IDs that no scenario cites, the document lists every scenario, and every
// hazard a scenario cites is controlled by one of the requirements the scenario cites.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHazards, readRequirements } from "../../hil/trace/read-docs.ts";

const SCENARIOS = "hil/scenarios";
const DOC = "docs/hil-scenarios.md";
/** The families a scenario can reach over the serial line (docs/hil-scenarios.md). */
const FAMILIES = /^REQ-(ENG|PRO|HOST|WF|SIM|PCA)-\d{3}$/;
const UNIT_ONLY_HEADING = /^## 4\. Verified by unit tests only\s*$/;

interface ScenarioFile {
  file: string;
  id: string;
  requirements: string[];
  hazards: string[];
}

function readScenarios(): ScenarioFile[] {
  return readdirSync(SCENARIOS)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(SCENARIOS, name), "utf8")) as Omit<ScenarioFile, "file">;
      return { file: name, id: json.id, requirements: json.requirements, hazards: json.hazards ?? [] };
    });
}

interface UnitOnlyRow {
  id: string;
  files: string[];
  reason: string;
}

/** The rows of §4's table: `| REQ-… | file, file | reason |`, up to the next heading. */
function unitOnlyRows(markdown: string): UnitOnlyRow[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => UNIT_ONLY_HEADING.test(line));
  if (start < 0) throw new Error(`${DOC} has no heading "## 4. Verified by unit tests only"`);
  const rows: UnitOnlyRow[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{2,3} /.test(line)) break;
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 5 || !/^REQ-/.test(cells[1])) continue;
    rows.push({
      id: cells[1],
      files: cells[2]
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== ""),
      reason: cells[3],
    });
  }
  return rows;
}

const scenarios = readScenarios();
const doc = readFileSync(DOC, "utf8");
const rows = unitOnlyRows(doc);
const defined = new Set(readRequirements().map((r) => r.id));
const cited = new Set(scenarios.flatMap((s) => s.requirements));

describe("the HIL scenario suite covers the pump-facing requirements (docs/hil-scenarios.md)", () => {
  it("every REQ-ENG, REQ-PRO, REQ-HOST, REQ-WF, REQ-SIM and REQ-PCA requirement is cited by a scenario or listed as verified by unit tests", () => {
    const listed = new Set(rows.map((r) => r.id));
    const uncovered = [...defined].filter((id) => FAMILIES.test(id) && !cited.has(id) && !listed.has(id));
    expect(uncovered, "cite these in a scenario that exercises them, or list them in §4 with their unit tests").toEqual(
      [],
    );
  });

  it("the unit-test table lists only defined requirements of those families, once each, that no scenario cites", () => {
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((r) => r.id);
    expect(
      ids.filter((id) => !defined.has(id)),
      "not defined in docs/requirements",
    ).toEqual([]);
    expect(
      ids.filter((id) => !FAMILIES.test(id)),
      "outside REQ-ENG/PRO/HOST/WF/SIM",
    ).toEqual([]);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      "listed twice",
    ).toEqual([]);
    expect(
      ids.filter((id) => cited.has(id)),
      "cited by a scenario: move it out of §4",
    ).toEqual([]);
  });

  it("each requirement in the unit-test table names test files that exist and cite it, and says why no scenario can", () => {
    for (const row of rows) {
      expect(row.files.length, row.id).toBeGreaterThan(0);
      expect(row.reason.length, `${row.id}: the reason`).toBeGreaterThan(10);
      for (const file of row.files) {
        expect(file, row.id).toMatch(/^tests\/[\w./-]+\.test\.ts$/);
        expect(existsSync(file), `${row.id}: ${file} exists`).toBe(true);
        expect(readFileSync(file, "utf8").includes(row.id), `${row.id}: ${file} cites it`).toBe(true);
      }
    }
  });

  it("every scenario is listed in the document, and every listed scenario exists", () => {
    const ids = scenarios.map((s) => s.id);
    expect(
      ids.filter((id) => !doc.includes(`\`${id}\``)),
      `missing from ${DOC} §1`,
    ).toEqual([]);
    const mentioned = [...doc.matchAll(/\[`(SC-[\w.-]+)`\]/g)].map((m) => m[1]);
    expect(
      mentioned.filter((id) => !ids.includes(id)),
      `listed in ${DOC} but no such scenario`,
    ).toEqual([]);
  });

  it("each scenario's id is SC- and its file name, and it cites at least one requirement", () => {
    for (const s of scenarios) {
      expect(s.id).toBe(`SC-${s.file.replace(/\.json$/, "")}`);
      expect(s.requirements.length, s.id).toBeGreaterThan(0);
    }
  });

  it("every hazard a scenario cites has a risk control among the requirements that scenario cites", () => {
    const controls = new Map(readHazards().map((h) => [h.id, h.controls]));
    const unsupported = scenarios.flatMap((s) =>
      s.hazards
        .filter((h) => !(controls.get(h) ?? []).some((req) => s.requirements.includes(req)))
        .map((h) => `${s.id}: ${h}`),
    );
    expect(
      unsupported,
      "cite a requirement of the hazard's risk controls that the scenario verifies, or drop the hazard",
    ).toEqual([]);
  });
});
