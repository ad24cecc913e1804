// REQ-LIB-009 at the file level: bytes that are not clean JSON fail closed with a rule id.
import { describe, expect, it } from "vitest";
import { parseLibraryText } from "../../hil/library/compiler/json-text.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("library file parsing", () => {
  it("REQ-LIB-009: a repeated key is an error, not silently the last value (duplicate-key)", () => {
    expect(parseLibraryText(bytes('{"limits": {"dose": {"unit": "mg/h", "hardMax": "5", "hardMax": "50"}}, "entries": [{"a/b": 1, "a/b": 2}]}'))).toEqual({
      ok: false,
      errors: [
        { path: "/limits/dose/hardMax", rule: "duplicate-key", message: 'key "hardMax" appears more than once in this object; keep only one' },
        { path: "/entries/0/a~1b", rule: "duplicate-key", message: 'key "a/b" appears more than once in this object; keep only one' },
      ],
    });
  });

  it("REQ-LIB-009: invalid JSON and invalid UTF-8 are json-syntax errors", () => {
    expect(parseLibraryText(bytes('{"name": '))).toEqual({
      ok: false,
      errors: [{ path: "", rule: "json-syntax", message: "not valid JSON: Unexpected end of JSON input; fix the syntax (a JSON-aware editor shows where)" }],
    });
    expect(parseLibraryText(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      errors: [{ path: "", rule: "json-syntax", message: "the file is not valid UTF-8; save it as UTF-8" }],
    });
  });

  it("accepts a byte-order mark, escaped quotes in keys and strings, and empty containers", () => {
    expect(parseLibraryText(bytes('\uFEFF{"a\\"b": "x\\"}", "c": [ ], "d": { }, "e": [1, true, null]}'))).toEqual({
      ok: true,
      json: { 'a"b': 'x"}', c: [], d: {}, e: [1, true, null] },
    });
  });
});
