// The target a run's options ask for: a rig on --port, or the virtual pump with the firmware given
// and the example library (hil/library/examples/general-hospital.json), compiled here.
import { readFileSync } from "node:fs";
import { compileLibrary } from "../library/compiler/compile.ts";
import { doseUnitsOf, type DoseUnits } from "./dose-units.ts";
import type { CliOptions } from "./cli-options.ts";
import { PortTarget } from "./port-target.ts";
import { loadRigPlugin } from "./rig-plugin.ts";
import type { Target } from "./target.ts";
import { VirtualTarget } from "./virtual-target.ts";

export const EXAMPLE_LIBRARY = new URL("../library/examples/general-hospital.json", import.meta.url);

function compileExample(): { json: unknown; image: Uint8Array } {
  const json: unknown = JSON.parse(readFileSync(EXAMPLE_LIBRARY, "utf8"));
  const compiled = compileLibrary(json);
  if (!compiled.ok)
    throw new Error(`the example library does not compile: ${compiled.errors[0].path} ${compiled.errors[0].message}`);
  return { json, image: compiled.image };
}

/** The example library's image, as `npm run library -- compile` makes it. */
export function exampleLibraryImage(): Uint8Array {
  return compileExample().image;
}

/** The example library's dose units, keyed by the body digest its image carries (header bytes 64–95). */
export function exampleDoseUnits(): { bodyDigestHex: string; units: DoseUnits } {
  const { json, image } = compileExample();
  return {
    bodyDigestHex: Buffer.from(image.subarray(64, 96)).toString("hex"),
    units: doseUnitsOf(json as Parameters<typeof doseUnitsOf>[0]),
  };
}

export async function openTarget(
  options: Pick<CliOptions, "port" | "baudRate" | "rig" | "clientTimeoutMs">,
  firmware: Uint8Array,
): Promise<Target> {
  if (options.port !== undefined) {
    const context = { port: options.port, baudRate: options.baudRate, env: process.env };
    const rig = options.rig === undefined ? {} : await loadRigPlugin(options.rig, context);
    return PortTarget.open(options.port, options.baudRate, rig, undefined, options.rig, options.clientTimeoutMs);
  }
  return new VirtualTarget({ firmware, libraryImage: exampleLibraryImage() });
}
