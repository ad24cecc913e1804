// Issue 13: external codes in library JSON (docs/library-format.md §5 "codes"): the schema's shape,
// the compiler's records (ENTRY_CODES 26, CONCENTRATION_CODES 27) admitted by the firmware and read
// back byte for byte, and rule duplicate-code — a code used twice anywhere in the library.
import { describe, expect, it } from "vitest";
import { Status } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { freshEngine } from "../firmware/engine-fixture.ts";
import { errorsOf, validLibrary, type Json } from "./helpers.ts";

function withCodes(): Json {
  const lib = validLibrary();
  lib.entries[0].codes = ["RXN:3628", "FORM-DOPA"];
  lib.entries[3].codes = ["RXN:5224"];
  lib.entries[3].concentrations[0].codes = ["NDC:0409-7620-03"];
  lib.entries[2].codes = ["NS-0.9"];
  return lib;
}

function imageOf(lib: Json): Uint8Array {
  const result = compileLibrary(lib);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.image;
}

const contains = (image: Uint8Array, text: string): boolean => Buffer.from(image).includes(Buffer.from(text));

describe("REQ-GW-011 external codes in library JSON", () => {
  it("REQ-GW-011: entry and concentration codes compile to format 3 and the firmware admits the image", async () => {
    const image = imageOf(withCodes());
    expect(new DataView(image.buffer, image.byteOffset).getUint16(4, true)).toBe(3);
    for (const code of ["RXN:3628", "FORM-DOPA", "RXN:5224", "NDC:0409-7620-03", "NS-0.9"])
      expect(contains(image, code), code).toBe(true);
    const engine = await freshEngine();
    expect(engine.loadLibrary(image)).toBe(Status.OK);
  });

  it("REQ-GW-011: codes alone make the image format 3; without them the format stays lower (bytes unchanged)", () => {
    const format = (image: Uint8Array): number => new DataView(image.buffer, image.byteOffset).getUint16(4, true);
    expect(format(imageOf(validLibrary()))).toBeLessThan(3);
    const lib = validLibrary();
    lib.entries[2].codes = ["NS-0.9"];
    expect(format(imageOf(lib))).toBe(3);
  });

  it("REQ-GW-012: a code used by two entries is an error at the second use (duplicate-code)", () => {
    const lib = withCodes();
    lib.entries[1].codes = ["RXN:3628"];
    expect(errorsOf(lib)).toEqual([
      {
        path: "/entries/1/codes/0",
        rule: "duplicate-code",
        message:
          'external code "RXN:3628" is already used at /entries/0/codes/0; an order\'s drug code must name one entry and concentration, so give each its own code',
      },
    ]);
  });

  it("REQ-GW-012: lint reports a code used by two entries as an error", () => {
    const lib = withCodes();
    lib.entries[3].codes = ["FORM-DOPA"];
    const errors = (json: Json): { rule: string; path: string }[] =>
      lintLibrary(json)
        .findings.filter((f) => f.severity === "error")
        .map(({ rule, path }) => ({ rule, path }));
    // The reference library has one lint error of its own (NICU without weight limits); the code adds one.
    expect(errors(lib)).toEqual([
      ...errors(withCodes()),
      { rule: "compile:duplicate-code", path: "/entries/3/codes/0" },
    ]);
  });

  it("REQ-GW-012: an entry code reused on a concentration of another entry is an error too", () => {
    const lib = withCodes();
    lib.entries[3].concentrations[0].codes = ["FORM-DOPA"];
    expect(errorsOf(lib).map((e) => [e.path, e.rule])).toEqual([
      ["/entries/3/concentrations/0/codes/0", "duplicate-code"],
    ]);
  });

  it("REQ-GW-011: the schema refuses a space, 33 characters, five codes, an empty list and a repeat", () => {
    for (const codes of [["A B"], ["x".repeat(33)], ["a", "b", "c", "d", "e"], [], ["a", "a"]]) {
      const lib = validLibrary();
      lib.entries[0].codes = codes;
      const errors = errorsOf(lib);
      expect(errors.length, JSON.stringify(codes)).toBeGreaterThan(0);
      expect(errors.every((e) => e.path.startsWith("/entries/0/codes") && e.rule.startsWith("schema:"))).toBe(true);
    }
    const lib = validLibrary();
    lib.entries[0].codes = ["x".repeat(32), "!~"];
    expect(errorsOf(lib)).toEqual([]);
  });
});
