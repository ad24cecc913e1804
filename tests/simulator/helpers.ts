// Shared fixtures for the virtual pump tests: the example library image, an in-memory device (the
// VirtualPump loop without a tty), a spawned CLI process, and a temporary directory per file.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { PumpHost, type PumpHostOptions } from "../../simulator/pump/pump-host.ts";
import { VirtualPump, type VirtualPumpSettings } from "../../simulator/virtual-pump/virtual-pump.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

export const FIRMWARE_PATH = RELEASE_WASM_PATH;

/** The shipped example library (version 12), compiled the way `npm run library -- compile` does. */
export function exampleImage(): Uint8Array {
  const result = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
  if (!result.ok) throw new Error(`example library does not compile: ${JSON.stringify(result.errors[0])}`);
  return result.image;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A VirtualPump whose device is memory: `link` is the client's end, bytes delivered after write() resolves. */
export async function memoryPump(settings: VirtualPumpSettings, hostOptions: PumpHostOptions = {}) {
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  const toClient: number[] = [];
  const device = {
    write: (bytes: Uint8Array) => {
      toClient.push(...bytes);
      const copy = bytes.slice();
      queueMicrotask(() => listeners.forEach((listener) => listener(copy)));
    },
  };
  const host = await PumpHost.create({ wasmPath: FIRMWARE_PATH, ...hostOptions });
  const pump = new VirtualPump(host, device, settings);
  const link: ByteLink = {
    write: async (bytes) => pump.fromDevice(bytes),
    onData: (listener) => void listeners.push(listener),
  };
  return { host, pump, link, toClient };
}

/** Lets queued microtasks and I/O callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface PumpProcess {
  child: ChildProcess;
  /** The path from the first stdout line. */
  path: Promise<string>;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const spawned = new Set<ChildProcess>();

/** For afterAll: a failed test must not leave a pump process running (by its own pid, nothing broader). */
export function killSpawnedPumps(): void {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  spawned.clear();
}

/** Spawns the CLI as its own process (node + the tsx loader, so a signal reaches the pump itself). */
export function spawnPumpCli(args: string[]): PumpProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "simulator/virtual-pump/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const path = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const match = /^tty: (\/dev\/\S+)$/.exec(line);
      if (match === null) reject(new Error(`first stdout line is not "tty: <path>": ${line}`));
      else resolve(match[1]);
    });
    void exited.then(({ code }) =>
      reject(new Error(`pump exited with ${code} before printing its tty; stderr: ${stderr}`)),
    );
  });
  path.catch(() => undefined); // a test that expects an early exit never reads the path
  return { child, path, exited, stdout: () => stdout, stderr: () => stderr };
}
