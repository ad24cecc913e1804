// REQ-LIB-011: the worked hex example of docs/library-image.md §8 is read out of the document
// itself and compared with the compiled tests/fixtures/tiny-library.json, byte for byte.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { docExampleDump } from "../support/library-image-doc.ts";
import { readJson, TINY_LIBRARY_PATH } from "./helpers.ts";

/** The §8 dump as bytes (null for the digest placeholder); checks each line's offset on the way. */
const documentedBytes = (): (number | null)[] =>
  docExampleDump((offset, expected, line) => expect(offset, `offset of line "${line}"`).toBe(expected));

describe("REQ-LIB-011 documented image format", () => {
  it("REQ-LIB-011: the §8 hex dump equals the compiled tiny library, digest recomputed", () => {
    const result = compileLibrary(readJson(TINY_LIBRARY_PATH));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const image = result.image;
    const digest = createHash("sha256").update(image.subarray(96)).digest();
    const expected = documentedBytes().map((byte, i) => byte ?? digest[i - 64]);
    expect(documentedBytes().indexOf(null)).toBe(64);
    expect(image.length).toBe(283); // "Its 283-byte image"
    expect(Buffer.from(image).toString("hex")).toBe(Buffer.from(expected).toString("hex"));
  });
});
