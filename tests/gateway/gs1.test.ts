// Medication labels scanned at the bedside (gateway/bcma/gs1.ts): GS1 element strings with or
// without symbology identifier, raw with FNC1 (GS) or in parentheses; GTIN check digit, expiry
// with day 00 and the GS1 century rule, lot and serial; anything else refused by name (REQ-GW-004).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDigitValid,
  fullYear,
  Gs1Error,
  GROUP_SEPARATOR as GS,
  isExpired,
  parseMedicationLabel,
} from "../../gateway/bcma/gs1.ts";

/** The GS1 mod-10 check digit, computed independently of the module (weights 3,1 from the right). */
function withCheckDigit(body: string): string {
  const digits = [...body].reverse().map(Number);
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const GTIN = withCheckDigit("0030001234567"); // 14 digits

describe("REQ-GW-004 GS1 medication labels", () => {
  it("REQ-GW-004: reads the same label in its three forms", () => {
    const expected = { gtin: GTIN, expiry: "2027-03-31", lot: "AB12", serial: "SN-77" };
    expect(parseMedicationLabel(`]d201${GTIN}17270300` + `10AB12${GS}21SN-77`, 2026)).toEqual(expected);
    expect(parseMedicationLabel(`01${GTIN}1727030021SN-77${GS}10AB12`, 2026)).toEqual(expected);
    expect(parseMedicationLabel(`(01)${GTIN}(17)270300(10)AB12(21)SN-77`, 2026)).toEqual(expected);
    expect(parseMedicationLabel(`01${GTIN}`, 2026)).toEqual({ gtin: GTIN });
  });

  it("REQ-GW-004: the check digit catches every single-digit misread of a GTIN", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13}$/), fc.nat(13), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const good = withCheckDigit(body);
        expect(checkDigitValid(good)).toBe(true);
        const bad = good.slice(0, at) + String((Number(good[at]) + delta) % 10) + good.slice(at + 1);
        expect(checkDigitValid(bad)).toBe(false);
      }),
    );
  });

  it("REQ-GW-004: an expiry is used up to and including its day; day 00 is the month's last day", () => {
    const label = parseMedicationLabel(`01${GTIN}17260200`, 2026);
    expect(label.expiry).toBe("2026-02-28");
    expect(isExpired(label, "2026-02-28")).toBe(false);
    expect(isExpired(label, "2026-03-01")).toBe(true);
    expect(parseMedicationLabel(`01${GTIN}17280229`, 2026).expiry).toBe("2028-02-29");
  });

  it("REQ-GW-004: a two-digit year is placed by the GS1 rule: 99 read in 2026 is 1999 (expired), not 2099", () => {
    expect(fullYear(99, 2026)).toBe(1999);
    expect(fullYear(76, 2026)).toBe(2076);
    expect(fullYear(77, 2026)).toBe(1977);
    expect(fullYear(5, 2096)).toBe(2105);
    expect(isExpired(parseMedicationLabel(`01${GTIN}17991231`, 2026), "2026-12-04")).toBe(true);
  });

  it("REQ-GW-004: refuses a bad label naming the AI and the problem", () => {
    const cases: [string, RegExp][] = [
      ["", /empty/],
      [`01${GTIN.slice(0, 13)}${(Number(GTIN[13]) + 1) % 10}`, /\(01\) GTIN \d{14}: the check digit is wrong/],
      [`01${GTIN}17271301`, /\(17\) expiry 271301: month 13/],
      [`01${GTIN}17270230`, /day 30 does not exist in 2027-02/],
      [`01${GTIN}11270101`, /application identifier \(11\) at character 17 is not one/],
      [`(01)${GTIN}(30)5`, /application identifier \(30\) is not one/],
      [`10AB${GS}21X`, /no \(01\) GTIN/],
      [`01${GTIN}10${"L".repeat(21)}`, /\(10\) batch\/lot "L{21}" has 21 characters; 1 to 20 expected/],
      [`01${GTIN}10A B`, /\(10\) batch\/lot "A B" has characters GS1 does not allow/],
      [`(01)${GTIN}(01)${GTIN}`, /\(01\) GTIN appears twice/],
      [`(01)${GTIN}x`, /\(01\) GTIN "\d{14}x" has 15 characters; exactly 14 expected/],
      [`(01)${GTIN}(17`, /unreadable text at character 19/],
      [`0112345`, /\(01\) GTIN "12345" has 5 characters; exactly 14 expected/],
    ];
    for (const [scan, message] of cases)
      expect(() => parseMedicationLabel(scan, 2026), JSON.stringify(scan)).toThrow(message);
    expect(() => parseMedicationLabel("", 2026)).toThrow(Gs1Error);
  });
});
