// junit.xml (REQ-RPT-007): well-formed, counts match, failure and blocked (an error) carry their
// messages, classname is the scenario's area, time is wall-clock and only when recorded.
import { describe, expect, it } from "vitest";
import { junitClassname, renderJunit } from "../../hil/report/junit.ts";
import { descendants, parseXml } from "./xml-check.ts";
import { FIX, runResult } from "./fixture.ts";
import type { RunResult } from "../../hil/model/result-model.ts";

const withWallTimes = (): RunResult => {
  const result = runResult();
  result.scenarios.forEach((sc, i) => (sc.wallTimeMs = [812, 95, 3][i]));
  return result;
};

describe("REQ-RPT-007 JUnit XML", () => {
  const xml = renderJunit(runResult());
  const root = parseXml(xml);

  it("is well-formed XML with one suite and one test case per scenario", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe("testsuites");
    const suites = descendants(root, "testsuite");
    expect(suites).toHaveLength(1);
    const cases = descendants(root, "testcase");
    expect(cases.map((c) => c.attrs.name)).toEqual(runResult().scenarios.map((s) => `${s.id}: ${s.title}`));
  });

  it("REQ-RPT-007: classname is hil.<area> from the scenario id, never a file path", () => {
    expect(descendants(root, "testcase").map((c) => c.attrs.classname)).toEqual(["hil.fix", "hil.fix", "hil.fix"]);
    expect(junitClassname("SC-WF-010-heparin-hard-stop")).toBe("hil.wf");
    expect(junitClassname("SC-PRO-013-retransmission")).toBe("hil.pro");
  });

  it("REQ-RPT-007: counts match the scenarios; a blocked scenario is an error, nothing is skipped", () => {
    expect(root.attrs).toEqual({ name: "open-ders-hil HIL", tests: "3", failures: "1", errors: "1" });
    expect(descendants(root, "testsuite")[0].attrs).toEqual({
      name: "open-ders-hil HIL",
      tests: "3",
      failures: "1",
      errors: "1",
      skipped: "0",
    });
    expect(descendants(root, "failure")).toHaveLength(1);
    expect(descendants(root, "error")).toHaveLength(1);
    expect(descendants(root, "skipped")).toHaveLength(0);
  });

  it("REQ-RPT-007 REQ-RPT-003: without recorded wall times no time attribute appears; simulated time is a property saying so", () => {
    expect(xml).not.toMatch(/ time="/);
    const props = Object.fromEntries(descendants(root, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props[`${FIX.scPass}.simulatedTime`]).toBe("1.250 s");
    expect(props.time).toMatch(/^not recorded/);
  });

  it("REQ-RPT-007: recorded wall times become the time attributes; a rig's scenario time is rigTime", () => {
    const timed = parseXml(renderJunit(withWallTimes()));
    expect(descendants(timed, "testcase").map((c) => c.attrs.time)).toEqual(["0.812", "0.095", "0.003"]);
    expect(timed.attrs.time).toBe("0.910");
    expect(descendants(timed, "testsuite")[0].attrs.time).toBe("0.910");
    const rig = parseXml(
      renderJunit({ ...runResult(), target: { kind: "port", path: "/dev/ttyUSB0", baudRate: 115200 } }),
    );
    const names = descendants(rig, "property").map((p) => p.attrs.name);
    expect(names).toContain(`${FIX.scPass}.rigTime`);
    expect(names).not.toContain(`${FIX.scPass}.simulatedTime`);
  });

  it("a failure carries the first failing step as its message and expected vs observed as its body", () => {
    const [failure] = descendants(root, "failure");
    expect(failure.attrs.message).toBe("step 1: verdict: expected HARD_STOP, observed SOFT_STOP");
    expect(failure.text).toContain("  expected: verdict HARD_STOP\n  observed: verdict SOFT_STOP");
    const [blocked] = descendants(root, "error");
    expect(blocked.attrs).toEqual({ message: "blocked: step 1: needs rig control: fault lines", type: "blocked" });
    expect(blocked.text).toContain('step 1: fault {"set":["OCCLUSION"]} — needs rig control: fault lines');
  });

  it("escapes markup and shows characters XML cannot carry", () => {
    const failing = descendants(root, "testcase")[1];
    expect(failing.attrs.name).toBe(`${FIX.scFail}: ${FIX.markupTitle}`);
    const out = descendants(failing, "system-out")[0];
    expect(out.text).toContain("<script>x</script> [U+0001]");
  });

  it("records requirement and hazard IDs and the run's facts as properties", () => {
    const props = Object.fromEntries(descendants(root, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({
      "firmware.wasmSha256": "a".repeat(64),
      "library.sha256": "b".repeat(64),
      seeds: "lineImpairment=42, values=7",
    });
    expect(props[`${FIX.scPass}.requirements`]).toBe(`${FIX.reqDose} ${FIX.reqStart}`);
    expect(props[`${FIX.scPass}.hazards`]).toBe(FIX.hazOverdose);
    expect(props[`${FIX.scPass}.file`]).toBe("hil/scenarios/FIX-pass.json");
    expect(props[`${FIX.scPass}.fileSha256`]).toBe("c".repeat(64));
    for (const testcase of descendants(root, "testcase")) expect(descendants(testcase, "properties")).toEqual([]);
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
