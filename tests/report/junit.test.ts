// junit.xml (REQ-RPT-007): well-formed, counts match, failure and skipped carry their messages.
import { describe, expect, it } from "vitest";
import { renderJunit } from "../../hil/report/junit.ts";
import { descendants, parseXml } from "./xml-check.ts";
import { FIX, runResult } from "./fixture.ts";

describe("REQ-RPT-007 JUnit XML", () => {
  const xml = renderJunit(runResult());
  const root = parseXml(xml);

  it("is well-formed XML with one suite and one test case per scenario", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe("testsuites");
    const suites = descendants(root, "testsuite");
    expect(suites).toHaveLength(1);
    const cases = descendants(root, "testcase");
    expect(cases.map((c) => c.attrs.classname)).toEqual(runResult().scenarios.map((s) => s.file));
    expect(cases[0].attrs.time).toBe("1.250");
  });

  it("counts match the scenarios", () => {
    for (const el of [root, descendants(root, "testsuite")[0]]) {
      expect(el.attrs).toMatchObject({ tests: "3", failures: "1", errors: "0", skipped: "1", time: "1.290" });
    }
    expect(descendants(root, "failure")).toHaveLength(1);
    expect(descendants(root, "skipped")).toHaveLength(1);
  });

  it("a failure carries the first failing step as its message and expected vs observed as its body", () => {
    const [failure] = descendants(root, "failure");
    expect(failure.attrs.message).toBe("step 1: verdict: expected HARD_STOP, observed SOFT_STOP");
    expect(failure.text).toContain("  expected: verdict HARD_STOP\n  observed: verdict SOFT_STOP");
    const [skipped] = descendants(root, "skipped");
    expect(skipped.attrs.message).toBe("blocked: step 1: needs rig control: fault lines");
  });

  it("escapes markup and shows characters XML cannot carry", () => {
    const failing = descendants(root, "testcase")[1];
    expect(failing.attrs.name).toBe(`${FIX.scFail}: ${FIX.markupTitle}`);
    const out = descendants(failing, "system-out")[0];
    expect(out.text).toContain("<script>x</script> [U+0001]");
  });

  it("records requirement and hazard IDs and the run's facts as properties", () => {
    const props = Object.fromEntries(descendants(root, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ "firmware.wasmSha256": "a".repeat(64), "library.sha256": "b".repeat(64), seeds: "lineImpairment=42, values=7" });
    const first = descendants(descendants(root, "testcase")[0], "property");
    expect(first.find((p) => p.attrs.name === "requirements")?.attrs.value).toBe(`${FIX.reqDose} ${FIX.reqStart}`);
    expect(first.find((p) => p.attrs.name === "hazards")?.attrs.value).toBe(FIX.hazOverdose);
  });

  it("has a timestamp only when the run result has one", () => {
    expect(xml).not.toContain("timestamp");
    const stamped = parseXml(renderJunit({ ...runResult(), timestamp: "2023-11-14T22:13:20Z" }));
    expect(descendants(stamped, "testsuite")[0].attrs.timestamp).toBe("2023-11-14T22:13:20Z");
  });

  it("the checker itself rejects malformed XML (self-test)", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow();
    expect(() => parseXml("<a>x & y</a>")).toThrow();
    expect(() => parseXml("<a>\u0001</a>")).toThrow();
    expect(() => parseXml("<a/><b/>")).toThrow();
  });
});
