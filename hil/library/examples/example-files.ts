// The example library (hil/library/examples/general-hospital.json) compiled at a chosen version
// and status, for transfers big enough to take many chunks (about 5 KiB).
import { readFileSync } from "node:fs";
import { compileLibrary } from "../compiler/compile.ts";

const EXAMPLE = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8"));

export function exampleFile(version: number, status: "draft" | "approved" | "released" = "released"): Uint8Array {
  const compiled = compileLibrary({ ...EXAMPLE, version, status });
  if (!compiled.ok) throw new Error(`example library does not compile: ${JSON.stringify(compiled.errors[0])}`);
  return compiled.image;
}
