// The gateway-backed steps (docs/hil.md §9): the GW-1* scenarios run on the virtual pump through
// the runner, with the real gateway on localhost TCP bound to the pump through the runner's own
// line and the EHR played with @medplum/hl7. They pass, give the same results and transcripts on
// every run, put the gateway's pump frames in the transcript (and none for an order the gateway
// refused), and fail — naming the field — when what the EHR received differs.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../hil/runner/run-scenario.ts";
import type { LoadedScenario, Step } from "../../hil/model/scenario.ts";
import { scenarios, virtualTarget } from "./helpers.ts";
import { tempDir } from "../simulator/helpers.ts";

const FILES = readdirSync("hil/scenarios")
  .filter((name) => /^GW-1\d\d-.*\.json$/.test(name))
  .sort()
  .map((name) => `hil/scenarios/${name}`);

async function runAll(loaded: LoadedScenario[]): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  for (const scenario of loaded) runs.push(await runScenario(scenario, virtualTarget()));
  return runs;
}

function edited(file: string, edit: (steps: Step[]) => Step[]): LoadedScenario {
  const [loaded] = scenarios(file);
  return { ...loaded, scenario: { ...loaded.scenario, steps: edit(structuredClone(loaded.scenario.steps)) } };
}

describe("REQ-HIL-030 REQ-HIL-031 REQ-HIL-032 gateway-backed scenarios", () => {
  it("REQ-HIL-030 REQ-HIL-031 REQ-HIL-032: every GW-1* scenario passes, twice with the same results, transcripts and pump logs", async () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7);
    const loaded = scenarios(...FILES);
    const first = await runAll(loaded);
    for (const run of first)
      expect(run.result.verdict, `${run.result.id}: ${JSON.stringify(run.result.steps.at(-1))}`).toBe("pass");
    const second = await runAll(loaded);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const transcriptOf = (id: string) =>
      first.find((r) => r.result.id.startsWith(`SC-${id}`))!.transcript.map((line) => line.text);
    // The order the gateway sent is in the runner's transcript; a refused one never reached the line.
    expect(transcriptOf("GW-101").filter((t) => /REQ #\d+ AUTO_PROGRAM/.test(t))).toHaveLength(1);
    expect(transcriptOf("GW-102").some((t) => /AUTO_PROGRAM/.test(t))).toBe(false);
    expect(transcriptOf("GW-103").some((t) => /AUTO_PROGRAM/.test(t))).toBe(false);
  }, 120_000);

  it("REQ-HIL-030: a message that differs from the scenario fails the step, naming the field, expected and observed", async () => {
    const wrong = edited("hil/scenarios/GW-101-ehr-order-local-start-status.json", (steps) =>
      steps.map((step) =>
        "expectEhr" in step && step.expectEhr.observations?.["157784"] !== undefined
          ? { expectEhr: { ...step.expectEhr, observations: { "157784": "31" } } }
          : step,
      ),
    );
    const run = await runScenario(wrong, virtualTarget());
    expect(run.result.verdict).toBe("fail");
    const failed = run.result.steps.find((s) => s.verdict === "fail")!;
    expect(failed.message).toMatch(/^expected OBX 157784 "31", observed OBX 157784 "30"/);
  }, 60_000);

  it("REQ-HIL-030: a gateway step missing, or an ACK^O15 other than expected: the step fails with the reason", async () => {
    const noGateway = edited("hil/scenarios/GW-102-wrong-patient.json", (steps) =>
      steps.filter((step) => !("gateway" in step)),
    );
    const run = await runScenario(noGateway, virtualTarget());
    expect(run.result.verdict).toBe("fail");
    expect(run.result.steps.at(-1)!.message).toMatch(
      /no gateway runs in this scenario: a gateway step must come first/,
    );
    const rejected = edited("hil/scenarios/GW-102-wrong-patient.json", (steps) =>
      steps.map((step) => ("ehrOrder" in step ? { ...step, expect: { "MSA-1": "CR" } } : step)),
    );
    const refused = await runScenario(rejected, virtualTarget());
    expect(refused.result.verdict).toBe("fail");
    expect(refused.result.steps.at(-1)!.message).toMatch(/^expected MSA-1 "CR", observed MSA-1 "CA"/);
  }, 60_000);

  it("REQ-HIL-031: two CLI runs of gateway scenarios write byte-identical reports", () => {
    const dir = tempDir("ders-hil-gateway-");
    try {
      const env = { ...process.env };
      delete env.SOURCE_DATE_EPOCH;
      const files = [
        "hil/scenarios/GW-101-ehr-order-local-start-status.json",
        "hil/scenarios/GW-107-ehr-down-and-back.json",
      ];
      for (const out of ["a", "b"]) {
        const run = spawnSync(
          process.execPath,
          ["--import", "tsx", "hil/runner/cli.ts", "--scenarios", ...files, "--out", join(dir.path, out)],
          { env, encoding: "utf8", timeout: 60_000 },
        );
        expect(run.status, run.stderr).toBe(0);
      }
      for (const name of ["report.json", "report.html", "junit.xml", "pump-logs.json", "SHA256SUMS"])
        expect(readFileSync(join(dir.path, "b", name)).equals(readFileSync(join(dir.path, "a", name))), name).toBe(
          true,
        );
    } finally {
      dir.remove();
    }
  }, 120_000);
});
