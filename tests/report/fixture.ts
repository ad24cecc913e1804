// A synthetic RunResult for the report tests: three scenarios (pass, fail, blocked), a requirement
// no scenario covers, a hazard whose controls are verified by scenarios, markup and an XML-illegal
// character in the data. It does not come from the runner. Its requirement and hazard IDs are
// deliberately outside the documented REQ-<AREA>-<NNN> and HAZ-<NNN> patterns, so the
// traceability check does not read them as citations of real requirements.
// runResult() returns a fresh object on every call: tests may change their copy.
import type { RunResult } from "../../hil/model/result-model.ts";

export const FIX = {
  reqDose: "REQ-FIX-DOSE",
  reqStart: "REQ-FIX-START",
  reqLog: "REQ-FIX-LOG",
  reqUncovered: "REQ-FIX-UNCOVERED",
  hazOverdose: "HAZ-FIX-OVERDOSE",
  hazNoControl: "HAZ-FIX-BARE",
  scPass: "SC-FIX-pass",
  scFail: "SC-FIX-fail",
  scBlocked: "SC-FIX-blocked",
  markupTitle: '<script>alert("x")</script> & <b>bold</b>',
} as const;

export function runResult(): RunResult {
  return {
    tool: { name: "open-ders-hil", version: "0.1.0", node: "v20.20.2" },
    target: { kind: "virtual", tty: "/dev/pts/7" },
    firmware: { buildId: "ders-3.0.0+abc1234", abiVersion: 3, memoryProfile: "standard", wasmSha256: "a".repeat(64) },
    library: { name: "General Hospital (example)", version: 12, sha256: "b".repeat(64) },
    seeds: { lineImpairment: 42, values: 7 },
    scenarios: [
      {
        id: FIX.scPass,
        title: "Heparin at 18 units/kg/h is a go",
        file: "hil/scenarios/FIX-pass.json",
        fileSha256: "c".repeat(64),
        requirements: [FIX.reqDose, FIX.reqStart],
        hazards: [FIX.hazOverdose],
        steps: [
          {
            index: 1,
            description: 'send SELECT_CARE_AREA {"careAreaId":0}',
            expected: ["result OK"],
            observed: ["result OK"],
            verdict: "pass",
          },
          {
            index: 2,
            description: "expectMotor 25200",
            expected: ["motor 25200"],
            observed: ["motor 25200"],
            verdict: "pass",
          },
        ],
        verdict: "pass",
        durationMs: 1250,
      },
      {
        id: FIX.scFail,
        title: FIX.markupTitle,
        file: "hil/scenarios/FIX-fail.json",
        fileSha256: "d".repeat(64),
        requirements: [FIX.reqDose],
        hazards: [],
        steps: [
          {
            index: 1,
            description: 'send PROGRAM {"mode":"DOSE"}',
            expected: ["verdict HARD_STOP", "bindingParam DOSE"],
            observed: ["verdict SOFT_STOP", "bindingParam DOSE"],
            verdict: "fail",
            message: "verdict: expected HARD_STOP, observed SOFT_STOP",
          },
          { index: 2, description: "expectMotor 0", expected: [], observed: [], verdict: "pass" },
        ],
        verdict: "fail",
        durationMs: 40,
      },
      {
        id: FIX.scBlocked,
        title: "Occlusion stops the motor",
        file: "hil/scenarios/FIX-blocked.json",
        fileSha256: "e".repeat(64),
        requirements: [FIX.reqLog],
        hazards: [FIX.hazOverdose],
        steps: [
          {
            index: 1,
            description: 'fault {"set":["OCCLUSION"]}',
            expected: [],
            observed: [],
            verdict: "blocked",
            message: "needs rig control: fault lines",
          },
        ],
        verdict: "blocked",
        durationMs: 0,
      },
    ],
    requirements: [
      { id: FIX.reqDose, title: "Dose hard stop", source: "docs/requirements/fix.md" },
      { id: FIX.reqStart, title: "Start of a go", source: "docs/requirements/fix.md" },
      { id: FIX.reqLog, title: "Alarm logged", source: "docs/requirements/fix.md" },
      { id: FIX.reqUncovered, title: "Nobody tests me", source: "docs/requirements/fix.md" },
    ],
    hazards: [
      {
        id: FIX.hazOverdose,
        title: "Overdose",
        controls: [FIX.reqDose, FIX.reqUncovered],
        source: "docs/hazards/fix.md",
      },
      { id: FIX.hazNoControl, title: "Nothing controls this", controls: [], source: "docs/hazards/fix.md" },
    ],
    anomalies: [
      {
        scenarioId: FIX.scFail,
        stepIndex: 1,
        verdict: "fail",
        message: "verdict: expected HARD_STOP, observed SOFT_STOP",
      },
      { scenarioId: FIX.scBlocked, stepIndex: 1, verdict: "blocked", message: "needs rig control: fault lines" },
    ],
    transcript: [
      { scenarioId: FIX.scPass, text: "→ REQ #1 SELECT_CARE_AREA area 0" },
      { scenarioId: FIX.scPass, text: "← RSP #1 SELECT_CARE_AREA OK" },
      { scenarioId: FIX.scFail, text: "← RSP #2 CHECK_PROGRAM OK verdict SOFT_STOP <script>x</script> \u0001" },
    ],
    summary: { scenarios: 3, passed: 1, failed: 1, blocked: 1, steps: 5 },
  };
}
