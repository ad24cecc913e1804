// Every hex example in docs/ decodes (issue 10 §9: a client or host written from the docs alone must
// be able to trust their bytes). Each fenced block of hex bytes is either a frame pair
// (```hex decoded:<name> / ```hex wire:<name>), decoded here by the host codec — wire is the COBS of
// decoded plus the delimiter, the frame's CRC-32, version and length check out — or a dump that a
// named test reproduces from the firmware or the compiler; a new dump that no test decodes fails.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cobsDecode } from "../../simulator/client/cobs.ts";
import { checkDecoded, checkSegment } from "../../simulator/client/frame.ts";

interface HexBlock {
  doc: string;
  /** The info string after ```, e.g. "hex wire:hello-response", or "" for a plain block. */
  info: string;
  firstLine: string;
  bytes: Uint8Array;
}

/** Plain dumps decoded by their own tests (doc → the test that reads that doc's dump). */
const DUMPS_DECODED_BY: Record<string, string> = {
  "docs/event-log.md": "tests/nv/event-log-ring.test.ts",
  "docs/library-image.md": "tests/library/image-doc-example.test.ts",
};

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith(".md") ? [path] : [];
    });
}

/** Fenced blocks of at least 8 hex byte tokens (offset columns and trailing notes allowed in dumps). */
function hexBlocks(): HexBlock[] {
  const found: HexBlock[] = [];
  for (const doc of markdownFiles("docs")) {
    const text = readFileSync(doc, "utf8");
    for (const match of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```/gm)) {
      const [, info, body] = match;
      const tokens = body.match(/\b[0-9a-fA-F]{2}\b/g) ?? [];
      if (!info.startsWith("hex") && tokens.length < 8) continue;
      const bytes = info.startsWith("hex")
        ? Uint8Array.from(
            body
              .trim()
              .split(/\s+/)
              .map((h) => Number.parseInt(h, 16)),
          )
        : new Uint8Array();
      found.push({ doc, info, firstLine: body.split("\n")[0], bytes });
    }
  }
  return found;
}

const blocks = hexBlocks();
const frames = blocks.filter((b) => b.info.startsWith("hex "));

describe("REQ-PRO-014 every hex example in docs/ decodes", () => {
  it("finds the documents' examples (the reader is not blind)", () => {
    expect(frames.length).toBeGreaterThanOrEqual(40);
    expect(new Set(blocks.map((b) => b.doc))).toEqual(
      new Set(["docs/protocol.md", "docs/workflow.md", ...Object.keys(DUMPS_DECODED_BY)]),
    );
  });

  it("every ```hex block is a decoded or wire frame, written as hex bytes", () => {
    for (const block of frames) {
      expect(block.info, `${block.doc}: ${block.info}`).toMatch(/^hex (decoded|wire):[a-z0-9-]+$/);
      expect(
        [...block.bytes].every((b) => b >= 0 && b <= 0xff),
        `${block.doc} ${block.info} has a non-hex byte`,
      ).toBe(true);
    }
  });

  it("every decoded frame checks out (CRC-32, version, length) and has its wire form, which is its COBS plus 0x00", () => {
    for (const block of frames.filter((b) => b.info.startsWith("hex decoded:"))) {
      const name = block.info.slice("hex decoded:".length);
      const check = checkDecoded(block.bytes);
      expect(check.ok, `${block.doc} decoded:${name} does not check out`).toBe(true);
      const wire = frames.find((b) => b.doc === block.doc && b.info === `hex wire:${name}`);
      expect(wire, `${block.doc} has decoded:${name} but no wire:${name}`).toBeDefined();
      const bytes = wire!.bytes;
      expect(bytes[bytes.length - 1], `${block.doc} wire:${name} ends with the delimiter`).toBe(0);
      expect(cobsDecode(bytes.subarray(0, -1)), `${block.doc} wire:${name} is the COBS of decoded:${name}`).toEqual(
        block.bytes,
      );
      expect(checkSegment(bytes.subarray(0, -1)).ok).toBe(true);
    }
  });

  it("a byte changed in an example would be caught (negative control)", () => {
    const decoded = frames.find((b) => b.info.startsWith("hex decoded:"))!.bytes.slice();
    decoded[decoded.length - 5] ^= 1;
    expect(checkDecoded(decoded).ok).toBe(false);
  });

  it("every wire frame has its decoded form, except a damaged one, which indeed does not decode", () => {
    for (const block of frames.filter((b) => b.info.startsWith("hex wire:"))) {
      const name = block.info.slice("hex wire:".length);
      if (name.startsWith("damaged-")) {
        expect(checkSegment(block.bytes.subarray(0, -1)).ok, `${block.doc} wire:${name} is meant to be damaged`).toBe(
          false,
        );
        continue;
      }
      expect(
        frames.some((b) => b.doc === block.doc && b.info === `hex decoded:${name}`),
        `${block.doc} wire:${name} has no decoded:${name}`,
      ).toBe(true);
    }
  });

  it("every plain hex dump is reproduced by a named test that reads its document", () => {
    for (const block of blocks.filter((b) => !b.info.startsWith("hex"))) {
      const test = DUMPS_DECODED_BY[block.doc];
      expect(test, `${block.doc}: the hex dump starting "${block.firstLine}" is decoded by no test`).toBeDefined();
      expect(readFileSync(test, "utf8"), `${test} reads ${block.doc}`).toContain(block.doc.slice("docs/".length));
    }
  });
});
