// The gateway's strict HL7 v2 reader (gateway/hl7, docs/decisions/0031-strict-hl7-parser.md):
// delimiters from MSH, escapes, repetitions, components and subcomponents; every malformed message
// refused with the segment and field named and the HL7 table 0357 code for the NAK. Messages the
// independent @medplum/core package builds read the same in both (REQ-GW-001, REQ-GW-002).
import * as medplum from "@medplum/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDelimiters, STANDARD_DELIMITERS, type Delimiters } from "../../gateway/hl7/delimiters.ts";
import { encodeHl7 } from "../../gateway/hl7/encode.ts";
import { escapeValue, unescapeValue } from "../../gateway/hl7/escape.ts";
import { Hl7Error, Hl7ErrorCode } from "../../gateway/hl7/location.ts";
import { MAX_MESSAGE_CHARS, parseHl7, repetitions, segmentsOf, value } from "../../gateway/hl7/message.ts";

const MSH =
  "MSH|^~\\&|IOP^1234560000000001^EUI-64|IOP|IOC^6543210000000001^EUI-64|IOC|20261204120000+0000||RGV^O15^RGV_O15|MSG-1|P|2.6|||AL|ER||UNICODE UTF-8|||IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO";

function refused(text: string): Hl7Error {
  try {
    parseHl7(text);
  } catch (error) {
    if (error instanceof Hl7Error) return error;
    throw error;
  }
  throw new Error("parsed, expected a refusal");
}

describe("REQ-GW-001 strict HL7 v2 parsing", () => {
  it("REQ-GW-001: reads MSH-1 and MSH-2 as they are and fields by number from MSH-3 on", () => {
    const m = parseHl7(`${MSH}\rPID|||MRN-123^^^HOSP^MR~ALT-9^^^X^PI||Doe^John\r`);
    const msh = m.segments[0];
    expect(value(msh, 1)).toBe("|");
    expect(value(msh, 2)).toBe("^~\\&");
    expect(value(msh, 3, 2)).toBe("1234560000000001");
    expect(value(msh, 9, 1)).toBe("RGV");
    expect(value(msh, 9, 3)).toBe("RGV_O15");
    expect(value(msh, 21, 3)).toBe("1.3.6.1.4.1.19376.1.6.1.3.1");
    const [pid] = segmentsOf(m, "PID");
    expect(repetitions(pid, 3).map((r) => r[0][0])).toEqual(["MRN-123", "ALT-9"]);
    expect(value(pid, 5, 2)).toBe("John");
    expect(value(pid, 7)).toBe("");
  });

  it("REQ-GW-001: unescapes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ and hex, and splits subcomponents", () => {
    const m = parseHl7(`${MSH}\rNTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X48C3A9\\^x&y&z\r`);
    const [nte] = segmentsOf(m, "NTE");
    expect(value(nte, 3, 1)).toBe("a|b^c&d~e\\fHé");
    expect(nte.fields[3][0][1]).toEqual(["x", "y", "z"]);
  });

  it("REQ-GW-001: takes other delimiters from the message itself", () => {
    const d = readDelimiters("MSH#*!$%#A");
    expect(d).toEqual({ field: "#", component: "*", repetition: "!", escape: "$", subcomponent: "%" });
    const m = parseHl7("MSH#*!$%#A*B#C\rPID###X*Y!Z$F$W\r");
    expect(value(m.segments[0], 3, 2)).toBe("B");
    expect(repetitions(m.segments[1], 3).map((r) => r.map((c) => c[0]))).toEqual([["X", "Y"], ["Z#W"]]);
  });

  it("REQ-GW-002: refuses each malformed message naming the segment, field and the table 0357 code", () => {
    const cases: [string, Hl7ErrorCode, RegExp][] = [
      ["PID|||1\r", Hl7ErrorCode.SEGMENT_SEQUENCE, /^segment MSH: .*does not start with MSH/],
      ["MSHA^~\\&|x", Hl7ErrorCode.DATA_TYPE, /^MSH-1: the field separator "A"/],
      ["MSH|^~\\|x", Hl7ErrorCode.DATA_TYPE, /^MSH-2: the encoding characters "\^~\\\\" must be 4/],
      ["MSH|^^\\&|x", Hl7ErrorCode.DATA_TYPE, /^MSH-2: the delimiters .* are not all different/],
      [`${MSH}\r\nPID|1\r`, Hl7ErrorCode.SEGMENT_SEQUENCE, /line feed/],
      [`${MSH}\r\rPID|1\r`, Hl7ErrorCode.SEGMENT_SEQUENCE, /^message: segment 2 is empty/],
      [
        `${MSH}\rpid|1\r`,
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        /^message: segment 2, "pid\|1", does not begin with a segment ID/,
      ],
      [`${MSH}\rPIDX|1\r`, Hl7ErrorCode.SEGMENT_SEQUENCE, /does not begin with a segment ID/],
      [`${MSH}\r${MSH}\r`, Hl7ErrorCode.SEGMENT_SEQUENCE, /^segment MSH\[2\]: a second MSH/],
      [
        `${MSH}\rPID|||a\\Zb\\\r`,
        Hl7ErrorCode.DATA_TYPE,
        /^PID-3\.1\.1: the escape sequence "\\\\Zb\\\\" is not supported/,
      ],
      [
        `${MSH}\rPID|||ok~a\\F\r`,
        Hl7ErrorCode.DATA_TYPE,
        /^PID-3\(2\)\.1\.1: an escape sequence starting at character 2 is not closed/,
      ],
      [`${MSH}\rOBX|1||x^\\XC3\\\r`, Hl7ErrorCode.DATA_TYPE, /^OBX-3\.2\.1: the hexadecimal escape XC3 is not UTF-8/],
    ];
    for (const [text, code, message] of cases) {
      const error = refused(text);
      expect(error.message, JSON.stringify(text)).toMatch(message);
      expect(error.code, JSON.stringify(text)).toBe(code);
    }
    const long = refused(`${MSH}\rNTE|1||${"x".repeat(MAX_MESSAGE_CHARS)}\r`);
    expect(long.code).toBe(Hl7ErrorCode.VALUE_TOO_LONG);
    expect(long.message).toMatch(/^message: the message is \d+ characters long; at most 65536/);
  });

  it("REQ-GW-001: escaping then unescaping gives back any text, whatever the delimiters", () => {
    const delimiterSets = fc
      .uniqueArray(fc.constantFrom(..."|^~\\&#*!$%@/"), { minLength: 5, maxLength: 5 })
      .map(([field, component, repetition, escape, subcomponent]): Delimiters => ({
        field,
        component,
        repetition,
        escape,
        subcomponent,
      }));
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), delimiterSets, (text, d) => {
        const written = escapeValue(text, d);
        for (const c of [d.field, d.component, d.repetition, d.subcomponent, "\r", "\n"])
          expect(written).not.toContain(c);
        expect(unescapeValue(written, d)).toBe(text);
      }),
    );
  });

  it("REQ-GW-001: what the gateway writes it reads back value for value, and @medplum/core reads the same structure", () => {
    const text = fc.string({ unit: fc.constantFrom(..."ABCxyz019 .-|^~\\&\r") });
    const segment = fc.array(fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), (segments) => {
        const written = encodeHl7([
          { id: "MSH", fields: ["APP", "FAC"] },
          ...segments.map((fields, i) => ({ id: `Z${String(i).padStart(2, "0")}`, fields })),
        ]);
        const ours = parseHl7(written);
        const theirs = medplum.Hl7Message.parse(written);
        expect(ours.segments.length).toBe(segments.length + 1);
        for (const [i, fields] of segments.entries()) {
          const mine = ours.segments[i + 1];
          const other = theirs.segments[i + 1];
          for (const [f, reps] of fields.entries())
            for (const [r, comps] of reps.entries())
              for (const [c, v] of comps.entries()) {
                const trimmed = reps.length === 1 && comps.slice(c).every((x) => x === "") && r === reps.length - 1;
                if (trimmed) continue;
                expect(mine.fields[f + 1]?.[r]?.[c]?.[0] ?? "").toBe(v);
                // @medplum/core does not unescape: it must hold the escaped text at the same place.
                expect(
                  unescapeValue(other.getField(f + 1).getComponent(c + 1, undefined, r) ?? "", STANDARD_DELIMITERS),
                ).toBe(v);
              }
        }
      }),
      { numRuns: 300 },
    );
  });
});
