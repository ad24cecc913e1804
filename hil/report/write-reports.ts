// Writes the report set of one HIL run into a folder (REQ-RPT-001): report.json, report.html,
// junit.xml and SHA256SUMS over the three. Every file is a pure function of the RunResult, so the
// same run gives the same bytes (REQ-RPT-003). All four are first written to temporary names in
// the folder and flushed; only then are they renamed into place, so a crash leaves either the old
// file or the new one under each name, never a partial file. Before the first rename the earlier
// SHA256SUMS is removed, and the new one is renamed in last: a set left half old, half new by a
// failed rename or a crash has no manifest, so `sha256sum -c` can never vouch for it.
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { RunResult, Verdict } from "../model/result-model.ts";
import { canonicalJson } from "./canonical-json.ts";
import { renderHtml } from "./html.ts";
import { renderJunit } from "./junit.ts";
import { sha256Manifest } from "./manifest.ts";
import { isReportTimestamp } from "./timestamp.ts";
import { traceabilityMatrix } from "./traceability.ts";

export { timestampFromEnv } from "./timestamp.ts";

export const REPORT_FILES = {
  json: "report.json",
  html: "report.html",
  junit: "junit.xml",
  manifest: "SHA256SUMS",
  /** Only when the run has pump logs (the virtual target): the input of `cqi collect --hil`. */
  pumpLogs: "pump-logs.json",
} as const;

/** report.json: the RunResult with the traceability matrix derived from it, canonical; the pump logs go to pump-logs.json. */
export function renderJson(result: RunResult): string {
  const { pumpLogs: _logs, ...rest } = result;
  return canonicalJson({ ...rest, traceability: traceabilityMatrix(result) });
}

/**
 * pump-logs.json (docs/hil.md §4): which firmware and library ran, and each scenario's pump log —
 * what `npm run cqi -- collect --hil <folder>` imports (docs/cqi.md).
 */
export function renderPumpLogs(result: RunResult): string | undefined {
  if (result.pumpLogs === undefined) return undefined;
  return canonicalJson({
    format: "open-ders HIL pump logs",
    formatVersion: 1,
    firmware: result.firmware,
    library: result.library,
    scenarios: result.pumpLogs,
  });
}

/** Refuses a RunResult whose parts contradict each other: the report would be wrong evidence. */
export function checkConsistency(result: RunResult): void {
  if (result.timestamp !== undefined && !isReportTimestamp(result.timestamp)) {
    throw new Error(
      `RunResult.timestamp ${JSON.stringify(result.timestamp)} is not YYYY-MM-DDTHH:MM:SSZ; take it from timestampFromEnv(process.env)`,
    );
  }
  const count = (v: Verdict): number => result.scenarios.filter((s) => s.verdict === v).length;
  const expected = {
    scenarios: result.scenarios.length,
    passed: count("pass"),
    failed: count("fail"),
    blocked: count("blocked"),
    steps: result.scenarios.reduce((n, s) => n + s.steps.length, 0),
  };
  const given = result.summary;
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    if (given[key] !== expected[key]) {
      throw new Error(`RunResult.summary.${key} is ${given[key]} but the scenarios give ${expected[key]}`);
    }
  }
}

export function renderReports(result: RunResult): Map<string, Uint8Array> {
  checkConsistency(result);
  const files = new Map<string, Uint8Array>([
    [REPORT_FILES.json, Buffer.from(renderJson(result), "utf8")],
    [REPORT_FILES.html, Buffer.from(renderHtml(result), "utf8")],
    [REPORT_FILES.junit, Buffer.from(renderJunit(result), "utf8")],
  ]);
  const logs = renderPumpLogs(result);
  if (logs !== undefined) files.set(REPORT_FILES.pumpLogs, Buffer.from(logs, "utf8"));
  const manifest = sha256Manifest([...files].map(([name, bytes]) => ({ name, bytes })));
  files.set(REPORT_FILES.manifest, Buffer.from(manifest, "utf8"));
  return files;
}

async function writeTemp(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes an earlier SHA256SUMS before any report file is replaced; none there is fine. */
async function removeManifest(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

// The runner's temporary names: ".<report file>.<pid>.<8 hex>.tmp" (below) and the --out write
// check's ".hil-write-check.<pid>.<8 hex>.tmp" (hil/runner/out-dir.ts).
const TEMP_NAME = /^\.(?:report\.json|report\.html|junit\.xml|SHA256SUMS|hil-write-check)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}

/**
 * Removes temporary files a runner killed while writing left in `outDir` (REQ-RPT-011): only names
 * of the runner's own pattern, and only of processes no longer running, so a runner writing into
 * the same folder now keeps its files.
 */
export async function removeStaleTemps(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(outDir)) {
    const match = TEMP_NAME.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await rm(join(outDir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Writes the report files (four, and pump-logs.json on the virtual target) into `outDir` (created if missing) and returns their paths. */
export async function writeReports(result: RunResult, outDir: string): Promise<string[]> {
  const files = renderReports(result);
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir);
  const tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
  // The manifest last: it is renamed in only once the files it lists are all in place.
  const names = [...files.keys()].filter((name) => name !== REPORT_FILES.manifest).concat(REPORT_FILES.manifest);
  const plan = names.map((name) => ({
    bytes: files.get(name)!,
    temp: join(outDir, `.${name}.${tag}.tmp`),
    path: join(outDir, name),
  }));
  try {
    for (const f of plan) await writeTemp(f.temp, f.bytes);
    await removeManifest(join(outDir, REPORT_FILES.manifest));
    // A pump-logs.json of an earlier run (a virtual one before this rig run) is not this run's.
    if (!files.has(REPORT_FILES.pumpLogs)) await rm(join(outDir, REPORT_FILES.pumpLogs), { force: true });
    for (const f of plan) await rename(f.temp, f.path);
  } catch (error) {
    await Promise.all(plan.map((f) => rm(f.temp, { force: true })));
    throw error;
  }
  return plan.map((f) => f.path);
}
