// `npm run training` as its own process: one exercise, the trainee finishes it at once (the right
// answer for a drug the care area does not offer), the record is written; and usage errors.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../simulator/helpers.ts";

const children = new Set<ChildProcess>();
const dir = tempDir("training-cli-");
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  dir.remove();
});

function run(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "hil/training/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^panel: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (match) resolve(match[1]);
    }),
  );
  return { exited, url, stdout: () => stdout, stderr: () => stderr };
}

describe("REQ-PNL-023 the training CLI writes the competency record", () => {
  it("REQ-PNL-023: an exercise finished on the order card is scored from the log and recorded as JSON, CSV and HTML", async () => {
    const cli = run([
      "--exercises",
      "hil/training/exercises/10-nicu-norepinephrine-not-offered.json",
      "--trainee",
      "rn-017",
      "--report",
      dir.path,
      "--port",
      "0",
      "--session",
      "2026-12-04",
    ]);
    const url = await cli.url;
    const card = await (await fetch(`${url}exercise`)).text();
    expect(card).toContain("norEPINEPHrine 0.05 mcg/kg/min IV continuous.");
    expect(card).not.toContain("drug-not-in-care-area"); // the hazards are the answer
    const finish = await fetch(`${url}training/finish`, { method: "POST", redirect: "manual" });
    expect(finish.status).toBe(303);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain("PASS 5/5 EX-10-nicu-norepinephrine-not-offered");
    expect(cli.stdout()).toContain("COMPETENT: 1 of 1 exercises with full marks");
    const base = join(dir.path, "rn-017-competency");
    expect(JSON.parse(readFileSync(`${base}.json`, "utf8"))).toMatchObject({
      trainee: "rn-017",
      recordedAt: "2026-12-04",
      competent: true,
    });
    expect(readFileSync(`${base}.csv`, "utf8")).toMatch(
      /^trainee,recorded_at,exercise,.*\nrn-017,2026-12-04,EX-10-nicu-norepinephrine-not-offered,NICU,PASS,5,5,0,\n$/,
    );
    expect(existsSync(`${base}.html`)).toBe(true);
  }, 60_000);

  it("REQ-PNL-023: a missing trainee or a bad exercise path is a usage error naming the option, exit 2", async () => {
    const noTrainee = run(["--exercises", "hil/training/exercises"]);
    expect(await noTrainee.exited).toBe(2);
    expect(noTrainee.stderr()).toContain("training: --trainee: required");
    const badPath = run(["--exercises", "no/such/dir", "--trainee", "rn-1"]);
    expect(await badPath.exited).toBe(2);
    expect(badPath.stderr()).toContain("training: --exercises: ENOENT");
  }, 60_000);
});
