// Checked fields (hil/model/fields.ts): exact values, ranges, names and codes, masks, text; the
// observed line is written in the vocabulary of the expected one, and a missing value says why.
import { describe, expect, it } from "vitest";
import { checkField, checkFields, checkWithin, SNAPSHOT_FIELDS, STATUS_FIELDS } from "../../hil/model/fields.ts";

describe("REQ-HIL-005 expected and observed lines", () => {
  it("REQ-HIL-005: integers exactly or in a range, also beyond 2^53 as decimal strings", () => {
    expect(checkField("rate", { kind: "int" }, 28000, 28000n)).toEqual({
      expected: "rate 28000",
      observed: "rate 28000",
      ok: true,
    });
    expect(checkField("big", { kind: "int" }, "18446744073709551615", 2n ** 64n - 1n).ok).toBe(true);
    expect(checkField("big", { kind: "int" }, "18446744073709551615", 2n ** 64n - 2n).ok).toBe(false);
    expect(checkField("n", { kind: "int" }, { min: 1 }, 0)).toEqual({
      expected: "n at least 1",
      observed: "n 0",
      ok: false,
    });
    expect(checkField("n", { kind: "int" }, { max: 3 }, 3).ok).toBe(true);
    expect(checkField("n", { kind: "int" }, { min: 1, max: 3 }, 4)).toEqual({
      expected: "n 1 to 3",
      observed: "n 4",
      ok: false,
    });
  });

  it("REQ-HIL-005: a name is answered with a name, a code with a code; masks as lists of names", () => {
    expect(checkField("state", SNAPSHOT_FIELDS.state, "RUNNING", 6)).toEqual({
      expected: "state RUNNING",
      observed: "state ALARM",
      ok: false,
    });
    expect(checkField("state", SNAPSHOT_FIELDS.state, 4, 4)).toEqual({
      expected: "state 4",
      observed: "state 4",
      ok: true,
    });
    expect(checkField("alarmMask", SNAPSHOT_FIELDS.alarmMask, ["OCCLUSION", "VTBI_COMPLETE"], 0b10001).ok).toBe(true);
    expect(checkField("alarmMask", SNAPSHOT_FIELDS.alarmMask, [], 0b10000)).toEqual({
      expected: "alarmMask []",
      observed: "alarmMask [VTBI_COMPLETE]",
      ok: false,
    });
    expect(checkField("faultMask", STATUS_FIELDS.faultMask, 2, 2).ok).toBe(true);
  });

  it("REQ-HIL-005: text and flags exactly; a field the answer lacks is observed as none, with the reason", () => {
    expect(checkField("name", { kind: "text" }, "General", "General Hospital")).toEqual({
      expected: 'name "General"',
      observed: 'name "General Hospital"',
      ok: false,
    });
    expect(checkField("active", { kind: "bool" }, true, true).ok).toBe(true);
    expect(
      checkFields(
        "snapshot.",
        SNAPSHOT_FIELDS,
        { state: "IDLE", motorRateUlPerHour: 0 },
        undefined,
        "refused OUT_OF_STATE",
      ),
    ).toEqual([
      { expected: "snapshot.state IDLE", observed: "snapshot.state (none: refused OUT_OF_STATE)", ok: false },
      {
        expected: "snapshot.motorRateUlPerHour 0",
        observed: "snapshot.motorRateUlPerHour (none: refused OUT_OF_STATE)",
        ok: false,
      },
    ]);
  });

  it("REQ-HIL-005 REQ-SIM-017: a measured volume within a tolerance: at the tolerance passes, one µL beyond fails, either way", () => {
    expect(checkWithin("deliveredUl", 2000n, 1n, 2001n)).toEqual({
      expected: "deliveredUl 2000 ± 1",
      observed: "deliveredUl 2001",
      ok: true,
    });
    expect(checkWithin("deliveredUl", 2000n, 1n, 1999n).ok).toBe(true);
    expect(checkWithin("deliveredUl", 2000n, 1n, 2002n)).toEqual({
      expected: "deliveredUl 2000 ± 1",
      observed: "deliveredUl 2002",
      ok: false,
    });
    expect(checkWithin("deliveredUl", 2000n, 1n, 1998n).ok).toBe(false);
    expect(checkWithin("deliveredUl", 0n, 0n, 0n).ok).toBe(true);
  });
});
