// The worked-example image of docs/library-image.md §8, read straight out of the document so the
// tests follow the document rather than a copy of it. Imports nothing from firmware/ or hil/.
import { readFileSync } from "node:fs";
import { rehash } from "../oracle/test-image-writer.ts";

const DOC_PATH = new URL("../../docs/library-image.md", import.meta.url);
const DIGEST = "<32 bytes SHA-256 of body>";
/** "Its 283-byte image" */
export const DOC_EXAMPLE_LENGTH = 283;

/** Called with each dump line's address and the number of bytes read before it. */
export type AddressCheck = (address: number, expected: number, line: string) => void;

const throwOnWrongAddress: AddressCheck = (address, expected, line) => {
  if (address !== expected)
    throw new Error(`docs/library-image.md §8: line "${line}" at ${address}, expected ${expected}`);
};

/** The §8 dump as bytes, null for the 32 bytes of the digest placeholder. */
export function docExampleDump(checkAddress: AddressCheck = throwOnWrongAddress): (number | null)[] {
  const doc = readFileSync(DOC_PATH, "utf8");
  const section = doc.slice(doc.indexOf("## 8. Worked example"));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("docs/library-image.md §8 has no code block");
  const bytes: (number | null)[] = [];
  for (const line of block.split("\n")) {
    const match = /^([0-9a-f]{4}) {2}(.*)$/.exec(line);
    if (match === null) continue; // section captions such as "header"
    checkAddress(Number.parseInt(match[1], 16), bytes.length, line);
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

/** The §8 image with the digest placeholder filled in by node:crypto. */
export function docExampleImage(checkAddress?: AddressCheck): Uint8Array {
  const bytes = docExampleDump(checkAddress);
  if (bytes.length !== DOC_EXAMPLE_LENGTH)
    throw new Error(`doc example parsed to ${bytes.length} bytes, expected ${DOC_EXAMPLE_LENGTH}`);
  return rehash(Uint8Array.from(bytes, (b) => b ?? 0));
}
