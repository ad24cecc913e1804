// The cost of an Ed25519 verification as the port runs it (docs/decisions/0017): the test build
// translated by wasm2c, on QEMU's Cortex-M4, counted with -icount. Target of issue 12 §4: at most
// 20 M instructions; the figure is printed for docs/mcu-port.md §7.
import { beforeAll, describe, expect, it } from "vitest";
import { missingBenchTools, runBench, type BenchFigure } from "./bench-an386.ts";

const TARGET_INSTRUCTIONS = 20_000_000;
let figures: BenchFigure[];

beforeAll(() => {
  const missing = missingBenchTools();
  if (missing !== undefined) throw new Error(`npm run test:mcu needs the C toolchain: ${missing}`);
  figures = runBench();
  for (const f of figures) console.log(`bench ${f.name}: ${f.instructions.toLocaleString("en")} instructions`);
});

describe("REQ-PORT-010 Ed25519 verification on the Cortex-M4 port", () => {
  it("verifies RFC 8032 TEST 1 and rejects a changed S, each within 20 M instructions", () => {
    const good = figures.find((f) => f.name === "ed25519-verify-empty-message")!;
    const bad = figures.find((f) => f.name === "ed25519-verify-bad-signature")!;
    expect(good.result).toBe(1);
    expect(bad.result).toBe(0);
    expect(good.instructions).toBeGreaterThan(0);
    expect(good.instructions).toBeLessThanOrEqual(TARGET_INSTRUCTIONS);
    expect(bad.instructions).toBeLessThanOrEqual(TARGET_INSTRUCTIONS);
  });

  it("REQ-PORT-006 the verification's native stack, measured by painting, fits the 16 KiB budget", () => {
    const stack = figures.find((f) => f.name === "stack-used-bytes")!;
    expect(stack.result).toBeGreaterThan(0);
    expect(stack.result).toBeLessThanOrEqual(16 * 1024);
  });
});
