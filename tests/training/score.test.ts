// The scoring's arithmetic at its boundaries (hil/training/score.ts): the tolerance binds exactly
// (equal is within, one µL/h more is not), and mL text converts to µL exactly.
import { describe, expect, it } from "vitest";
import { microlitres, withinTolerance } from "../../hil/training/score.ts";

describe("REQ-PNL-022 the dose tolerance, exactly", () => {
  it("REQ-PNL-022: 5 % of 22.5 mL/h: 23.625 and 21.375 mL/h are within, one µL/h beyond either is not", () => {
    const expected = microlitres("22.5");
    expect(expected).toBe(22_500n);
    expect(withinTolerance(23_625n, expected, 5)).toBe(true);
    expect(withinTolerance(23_626n, expected, 5)).toBe(false);
    expect(withinTolerance(21_375n, expected, 5)).toBe(true);
    expect(withinTolerance(21_374n, expected, 5)).toBe(false);
    expect(withinTolerance(22_500n, expected, 0)).toBe(true);
    expect(withinTolerance(22_501n, expected, 0)).toBe(false);
  });
  it("REQ-PNL-022: mL text with up to three decimals is µL exactly", () => {
    expect(microlitres("0.45")).toBe(450n);
    expect(microlitres("7.48")).toBe(7_480n);
    expect(microlitres("250")).toBe(250_000n);
    expect(microlitres("10.781")).toBe(10_781n);
  });
});
