// The RFC 4180 reader (REQ-LC-022): quoted fields with commas, line breaks and doubled quotes;
// CRLF, LF and CR record ends; errors with the row and field instead of a silent repair; and a
// property: any table written with csvField reads back unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, parseCsv } from "../../hil/library/tools/csv/rfc4180.ts";

const fields = (text: string): string[][] => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.records.map((r) => r.fields);
};

describe("REQ-LC-022 RFC 4180 CSV reader", () => {
  it.each([
    [
      "CRLF records",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "LF and CR records too",
      "a,b\n1,2\r3,4",
      [
        ["a", "b"],
        ["1", "2"],
        ["3", "4"],
      ],
    ],
    ["a quoted comma", 'x,"1,5"\r\n', [["x", "1,5"]]],
    ["an escaped quote", '"say ""hi"""\r\n', [['say "hi"']]],
    ["a quoted CRLF stays in the field", '"line 1\r\nline 2",b\r\n', [["line 1\r\nline 2", "b"]]],
    [
      "empty fields, also at the end",
      "a,,\r\n,b,\r\n",
      [
        ["a", "", ""],
        ["", "b", ""],
      ],
    ],
    ["an empty quoted field", '"",x', [["", "x"]]],
    ["no final line break", "a,b", [["a", "b"]]],
    ["a byte-order mark is dropped", "\uFEFFid,code\r\n", [["id", "code"]]],
    ["spaces are kept (the table layer trims)", " a , b ", [[" a ", " b "]]],
  ])("REQ-LC-022: %s", (_title, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it("REQ-LC-022: rows are numbered by record, so a quoted line break does not shift them", () => {
    const result = parseCsv('h\r\n"a\r\nb"\r\nc\r\n');
    expect(result.ok && result.records.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it.each([
    ['a,"b', 1, 1, "a quoted field is never closed; add the closing double quote"],
    ['h\r\na,b"c', 2, 1, 'a double quote inside an unquoted field; put the field in quotes and write the quote as ""'],
    ['h\r\n"a"b,c', 2, 0, 'text after a closing quote; a quote inside a quoted field is written as two quotes ""'],
  ])("REQ-LC-022: %j is an error at row %i, field %i", (text, row, field, message) => {
    expect(parseCsv(text)).toMatchObject({ ok: false, row, field, message });
  });

  it("REQ-LC-022: any table written field by field with csvField reads back unchanged", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", ",", '"', "\r", "\n", "é", "µ"), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (width, rows) => {
          // A record of one empty field would be written as an empty line; RFC 4180 cannot tell it apart.
          const table = rows.map((r) => r.slice(0, width)).filter((r) => !(r.length === 1 && r[0] === ""));
          const text = table.map((r) => r.map(csvField).join(",")).join("\r\n");
          expect(fields(text)).toEqual(table);
        },
      ),
    );
  });
});
