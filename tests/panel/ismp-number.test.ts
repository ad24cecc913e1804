// The panel's numeric entry (simulator/panel/ismp-number.ts) against ISMP's dose designations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatExact, formatRatio, parseIsmpNumber, toCanonical } from "../../simulator/panel/ismp-number.ts";

const ok = (text: string) => {
  const parsed = parseIsmpNumber(text, "Dose");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const error = (text: string): string => {
  const parsed = parseIsmpNumber(text, "Dose");
  if (parsed.ok) throw new Error(`${text} was accepted`);
  return parsed.error;
};

describe("REQ-PNL-010 a leading zero is required", () => {
  it("REQ-PNL-010: 0.5 is accepted exactly; .5 is refused with the leading-zero form to write", () => {
    expect(ok("0.5")).toEqual({ digits: 5n, scale: 1 });
    expect(error(".5")).toBe('Dose: ".5": write a leading zero, 0.5, never .5 (a naked decimal point is read as 5)');
  });
  it("REQ-PNL-010: extra leading zeros are refused too (05 is written 5)", () => {
    expect(error("05")).toContain("write 5 without extra leading zeros");
    expect(error("00.5")).toContain("write 0.5 without extra leading zeros");
  });
});

describe("REQ-PNL-011 no trailing zero, the number alone, units beside the field", () => {
  it("REQ-PNL-011: 5.0 and 0.50 are refused naming what to write; 5, 10 and 1,000 are accepted", () => {
    expect(error("5.0")).toContain("no trailing zero, write 5 ");
    expect(error("0.50")).toContain("write 0.5 ");
    expect(error("5.")).toContain("write 5 without the trailing decimal point");
    expect(ok("5")).toEqual({ digits: 5n, scale: 0 });
    expect(ok("10")).toEqual({ digits: 10n, scale: 0 });
    expect(ok("1,000")).toEqual({ digits: 1000n, scale: 0 });
  });
  it("REQ-PNL-011 REQ-PNL-012: a unit, a sign, a decimal comma or garbage is an entry error that says why", () => {
    expect(error("5 mg")).toContain("enter the number only");
    expect(error("5mcg")).toContain("enter the number only");
    expect(error("-1")).toContain("negative");
    expect(error("0,5")).toContain("a comma only groups thousands");
    expect(error("1.2.3")).toContain("is not a number");
    expect(error("")).toBe("Dose: enter a number");
    expect(error("1234567890123456")).toContain("more than 15 significant digits");
  });
  it("REQ-PNL-011: every value the panel writes (formatRatio) is accepted back by the parser as the same value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (digits, scale) => {
        const text = formatRatio(digits, 10n ** BigInt(scale));
        const back = ok(text);
        expect(back.digits * 10n ** BigInt(scale)).toBe(digits * 10n ** BigInt(back.scale));
        expect(formatExact(back)).toBe(text);
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});

describe("REQ-PNL-012 conversion to the pump's units is exact or refused", () => {
  it("REQ-PNL-012: 0.05 mcg/kg/min is 3,000,000 ABU/kg/h; 12.5 mL/h is 12,500 µL/h; a finer value is refused", () => {
    expect(toCanonical(ok("0.05"), 60_000_000n, "Dose", "micrograms per kilogram per minute")).toEqual({
      ok: true,
      value: 3_000_000n,
    });
    expect(toCanonical(ok("12.5"), 1000n, "Rate", "millilitres per hour")).toEqual({ ok: true, value: 12_500n });
    const finer = toCanonical(ok("0.0005"), 1000n, "Rate", "millilitres per hour");
    expect(finer).toEqual({
      ok: false,
      error: "Rate: 0.0005 millilitres per hour is finer than the pump resolves (steps of 0.001 millilitres per hour)",
    });
  });
  it("REQ-PNL-012: display text has a leading zero, no trailing zero, thousands grouped, and says 'about' when rounded", () => {
    expect(formatRatio(5n, 10n)).toBe("0.5");
    expect(formatRatio(50n, 10n)).toBe("5");
    expect(formatRatio(1_234_500n, 1000n)).toBe("1,234.5");
    expect(formatRatio(1n, 3n)).toBe("about 0.3333");
  });
});
