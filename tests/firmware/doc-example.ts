// Reads the worked-example image straight out of docs/library-image.md §8, so the tests follow the
// document rather than a copy of it; the digest placeholder is filled in with node:crypto.
import { readFileSync } from "node:fs";
import { rehash } from "./image-builder.ts";

const DOC_PATH = new URL("../../docs/library-image.md", import.meta.url);
export const DOC_EXAMPLE_LENGTH = 283;

export function docExampleImage(): Uint8Array {
  const text = readFileSync(DOC_PATH, "utf8");
  const section = text.slice(text.indexOf("## 8. Worked example"));
  const block = section.slice(section.indexOf("```") + 3, section.indexOf("```", section.indexOf("```") + 3));
  const image = new Uint8Array(DOC_EXAMPLE_LENGTH);
  let end = 0;
  for (const line of block.split("\n")) {
    const match = /^([0-9a-f]{4})\s+(.*)$/.exec(line);
    if (!match) continue;
    const offset = Number.parseInt(match[1], 16);
    const rest = match[2];
    let bytes: number[];
    const zeros = /^00 × (\d+)/.exec(rest);
    if (rest.startsWith("<32 bytes")) bytes = new Array(32).fill(0);
    else if (zeros) bytes = new Array(Number(zeros[1])).fill(0);
    else {
      bytes = [];
      for (const token of rest.split(/\s+/)) {
        if (!/^[0-9a-f]{2}$/.test(token)) break;
        bytes.push(Number.parseInt(token, 16));
      }
    }
    image.set(bytes, offset);
    end = Math.max(end, offset + bytes.length);
  }
  if (end !== DOC_EXAMPLE_LENGTH) throw new Error(`doc example parsed to ${end} bytes, expected ${DOC_EXAMPLE_LENGTH}`);
  return rehash(image);
}
