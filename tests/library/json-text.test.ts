// REQ-LIB-009 at the file level: bytes that are not clean JSON fail closed with a rule id.
import { describe, expect, it } from "vitest";
import { parseLibraryText } from "../../hil/library/compiler/json-text.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("library file parsing", () => {
  it("REQ-LIB-009: a repeated key is an error, not silently the last value (duplicate-key)", () => {
    expect(
      parseLibraryText(
        bytes(
          '{"limits": {"dose": {"unit": "mg/h", "hardMax": "5", "hardMax": "50"}}, "entries": [{"a/b": 1, "a/b": 2}]}',
        ),
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          path: "/limits/dose/hardMax",
          rule: "duplicate-key",
          message: 'key "hardMax" appears more than once in this object; keep only one',
        },
        {
          path: "/entries/0/a~1b",
          rule: "duplicate-key",
          message: 'key "a/b" appears more than once in this object; keep only one',
        },
      ],
    });
  });

  it("REQ-LIB-009: invalid JSON and invalid UTF-8 are json-syntax errors", () => {
    expect(parseLibraryText(bytes('{"name": '))).toEqual({
      ok: false,
      errors: [
        {
          path: "",
          rule: "json-syntax",
          message:
            "not valid JSON: line 1, column 10: expected a value before the end of the file; fix the syntax there",
        },
      ],
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

  describe("REQ-LC-030 a syntax error is given as line and column, not a character offset", () => {
    const message = (text: string): string => {
      const parsed = parseLibraryText(bytes(text), "lib.json");
      if (parsed.ok) throw new Error("parsed");
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0]).toMatchObject({ path: "", rule: "json-syntax" });
      return parsed.errors[0].message;
    };
    it.each([
      ['{\n  "a": 1,\n}', "line 3, column 1: expected another property after ',' (JSON allows no trailing comma)"],
      ['{\n  "a" 1\n}', "line 2, column 7: expected ':' after the property name"],
      [
        '{\r\n  "a": x\r\n}',
        "line 2, column 8: expected a value (a string in double quotes, a number, true, false, null, an object or an array)",
      ],
      ['{\n  "a": tru }', 'line 2, column 11: expected "true"'],
      ['{"a": 1', "line 1, column 8: expected ',' or '}' after a property value"],
      ["[1, 2]]", "line 1, column 7: expected nothing after the end of the JSON value"],
      [
        '{"a": "b\nc"}',
        "line 1, column 9: expected no line break or control character inside a string (write \\n or \\uXXXX)",
      ],
      ['{"ü": "é", "x": 01}', "line 1, column 18: expected ',' or '}' after a property value"],
      ['\r{"a": [1 2]}', "line 2, column 10: expected ',' or ']' after an array value"],
      ["", "line 1, column 1: expected a value before the end of the file"],
    ])("REQ-LC-030: %j → %s", (text, where) => {
      const got = message(text);
      expect(got).toBe(`"lib.json" is not valid JSON: ${where}; fix the syntax there`);
      expect(got).not.toMatch(/position/);
    });
  });
});
