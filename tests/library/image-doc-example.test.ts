// REQ-LIB-011: the worked hex example of docs/library-image.md §8 is read out of the document
// itself and compared with the compiled tests/fixtures/tiny-library.json, byte for byte.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compile.ts";
import { readJson, TINY_LIBRARY_PATH } from "./helpers.ts";

const DIGEST = "<32 bytes SHA-256 of body>";

/** The §8 dump as bytes (null for the digest placeholder); checks each line's offset on the way. */
function documentedBytes(): (number | null)[] {
  const doc = readFileSync("docs/library-image.md", "utf8");
  const section = doc.slice(doc.indexOf("## 8. Worked example"));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("docs/library-image.md §8 has no code block");
  const bytes: (number | null)[] = [];
  for (const line of block.split("\n")) {
    const match = /^([0-9a-f]{4}) {2}(.*)$/.exec(line);
    if (match === null) continue; // section captions such as "header"
    expect(Number.parseInt(match[1], 16), `offset of line "${line}"`).toBe(bytes.length);
    const data = match[2].split(/ {2,}/)[0]; // hex columns end where the annotation begins
    if (data === DIGEST) {
      bytes.push(...Array<null>(32).fill(null));
      continue;
    }
    const repeat = /^([0-9a-f]{2}) × (\d+)$/.exec(data);
    if (repeat !== null) {
      bytes.push(...Array<number>(Number(repeat[2])).fill(Number.parseInt(repeat[1], 16)));
      continue;
    }
    for (const token of data.split(" ")) {
      if (!/^[0-9a-f]{2}$/.test(token)) throw new Error(`unexpected token "${token}" in line "${line}"`);
      bytes.push(Number.parseInt(token, 16));
    }
  }
  return bytes;
}

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
