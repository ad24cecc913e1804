// 64-bit values never wrap (review finding: a scenario dose of 2^64 + 25,000,000 reached the pump
// as 25,000,000 and the scenario passed). The scenario loader refuses any u64 above 2^64 − 1 with
// its file and JSON path, before anything runs (REQ-HIL-001); the workflow encoders under the
// driver refuse a value outside 0 … 2^64 − 1 with a RangeError instead of sending its low 64 bits
// (REQ-HIL-012).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { formatScenarioError, loadScenarios } from "../../hil/runner/load-scenarios.ts";
import {
  encodeBolus,
  encodeProgramBlock,
  encodeSecondary,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-hil-u64-");
afterAll(() => TEMP.remove());

const U64_MAX = (1n << 64n) - 1n;
const WRAPS_TO_25_MILLION = ((1n << 64n) + 25_000_000n).toString(); // "18446744073734551616"

/** A heparin 25 units/kg/h program (a GO for 70 kg) whose dose is `dose`, expected to be accepted. */
function heparin(name: string, dose: string, extra: unknown[] = []): string {
  const file = join(TEMP.path, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      id: `SC-${name}`,
      title: "t",
      requirements: ["REQ-HIL-001"],
      hazards: [],
      steps: [
        { send: "SELECT_CARE_AREA", args: { careAreaId: 0 } },
        { send: "SET_PATIENT", args: { weightG: 70000 } },
        { send: "SELECT_DRUG", args: { entryId: 1001, concentrationIndex: 0 } },
        { send: "PROGRAM", args: { mode: "DOSE", dose, vtbiUl: "500000" }, expect: { result: "OK", verdict: "GO" } },
        ...extra,
      ],
    }),
  );
  return file;
}

describe("REQ-HIL-001 a u64 above 2^64 − 1 in a scenario file", () => {
  it("REQ-HIL-001: a dose of 2^64 + 25,000,000 is refused at its JSON path, naming the largest value allowed", () => {
    const file = heparin("wraps", WRAPS_TO_25_MILLION);
    const result = loadScenarios([file]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        file,
        path: "/steps/3/args/dose",
        message: `"${WRAPS_TO_25_MILLION}" is too large: a 64-bit value is at most "18446744073709551615" (2^64 − 1)`,
      },
    ]);
    expect(formatScenarioError(result.errors[0])).toBe(
      `${file}: /steps/3/args/dose (step 4): ${result.errors[0].message}`,
    );
  });

  it("REQ-HIL-001: the same refusal for an expected value (a range bound) and for twenty nines; 2^64 − 1 itself loads", () => {
    const over = heparin("over-in-expect", "25000000", [
      { expectDelivered: { ul: "99999999999999999999" } },
      { expectMotor: { max: (U64_MAX + 1n).toString() } },
    ]);
    const result = loadScenarios([over]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => [e.path, e.message.replace(/ is too large.*/, "")])).toEqual([
        ["/steps/4/expectDelivered/ul", '"99999999999999999999"'],
        ["/steps/5/expectMotor/max", '"18446744073709551616"'],
      ]);
    for (const value of [U64_MAX, 10n ** 19n, 10n ** 19n - 1n, 0n]) {
      expect(loadScenarios([heparin(`fits-${value}`, value.toString())]).ok, value.toString()).toBe(true);
    }
  });
});

describe("REQ-HIL-012 the workflow encoders refuse a value that does not fit 64 bits", () => {
  const outOfRange = [1n << 64n, (1n << 64n) + 25_000_000n, -1n];

  it.each(outOfRange)("REQ-HIL-012: %s is a RangeError in every u64 field, never its low 64 bits", (value) => {
    for (const key of ["rateUlPerHour", "dose", "durationS", "vtbiUl"] as const) {
      expect(() => encodeProgramBlock({ mode: Mode.DOSE, [key]: value }), key).toThrow(RangeError);
      expect(
        () => encodeSecondary({ entryId: 1070, concentrationIndex: 0, program: { mode: Mode.RATE, [key]: value } }),
        key,
      ).toThrow(RangeError);
    }
    expect(() => encodeProgramBlock({ mode: Mode.DOSE, dose: value })).toThrow(
      `dose ${value} does not fit 64 bits (0 … ${U64_MAX})`,
    );
    expect(() => encodeSelectDrug({ entryId: 1001, concentrationIndex: 0, customAmountAbu: value })).toThrow(
      RangeError,
    );
    expect(() => encodeBolus({ kind: 0, dose: value, rateUlPerHour: 1n })).toThrow(RangeError);
    expect(() => encodeBolus({ kind: 0, dose: 1n, rateUlPerHour: value })).toThrow(RangeError);
  });

  it("REQ-HIL-012: 0 and 2^64 − 1 are encoded as they are", () => {
    const block = encodeProgramBlock({ mode: Mode.DOSE, dose: U64_MAX, vtbiUl: 0n });
    expect(Buffer.from(block.subarray(12, 20)).toString("hex")).toBe("ff".repeat(8));
    expect(Buffer.from(block.subarray(28, 36)).toString("hex")).toBe("00".repeat(8));
    expect(
      Buffer.from(encodeBolus({ kind: 0, dose: U64_MAX, rateUlPerHour: 0n }).subarray(2, 10)).toString("hex"),
    ).toBe("ff".repeat(8));
  });
});
