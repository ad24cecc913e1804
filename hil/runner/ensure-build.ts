// `--build` (npm run hil passes it): before a run, rebuild the firmware when build/ is missing or
// older than its sources, so `npm run hil` runs what is checked out — and `--help` or a mistyped
// option answers at once instead of after a 40-second build (docs/hil.md §4). Only the default
// firmware path is built; a --firmware of one's own is used as it is.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { firmwareFileName } from "../../firmware/abi/memory-profiles.ts";
import { MEMORY_PROFILES } from "../../simulator/host/memory-layout.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The release modules of every memory profile (build/ders.wasm, build/ders.mcu.wasm): the builds --build keeps current. */
export const DEFAULT_FIRMWARES = MEMORY_PROFILES.map((profile) => `build/${firmwareFileName(profile, "")}`);
/** What `npm run build:firmware` writes: release, debug and testkit builds of every memory profile. */
export const FIRMWARE_OUTPUTS = MEMORY_PROFILES.flatMap((profile) =>
  ["", "debug", "testkit"].map((variant) => `build/${firmwareFileName(profile, variant)}`),
);
const INPUTS = ["firmware", "asconfig.json"];

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

/** The first output that is missing or older than the newest source, or undefined when build/ is current. */
export function staleFirmwareOutput(root = ROOT): string | undefined {
  const newestInput = Math.max(...INPUTS.map((p) => newestMtimeMs(join(root, p))));
  for (const output of FIRMWARE_OUTPUTS) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(join(root, output)).mtimeMs;
    } catch {
      return `${output} is missing`;
    }
    if (mtimeMs < newestInput) return `${output} is older than the firmware sources`;
  }
  return undefined;
}

/**
 * Runs `npm run build:firmware` when the default firmware is stale; its output goes to stderr so
 * standard output keeps only the run. Returns an error message, or undefined when build/ is current.
 */
export function ensureFirmwareBuilt(
  firmwarePath: string,
  log: (line: string) => void,
  root = ROOT,
  npmExecPath = process.env.npm_execpath,
): string | undefined {
  if (!DEFAULT_FIRMWARES.some((path) => resolve(firmwarePath) === join(root, path))) return undefined;
  const stale = staleFirmwareOutput(root);
  if (stale === undefined) return undefined;
  log(`hil: ${stale}: npm run build:firmware`);
  // Under `npm run`, npm_execpath is npm's own script: run it with this Node, not whatever npm is on PATH.
  const [command, args] =
    npmExecPath !== undefined && /\.[cm]?js$/.test(npmExecPath)
      ? [process.execPath, [npmExecPath, "run", "build:firmware"]]
      : ["npm", ["run", "build:firmware"]];
  const run = spawnSync(command, args, { cwd: root, stdio: ["ignore", 2, 2] });
  if (run.error !== undefined) return `cannot run npm run build:firmware: ${run.error.message}`;
  return run.status === 0
    ? undefined
    : `npm run build:firmware failed (exit ${run.status ?? run.signal}); nothing was run`;
}
