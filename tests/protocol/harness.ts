// A fresh pump for each protocol test: the probe module (tests/protocol/firmware.ts) after init(),
// optionally with the example library active, an in-memory link and a client on a virtual clock.
import { readFileSync } from "node:fs";
import { Status } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { PumpClient, type ClientOptions } from "../../simulator/client/client.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { WasmLink, type SerialExports } from "../../simulator/link/wasm-link.ts";
import { protocolModuleBytes } from "./firmware.ts";

export interface ProbeExports extends SerialExports {
  init(): number;
  libraryLoad(lengthBytes: number): number;
  libraryStagingOffset(): number;
  libraryVersion(): number;
  evaluate(): number;
  probeCrc32(dataPtr: number, lengthBytes: number): number;
  probeCobsEncode(srcPtr: number, srcLength: number, dstPtr: number): number;
  probeCobsDecode(srcPtr: number, srcLength: number, dstPtr: number, dstCapacity: number): number;
  probeQueueEvent(recordPtr: number): void;
}

let compiledModule: WebAssembly.Module | undefined;
let exampleImage: Uint8Array | undefined;

export function exampleLibraryImage(): Uint8Array {
  if (exampleImage === undefined) {
    const compiled = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
    if (!compiled.ok) throw new Error(`example library does not compile: ${JSON.stringify(compiled.errors)}`);
    exampleImage = compiled.image;
  }
  return exampleImage;
}

/** A new instance after init(); call in beforeEach so no test sees another's state. */
export async function freshPump(withLibrary = true): Promise<ProbeExports> {
  compiledModule ??= new WebAssembly.Module((await protocolModuleBytes()) as Uint8Array<ArrayBuffer>);
  const pump = new WebAssembly.Instance(compiledModule, {}).exports as unknown as ProbeExports;
  pump.init();
  if (withLibrary) {
    const image = exampleLibraryImage();
    new Uint8Array(pump.memory.buffer).set(image, pump.libraryStagingOffset());
    const status = pump.libraryLoad(image.length);
    if (status !== Status.OK) throw new Error(`example library refused: status ${status}`);
  }
  return pump;
}

export interface Session {
  pump: ProbeExports;
  link: WasmLink;
  client: PumpClient;
  timers: ManualTimers;
}

export async function freshSession(withLibrary = true, options: ClientOptions = {}): Promise<Session> {
  const pump = await freshPump(withLibrary);
  const link = new WasmLink(pump);
  const timers = new ManualTimers();
  const client = new PumpClient(link, { timers, ...options });
  return { pump, link, client, timers };
}

/** Lets queued microtasks (link deliveries, promise continuations) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
