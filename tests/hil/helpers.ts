// Shared fixtures for the HIL runner tests: the virtual target with the release firmware and the
// example library, scenario loading that throws, and the CLI as its own process.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadScenarios } from "../../hil/runner/load-scenarios.ts";
import { exampleLibraryImage } from "../../hil/runner/open-target.ts";
import type { LoadedScenario } from "../../hil/model/scenario.ts";
import type { RigCapability, Target, TargetSession } from "../../hil/runner/target.ts";
import { VirtualTarget, type VirtualTargetOptions } from "../../hil/runner/virtual-target.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

export const FIRMWARE = readFileSync(RELEASE_WASM_PATH);
const LIBRARY = exampleLibraryImage();

export function virtualTarget(instrument?: VirtualTargetOptions["instrument"]): VirtualTarget {
  return new VirtualTarget({ firmware: FIRMWARE, libraryImage: LIBRARY, instrument });
}

/** The virtual pump without any rig control: what a rig on a bare serial port offers. */
/** The virtual target without rig control, or with only the controls in `keep`. */
export function bareTarget(keep: readonly RigCapability[] = []): Target {
  const inner = virtualTarget();
  return {
    description: inner.description,
    open: async (): Promise<TargetSession> => {
      const session = await inner.open();
      return {
        link: session.link,
        timers: session.timers,
        firstSequence: session.firstSequence,
        rig: Object.fromEntries(keep.map((capability) => [capability, session.rig[capability]])),
        drive: (exchange) => session.drive(exchange),
        settle: () => session.settle(),
        advance: (ms) => session.advance(ms),
        elapsedMs: () => session.elapsedMs(),
        close: () => session.close(),
      };
    },
    close: () => inner.close(),
  };
}

export function scenarios(...paths: string[]): LoadedScenario[] {
  const loaded = loadScenarios(paths);
  if (!loaded.ok) throw new Error(`scenarios do not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.scenarios;
}

export interface HilProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves when stdout holds a line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
}

const spawned = new Set<ChildProcess>();

/** For afterAll: kills what a failed test left running, by its own pid. */
export function killSpawned(): void {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  spawned.clear();
}

/** The real CLI as its own process (node + the tsx loader: npx would not pass signals on). */
export function spawnHil(args: string[]): HilProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "hil/runner/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.add(child);
  let stdout = "";
  let stderr = "";
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of [...waiting]) {
      const found = stdout.split("\n").find((l) => w.pattern.test(l));
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const line = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const found = stdout.split("\n").find((l) => pattern.test(l));
      if (found !== undefined) return resolve(found);
      waiting.push({ pattern, resolve });
      void exited.then((code) =>
        reject(new Error(`hil exited with ${code} before printing ${pattern}; stdout: ${stdout} stderr: ${stderr}`)),
      );
    });
  return { child, stdout: () => stdout, stderr: () => stderr, exited, line };
}
