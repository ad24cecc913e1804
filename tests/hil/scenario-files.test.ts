// Scenario files (docs/hil.md §1–§3): the schema is generated from the runner's tables and the
// firmware's code names; the example scenarios load and use every step kind; an invalid file is
// refused with its file, JSON path, step and a way to fix it, before anything runs.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonLayout } from "../../hil/runner/json-layout.ts";
import { formatScenarioError, loadScenarios, type ScenarioError } from "../../hil/runner/load-scenarios.ts";
import { SCHEMA_PATH, scenarioSchema, STEP_KEYS } from "../../hil/runner/scenario-schema.ts";
import { VOCABULARIES } from "../../hil/model/vocabulary.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { tempDir } from "../simulator/helpers.ts";
import { scenarios } from "./helpers.ts";

const TEMP = tempDir("ders-hil-scenarios-");
afterAll(() => TEMP.remove());

/** Writes `<name>.json` with id SC-<name> and these steps (or the raw text), and loads it. */
function load(name: string, steps: unknown[] | string, extra: Record<string, unknown> = {}): ScenarioError[] {
  const file = join(TEMP.path, `${name}.json`);
  const json = { id: `SC-${name}`, title: "t", requirements: ["REQ-HIL-001"], hazards: [], steps, ...extra };
  writeFileSync(file, typeof steps === "string" ? steps : JSON.stringify(json));
  const result = loadScenarios([file]);
  if (result.ok) throw new Error(`${name} loaded, but should not`);
  return result.errors.map((e) => ({ ...e, file: e.file.slice(TEMP.path.length + 1) }));
}

describe("REQ-HIL-001 the scenario schema", () => {
  it("REQ-HIL-001: docs/schema/hil-scenario.schema.json is exactly what hil/runner/scenario-schema.ts generates (run tsx hil/runner/write-schema.ts)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(jsonLayout(scenarioSchema()));
  });

  it("REQ-HIL-001: code names come from the firmware's enums, so the schema cannot drift from them", () => {
    const defs = scenarioSchema().$defs as Record<string, { enum?: string[] }>;
    expect(defs.pumpStateName.enum).toEqual(Object.keys(PumpState).filter((k) => Number.isNaN(Number(k))));
    for (const [name, vocabulary] of Object.entries(VOCABULARIES))
      expect(defs[`${name}Name`].enum).toEqual([...vocabulary.keys()]);
  });

  it("REQ-HIL-001: the example scenarios load, and together they use every kind of step", () => {
    const loaded = scenarios("hil/scenarios");
    expect(loaded.length).toBeGreaterThanOrEqual(6);
    const used = new Set(loaded.flatMap((l) => l.scenario.steps.flatMap((step) => Object.keys(step))));
    for (const key of STEP_KEYS) expect(used, key).toContain(key);
    for (const l of loaded) {
      expect(l.file).toMatch(/^hil\/scenarios\/[\w.-]+\.json$/);
      expect(l.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(l.scenario.requirements.length).toBeGreaterThan(0);
    }
  });
});

describe("REQ-RPT-005 REQ-RPT-003 how the report names a scenario file", () => {
  it("REQ-RPT-005 REQ-RPT-003: a file in the repository by its path from the repository root; one outside it by its file name alone, never a path that climbs out of the checkout or an absolute one", () => {
    const outside = join(TEMP.path, "elsewhere", "deeper");
    mkdirSync(outside, { recursive: true });
    copyFileSync("hil/scenarios/PRO-007-handshake.json", join(outside, "PRO-007-handshake.json"));
    const given = [
      relative(process.cwd(), join(outside, "PRO-007-handshake.json")),
      resolve("hil/scenarios/WF-010-heparin-hard-stop.json"),
    ];
    expect(given[0]).toMatch(/^\.\.\//); // given on the command line as a path that climbs out of the repository
    const loaded = scenarios(...given);
    expect(loaded.map((l) => l.file).sort()).toEqual([
      "PRO-007-handshake.json",
      "hil/scenarios/WF-010-heparin-hard-stop.json",
    ]);
    expect(loaded.find((l) => l.file === "PRO-007-handshake.json")!.fileSha256).toBe(
      scenarios("hil/scenarios/PRO-007-handshake.json")[0].fileSha256,
    );
    // The same when given as a folder, and in whatever folder the copy lies: the report does not depend on where the file was.
    expect(scenarios(join(TEMP.path, "elsewhere")).map((l) => l.file)).toEqual(["PRO-007-handshake.json"]);
  });
});

describe("REQ-HIL-001 invalid scenario files", () => {
  it("REQ-HIL-001: a misspelt step, argument, name or field is refused at its JSON path, with what is allowed", () => {
    expect(load("typo-step", [{ sned: "HELLO" }])).toEqual([
      { file: "typo-step.json", path: "/steps/0", message: `needs one of the keys: ${STEP_KEYS.join(", ")}` },
    ]);
    const [arg] = load("typo-arg", [{ send: "PROGRAM", args: { mode: "DOSE", dos: "1" } }]);
    expect(arg).toMatchObject({ path: "/steps/0/args/dos" });
    expect(arg.message).toBe(
      "is not a known key here; allowed: mode, rateUlPerHour, dose, durationS, vtbiUl, doseAmount, lineAccess (check the spelling)",
    );
    const [name] = load("typo-name", [{ send: "START" }, { expectState: { state: "RUNING" } }]);
    expect(name).toMatchObject({ path: "/steps/1/expectState/state" });
    expect(name.message).toBe(
      '"RUNING" is not valid here; write one of: IDLE, AREA_SELECTED, DRUG_SELECTED, PROGRAM_PENDING, RUNNING, PAUSED, ALARM or a non-negative integer',
    );
    expect(formatScenarioError({ ...name, file: "x.json" })).toBe(
      `x.json: /steps/1/expectState/state (step 2): ${name.message}`,
    );
    expect(load("missing-args", [{ send: "SELECT_CARE_AREA" }])).toEqual([
      { file: "missing-args.json", path: "/steps/0/args", message: "is required" },
    ]);
    expect(load("empty-fault", [{ fault: {} }])).toEqual([
      { file: "empty-fault.json", path: "/steps/0/fault", message: "is empty: give at least one of set, flow" },
    ]);
    expect(load("bad-flow", [{ fault: { flow: ["leak"] } }])[0]).toMatchObject({
      path: "/steps/0/fault/flow/0",
      message: '"leak" is not one of: over-delivery, free-flow',
    });
    expect(load("bad-number", [{ advance: -5 }])[0]).toMatchObject({
      path: "/steps/0/advance",
      message: "must be >= 0",
    });
  });

  it("REQ-HIL-001: checks the schema cannot make: the id matches the file name, and an expected field belongs to the command's answer", () => {
    expect(load("named", [{ send: "HELLO" }], { id: "SC-other" })).toEqual([
      {
        file: "named.json",
        path: "/id",
        message: 'is "SC-other" but the file name makes it "SC-named": rename one of them',
      },
    ]);
    expect(
      load("wrong-field", [{ send: "GET_STATUS", expect: { verdict: "GO", response: { libraryName: "x" } } }]),
    ).toEqual([
      {
        file: "wrong-field.json",
        path: "/steps/0/expect/verdict",
        message:
          "GET_STATUS answers without an engine result; only CHECK_PROGRAM, PROGRAM, TITRATE, BOLUS and SECONDARY have one",
      },
      {
        file: "wrong-field.json",
        path: "/steps/0/expect/response/libraryName",
        message: expect.stringMatching(/^is not a field of the GET_STATUS answer; it has: nowMs, libraryActive/),
      },
    ]);
    expect(load("log-count", [{ expectLog: { last: 3, types: ["POWER_ON"] } }])).toEqual([
      { file: "log-count.json", path: "/steps/0/expectLog/last", message: "is 3 but types lists 1 records" },
    ]);
    const sha256 = "0".repeat(64);
    expect(
      load("library-files", [
        { transferLibrary: { file: "hil/scenarios/files/none.dersimg", sha256, activate: true } },
        { transferLibrary: { file: "hil/scenarios", sha256, activate: false } },
      ]),
    ).toEqual([
      {
        file: "library-files.json",
        path: "/steps/0/transferLibrary/file",
        message: '"hil/scenarios/files/none.dersimg" is not a file (the path is from the repository root)',
      },
      {
        file: "library-files.json",
        path: "/steps/1/transferLibrary/file",
        message: '"hil/scenarios" is not a file (the path is from the repository root)',
      },
    ]);
    expect(
      load("library-paths", [
        { transferLibrary: { file: "hil/../package.json", sha256: "ABC", activate: true } },
        { transferLibrary: { file: "/etc/passwd", sha256, activate: true } },
        { provisionKey: "12" },
      ]).map((e) => e.path),
    ).toEqual([
      "/steps/0/transferLibrary/file",
      "/steps/0/transferLibrary/sha256",
      "/steps/1/transferLibrary/file",
      "/steps/2/provisionKey",
    ]);
  });

  it("REQ-HIL-001: a file that is not JSON, and a folder without scenarios, are refused", () => {
    const [notJson] = load("broken", '{ "id": ');
    expect(notJson).toMatchObject({ file: "broken.json", path: "" });
    expect(notJson.message).toMatch(/^is not JSON: /);
    const empty = loadScenarios([join(TEMP.path, "no-such-folder")]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors[0].message).toBe("cannot read: ENOENT");
  });
});
