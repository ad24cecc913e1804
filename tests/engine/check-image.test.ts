// The main job's last step: the release firmware itself judges the compiled example image.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "simulator/host/check-image.ts", ...args], { encoding: "utf8" });

let dir: string;
let imagePath: string;

beforeAll(() => {
  const compiled = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
  if (!compiled.ok) throw new Error("example library does not compile");
  dir = mkdtempSync(join(tmpdir(), "check-image-"));
  imagePath = join(dir, "example.dersimg");
  writeFileSync(imagePath, compiled.image);
});

describe("REQ-ENG-001 check-image CLI", () => {
  it("exits 0 and reports version and counts when the firmware activates the image", () => {
    const result = run(imagePath);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/verified and activated .*library version 12, 29 entries, 6 care areas/);
  });

  it("exits 1 naming the status when one body byte is flipped (digest mismatch)", () => {
    const image = readFileSync(imagePath);
    image[image.length - 1] ^= 0x01;
    const corrupt = join(dir, "corrupt.dersimg");
    writeFileSync(corrupt, image);
    const result = run(corrupt);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("status 23 IMAGE_DIGEST");
  });

  it("exits 2 with usage when no image is given, and with a clear error for a missing file", () => {
    expect(run().status).toBe(2);
    const missing = run(join(dir, "absent.dersimg"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/error: .*absent\.dersimg/);
  });
});
