// The release kit is enough to build the port (docs/release.md §4): dist/'s own Makefile, module and
// generated header — no repository, no Node — give a POSIX pump that answers a library transfer
// byte for byte as the module on V8 does.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRelease } from "../../release/kit.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { missingTools, runPort, runReference } from "./port.ts";
import { libraryTransferSteps, Sequencer } from "./steps.ts";

let dir: string;
let kit: string;

beforeAll(() => {
  const missing = missingTools();
  if (missing !== undefined) throw new Error(`npm run test:mcu needs the C toolchain: ${missing}`);
  dir = mkdtempSync(join(tmpdir(), "ders-kit-"));
  kit = join(dir, "dist");
  writeRelease({ root: resolve("."), wasmPath: resolve("build/ders.wasm"), outDir: kit });
  const make = spawnSync(
    "make",
    [
      ...["-C", join(kit, "port"), "posix", `ROOT=${kit}`, `WASM=${join(kit, "ders.wasm")}`],
      ...[`ABI_HEADER=${join(kit, "include/ders-abi.h")}`, `BUILD=${join(kit, "build")}`, "TSX=/nonexistent"],
    ],
    { encoding: "utf8" },
  );
  if (make.status !== 0) throw new Error(`building the port from the kit failed:\n${make.stdout}\n${make.stderr}`);
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("REQ-PORT-007 the release kit builds the reference port on its own", () => {
  it("the kit's POSIX pump answers a library transfer as V8 does", async () => {
    const steps = libraryTransferSteps(exampleLibraryImage(), new Sequencer());
    const reference = await runReference(steps);
    const port = runPort(steps, join(dir, "nv.bin"), { binary: join(kit, "build/posix/ders-posix") });
    expect(port.exitCode, port.stderr).toBe(0);
    expect(port.hostEvents[0]).toBe("POWER_ON blank");
    expect(port.steps).toEqual(reference.steps);
  });
});
