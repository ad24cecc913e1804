// Canonical JSON (REQ-RPT-002): key order, layout, integers only.
import { describe, expect, it } from "vitest";
import { canonicalJson, CanonicalJsonError } from "../../hil/report/canonical-json.ts";
import { renderJson } from "../../hil/report/write-reports.ts";
import { runResult } from "./fixture.ts";

describe("REQ-RPT-002 canonical JSON", () => {
  it("sorts keys at every level, indents by two spaces and ends with a newline", () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" }, B: [] });
    expect(text).toBe(
      [
        "{",
        '  "B": [],',
        '  "a": {',
        '    "c": "x",',
        '    "d": [',
        "      3,",
        "      {",
        '        "y": null,',
        '        "z": true',
        "      }",
        "    ]",
        "  },",
        '  "b": 1',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("does not depend on the order properties were created in", () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it("omits undefined properties, writes -0 as 0 and escapes strings as JSON", () => {
    expect(canonicalJson({ a: undefined, b: -0, c: 'quote " and \n' })).toBe(
      '{\n  "b": 0,\n  "c": "quote \\" and \\n"\n}\n',
    );
    expect(canonicalJson({})).toBe("{}\n");
  });

  it.each([
    ["a float", { a: { b: [1, 1.5] } }, "$.a.b[1]"],
    ["NaN", { n: Number.NaN }, "$.n"],
    ["an infinity", { n: Number.POSITIVE_INFINITY }, "$.n"],
    ["an unsafe integer", { n: 2 ** 53 }, "$.n"],
    ["a bigint", { n: 5n }, "$.n"],
    ["a Date", { when: new Date(0) }, "$.when"],
    ["undefined in an array", { list: [undefined] }, "$.list[0]"],
  ])("refuses %s, naming its JSON path", (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(path);
  });

  it("report.json is the run result plus its traceability matrix, canonical", () => {
    const result = runResult();
    const text = renderJson(result);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([...Object.keys(result), "traceability"].sort());
    expect(canonicalJson(parsed)).toBe(text);
    expect(parsed.scenarios[1].title).toBe(result.scenarios[1].title);
  });

  it("report.json refuses a float anywhere in the run result", () => {
    const result = runResult();
    result.scenarios[0].durationMs = 12.5;
    expect(() => renderJson(result)).toThrow("$.scenarios[0].durationMs");
  });
});
