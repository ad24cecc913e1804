// The virtual pump's command line → VirtualPumpOptions. Every error names the option and what a
// valid value looks like (STYLE: host errors name what, where and how to fix); the CLI exits 2.
import { parseArgs } from "node:util";
import { parseArgsMessage } from "../host/cli-terminal.ts";
import { statePathProblem } from "../pump/nv-store.ts";
import { parseFaultSpec, type ScheduledAction } from "./faults.ts";
import { parseProbability } from "../link/probability.ts";
import type { VirtualPumpOptions } from "./start.ts";

export const USAGE = `usage: npm run pump -- [options]
  --firmware <path>       release firmware (default build/ders.wasm)
  --library <image>       library image to preload (written to the library region, then libraryLoad)
  --provision-key <file>  provision this Ed25519 public key at start, before --library, as the factory
                          does ("ed25519-public:<64 hex>" or PEM; npm run library -- key-id prints it);
                          the pump then admits only signed, released, newer libraries
  --state <file>          keep the NV region in this file across restarts (power-cycle tests); one
                          pump per file (<file>.lock); a failed save raises the NV storage fault
  --baud <n>              simulated line speed, 10 bits per byte (default: unpaced)
  --fast | --realtime     virtual clock as fast as possible, or in step with real time (default)
  --step-ms <n>           virtual ms per step in --fast, timer period in --realtime (default 10)
  --seed <n>              seed of the line impairments, 0..4294967295 (default random, printed)
  --drop <p>              probability that a byte is lost, a decimal such as 0.001 (each direction)
  --duplicate <p>         probability that a byte arrives twice
  --corrupt <p>           probability that a byte arrives with one bit flipped
  --fault <name>@<ms>[-<ms>]  raise a sensor fault at a simulated time (and clear it); repeatable;
                          names: occlusion, air-in-line, door-open, low-battery; flow faults
                          (reported with REPORT_FLOW): over-delivery, free-flow
  --power-loss-at <ms>    lose power at a simulated time and restart from saved NV; repeatable
  --reservoir-ml <mL>     hang a container of this volume, a decimal such as 250 or 0.5 (at most
                          3 decimals); when the motor has drawn it empty the air-in-line fault is
                          raised (default: an endless supply)
  --control <path>        open a control channel on a Unix socket at <path>: line commands power-cycle,
                          faults <names>|none, provision-key <hex>, reservoir <µL>, motor, delivered,
                          idle, for a test rig's plug-in (hil/rigs/virtual-pump-rig.ts)
  --panel [port]          serve the front panel, a web page on http://127.0.0.1:<port>/ (default 8017; 0 picks
                          a free port, logged) that shows the pump and offers its controls (docs/panel.md)
  --help                  this text
An option's value may also be written --seed=7.
examples:
  npm run pump -- --library build/general-hospital.dersimg
  npm run pump -- --library build/general-hospital.dersimg --state=/tmp/pump.nv --reservoir-ml 250
  npm run pump -- --fast --seed 42 --drop 0.001 --fault occlusion@60000-90000
Prints "tty: <device path>" on stdout, then logs on stderr. SIGTERM or SIGINT: saves NV and exits 0
(from another process, signal \`node --import tsx simulator/virtual-pump/cli.ts\` itself: npm does not pass SIGTERM on).`;

export class UsageError extends Error {}

export interface CliOptions extends Omit<VirtualPumpOptions, "libraryImage" | "publicKey"> {
  libraryPath?: string;
  publicKeyPath?: string;
  /** Unix socket path of the control channel (--control). */
  controlPath?: string;
  /** TCP port of the front panel (--panel [port]); undefined: no panel. */
  panelPort?: number;
  help: boolean;
}

const INTEGER = /^\d+$/;
/** The front panel's port when --panel is given without one (issue 17). */
export const DEFAULT_PANEL_PORT = 8017;

/** `--panel` takes an optional port: "--panel 8080", "--panel=8080" or "--panel" alone. */
function takePanel(argv: string[]): { rest: string[]; panelPort?: number } {
  const rest: string[] = [];
  let panelPort: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg !== "--panel" && !arg.startsWith("--panel=")) {
      rest.push(arg);
      continue;
    }
    let text = arg.startsWith("--panel=") ? arg.slice("--panel=".length) : undefined;
    if (text === undefined && argv[i + 1] !== undefined && INTEGER.test(argv[i + 1])) text = argv[++i];
    panelPort = text === undefined ? DEFAULT_PANEL_PORT : integer("panel", text, 0, 65535);
  }
  return { rest, panelPort };
}
const MILLILITRES = /^(\d+)(?:\.(\d{1,3}))?$/;
/** The largest container the CLI accepts, mL: far beyond any bag, small enough to catch a slip. */
export const MAX_RESERVOIR_ML = 100_000;

function integer(option: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!INTEGER.test(text) || value < min || value > max)
    throw new UsageError(`--${option}: "${text}" is not an integer from ${min} to ${max}`);
  return value;
}

function probability(option: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parsed = parseProbability(text);
  if ("error" in parsed) throw new UsageError(`--${option}: ${parsed.error}`);
  return text;
}

/** "250" → 250,000 µL, "0.5" → 500 µL; µL is the finest step. */
function millilitres(option: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  const match = MILLILITRES.exec(text);
  const usage = `write a volume in mL from 0.001 to ${MAX_RESERVOIR_ML}, e.g. 250 or 0.5, with at most 3 decimals (1 µL)`;
  if (match === null) throw new UsageError(`--${option}: "${text}" is not a volume: ${usage}`);
  const ul = BigInt(match[1]) * 1000n + BigInt((match[2] ?? "").padEnd(3, "0"));
  if (ul === 0n || ul > BigInt(MAX_RESERVOIR_ML) * 1000n)
    throw new UsageError(`--${option}: ${text} mL is out of range: ${usage}`);
  return ul;
}

export function parseCliOptions(allArgs: string[]): CliOptions {
  const { rest: argv, panelPort } = takePanel(allArgs);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        firmware: { type: "string" },
        library: { type: "string" },
        state: { type: "string" },
        "provision-key": { type: "string" },
        baud: { type: "string" },
        fast: { type: "boolean" },
        realtime: { type: "boolean" },
        "step-ms": { type: "string" },
        seed: { type: "string" },
        drop: { type: "string" },
        duplicate: { type: "string" },
        corrupt: { type: "string" },
        fault: { type: "string", multiple: true },
        "power-loss-at": { type: "string", multiple: true },
        "reservoir-ml": { type: "string" },
        control: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const v = parsed.values;
  if (v.fast === true && v.realtime === true)
    throw new UsageError("--fast and --realtime exclude each other: choose one");
  const schedule: ScheduledAction[] = [];
  for (const spec of v.fault ?? []) {
    const actions = parseFaultSpec(spec);
    if ("error" in actions) throw new UsageError(`--fault: ${actions.error}`);
    schedule.push(...actions);
  }
  for (const text of v["power-loss-at"] ?? []) {
    schedule.push({ atMs: integer("power-loss-at", text, 0, Number.MAX_SAFE_INTEGER)!, kind: "power-loss" });
  }
  for (const [option, value] of [
    ["firmware", v.firmware],
    ["library", v.library],
    ["state", v.state],
    ["provision-key", v["provision-key"]],
    ["control", v.control],
  ] as const) {
    if (value === "") throw new UsageError(`--${option}: the path is empty`);
  }
  return {
    help: v.help === true,
    firmwarePath: v.firmware,
    libraryPath: v.library,
    publicKeyPath: v["provision-key"],
    controlPath: v.control,
    panelPort,
    statePath: v.state,
    baudRate: integer("baud", v.baud, 1, 100_000_000),
    clock: v.fast === true ? "fast" : "realtime",
    stepMs: integer("step-ms", v["step-ms"], 1, 60_000),
    seed: integer("seed", v.seed, 0, 0xffffffff),
    drop: probability("drop", v.drop),
    duplicate: probability("duplicate", v.duplicate),
    corrupt: probability("corrupt", v.corrupt),
    schedule,
    reservoirUl: millilitres("reservoir-ml", v["reservoir-ml"]),
  };
}

/** A state file is a regular file holding exactly one NV region, or a new name in an existing folder. */
export function checkStateFile(path: string | undefined): void {
  if (path === undefined) return;
  const problem = statePathProblem(path);
  if (problem !== undefined) throw new UsageError(`--state: ${problem}`);
}
