// The request checks of docs/engine.md §5: each status, and the order between neighbouring checks.
import { describe, expect, it } from "vitest";
import { OracleMode, OracleStatus as S } from "./constants.ts";
import { Oracle } from "./evaluate.ts";
import { AREA_ICU, AREA_PEDS, CHEMO, fixtureImage, HEPARIN, KCL, OXYTOCIN, SALINE } from "./fixture-library.ts";
import { type TestRequest, writeTestRequest } from "./test-request-writer.ts";

const { RATE, DOSE, DURATION } = OracleMode;
const base: TestRequest = {
  entryId: OXYTOCIN,
  careAreaId: AREA_ICU,
  concentrationIndex: 0,
  mode: RATE,
  values: { RATE: 1_000n },
};
const req = (change: Partial<TestRequest>): TestRequest => ({ ...base, ...change });
const rateOf = (values: TestRequest["values"]) => req({ values: { RATE: 1_000n, ...values } });

function withBytes(request: TestRequest, patches: Record<number, number>): Uint8Array {
  const bytes = writeTestRequest(request);
  for (const [offset, value] of Object.entries(patches)) bytes[Number(offset)] = value;
  return bytes;
}

const loaded = (): Oracle => {
  const oracle = new Oracle();
  expect(oracle.loadLibrary(fixtureImage)).toBe(S.OK);
  return oracle;
};

describe("REQ-ENG-003 oracle request checks in the order of engine.md §5", () => {
  it("NO_LIBRARY comes first, also after a failed load; a failed load keeps the active library (ABI 4)", () => {
    const bad = writeTestRequest(req({ mode: 0 }));
    expect(new Oracle().evaluateRaw(bad).status).toBe(S.NO_LIBRARY);
    const fresh = new Oracle();
    expect(fresh.loadLibrary(fixtureImage.slice(0, 100))).toBe(S.IMAGE_SIZE);
    expect(fresh.evaluateRaw(writeTestRequest(base)).status).toBe(S.NO_LIBRARY);
    const oracle = loaded();
    expect(oracle.loadLibrary(fixtureImage.slice(0, 100))).toBe(S.IMAGE_SIZE);
    expect(oracle.evaluateRaw(writeTestRequest(base)).status).toBe(S.OK);
  });

  it.each<[string, Uint8Array, number]>([
    ["valid request", writeTestRequest(base), S.OK],
    ["mode 0", writeTestRequest(req({ mode: 0 })), S.BAD_MODE],
    ["mode 4 beats a reserved byte", withBytes(req({ mode: 4 }), { 7: 1 }), S.BAD_MODE],
    ["reserved byte 7", withBytes(base, { 7: 1 }), S.BAD_REQUEST],
    ["reserved byte 15", withBytes(base, { 15: 0x80 }), S.BAD_REQUEST],
    ["presence bit 15 (reserved) beats a zero value", withBytes(rateOf({ WEIGHT: 0n }), { 9: 0x80 }), S.BAD_REQUEST],
    // Issue 15 (REQ-PCA-010): bit 14 is the PCA window, 1 … 14,400 at step 4.
    ["presence bit 14 (PCA) with the window 0", withBytes(base, { 9: 0x40 }), S.VALUE_OUT_OF_RANGE],
    [
      "presence bit 14 (PCA) on an entry that is not PCA",
      withBytes(base, { 9: 0x40, 128: 0x10, 129: 0x0e }),
      S.UNEXPECTED_VALUE,
    ],
    ["present value 0", writeTestRequest(rateOf({ VTBI: 0n })), S.VALUE_OUT_OF_RANGE],
    ["rate one above the pump maximum", writeTestRequest(rateOf({ RATE: 10_000_000n })), S.VALUE_OUT_OF_RANGE],
    [
      "custom amount 2^48 beats an unexpected custom amount",
      writeTestRequest(rateOf({ CUSTOM_AMOUNT: 1n << 48n })),
      S.VALUE_OUT_OF_RANGE,
    ],
    ["a zero dose beats the missing rate", writeTestRequest(req({ values: { DOSE: 0n } })), S.VALUE_OUT_OF_RANGE],
    ["absent value slots are ignored whatever their bytes", withBytes(base, { 40: 0xff, 47: 0xff }), S.OK],
    ["missing rate beats an extra dose", writeTestRequest(req({ values: { DOSE: 5n } })), S.MISSING_VALUE],
    ["rate and duration in RATE mode", writeTestRequest(rateOf({ DURATION: 60n })), S.UNEXPECTED_VALUE],
    [
      "unknown care area beats unknown entry",
      writeTestRequest(req({ careAreaId: 1, entryId: 99 })),
      S.UNKNOWN_CARE_AREA,
    ],
    ["unknown entry", writeTestRequest(req({ entryId: 99 })), S.UNKNOWN_ENTRY],
    ["entry not in the care area", writeTestRequest(req({ careAreaId: AREA_PEDS })), S.NOT_IN_CARE_AREA],
    ["concentration index past the count", writeTestRequest(req({ concentrationIndex: 1 })), S.BAD_CONCENTRATION],
    ["no concentration for a drug", writeTestRequest(req({ concentrationIndex: 0xff })), S.BAD_CONCENTRATION],
    [
      "a concentration for a fluid beats DOSE mode",
      writeTestRequest(req({ entryId: SALINE, mode: DOSE, values: { DOSE: 1n } })),
      S.BAD_CONCENTRATION,
    ],
    [
      "DOSE mode on a fluid",
      writeTestRequest(req({ entryId: SALINE, concentrationIndex: 0xff, mode: DOSE, values: { DOSE: 1n } })),
      S.BAD_MODE,
    ],
    ["custom volume with a fixed concentration", writeTestRequest(rateOf({ CUSTOM_VOLUME: 5n })), S.UNEXPECTED_VALUE],
    [
      "loading dose on a fluid",
      writeTestRequest(req({ entryId: SALINE, concentrationIndex: 0xff, values: { RATE: 1n, LOADING_DOSE: 1n } })),
      S.UNEXPECTED_VALUE,
    ],
    [
      "bolus rate on a fluid is fine",
      writeTestRequest(req({ entryId: SALINE, concentrationIndex: 0xff, values: { RATE: 1n, BOLUS_RATE: 1n } })),
      S.OK,
    ],
    [
      "unexpected custom amount beats missing weight",
      writeTestRequest(req({ entryId: HEPARIN, values: { RATE: 1n, CUSTOM_AMOUNT: 1n } })),
      S.UNEXPECTED_VALUE,
    ],
    ["weight-based entry without weight", writeTestRequest(req({ entryId: HEPARIN })), S.MISSING_VALUE],
    [
      "custom concentration without volume",
      writeTestRequest(
        req({ entryId: HEPARIN, concentrationIndex: 1, values: { RATE: 1n, WEIGHT: 1n, CUSTOM_AMOUNT: 1n } }),
      ),
      S.MISSING_VALUE,
    ],
    [
      "BSA-based entry without BSA",
      writeTestRequest(req({ entryId: CHEMO, values: { RATE: 1n, VTBI: 1n } })),
      S.MISSING_VALUE,
    ],
    [
      "intermittent entry without VTBI",
      writeTestRequest(req({ entryId: CHEMO, values: { RATE: 1n, BSA: 1n } })),
      S.MISSING_VALUE,
    ],
    [
      "DURATION mode without VTBI",
      writeTestRequest(req({ entryId: KCL, mode: DURATION, values: { DURATION: 60n } })),
      S.MISSING_VALUE,
    ],
    [
      "DURATION mode, 1 µL over 3,601 s is 0 µL/h",
      writeTestRequest(req({ entryId: KCL, mode: DURATION, values: { DURATION: 3_601n, VTBI: 1n } })),
      S.DERIVED_OUT_OF_RANGE,
    ],
  ])("%s", (_name, bytes, expected) => {
    const result = loaded().evaluateRaw(bytes);
    expect(result.status).toBe(expected);
    if (expected !== S.OK) {
      expect(result).toEqual({
        status: expected,
        verdict: 0xff,
        bindingParam: 0xff,
        bindingTier: 0,
        bindingLimitValue: 0n,
        deliveredRateUlPerHour: 0n,
        params: [],
        // A failed request carries no defaults (docs/abi.md §5): the block is zero.
        defaults: [0n, 0n, 0n, 0n, 0n, 0n],
      });
    }
  });
});
