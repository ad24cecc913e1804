// The hex examples of docs/protocol.md §7, read from the document itself: the host codec decodes
// them, and the firmware reproduces every documented response and event byte for byte.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Command, ErrorDetail, FrameType, Result, UNTRUSTED_SEQUENCE } from "../../firmware/abi/protocol-codes.ts";
import { cobsDecode } from "../../simulator/client/cobs.ts";
import { checkDecoded, checkSegment, encodeFrame, splitStream } from "../../simulator/client/frame.ts";
import { readBuildId } from "../../release/build-id.ts";
import { protocolModuleBytes } from "./firmware.ts";
import { decodeCheckProgram, decodeError, decodeHello } from "../../simulator/client/messages.ts";
import { transcribe } from "../../simulator/client/transcript.ts";
import { IMAGE_HEADER_SIZE } from "../../firmware/abi/codes.ts";
import { exampleLibraryImage, freshPump } from "./harness.ts";
import { WasmLink } from "../../simulator/link/wasm-link.ts";
import { PROFILE } from "../support/profile.ts";

const DOC = readFileSync("docs/protocol.md", "utf8");

/** Every ```hex wire:<name> / ```hex decoded:<name> block of the document. */
function hexBlocks(): Map<string, Uint8Array> {
  const blocks = new Map<string, Uint8Array>();
  for (const match of DOC.matchAll(/```hex (wire|decoded):([a-z-]+)\n([\s\S]*?)```/g)) {
    const bytes = match[3]
      .trim()
      .split(/\s+/)
      .map((h) => Number.parseInt(h, 16));
    if (bytes.some((b) => !(b >= 0 && b <= 0xff)))
      throw new Error(`docs/protocol.md ${match[1]}:${match[2]} has a non-hex byte`);
    blocks.set(`${match[1]}:${match[2]}`, Uint8Array.from(bytes));
  }
  return blocks;
}

const blocks = hexBlocks();
const block = (key: string): Uint8Array => {
  const bytes = blocks.get(key);
  if (bytes === undefined) throw new Error(`docs/protocol.md has no \`\`\`hex ${key} block`);
  return bytes;
};
const frameOf = (name: string) => {
  const check = checkSegment(block(`wire:${name}`).subarray(0, -1));
  if (!check.ok) throw new Error(`docs/protocol.md example ${name} does not decode: detail ${check.detail}`);
  return check.frame;
};

describe("REQ-PRO-014 docs/protocol.md examples, host codec", () => {
  it("every wire block is COBS of its decoded block followed by one delimiter", () => {
    expect(blocks.size).toBe(13);
    for (const [key, wire] of blocks) {
      if (!key.startsWith("wire:")) continue;
      expect(wire.at(-1), key).toBe(0);
      expect(wire.subarray(0, -1).includes(0), key).toBe(false);
      const decoded = blocks.get(`decoded:${key.slice(5)}`);
      if (decoded !== undefined) expect(cobsDecode(wire.subarray(0, -1)), key).toEqual(decoded);
    }
  });

  it("the frames carry the fields the text describes", () => {
    expect(frameOf("hello-request")).toMatchObject({
      type: FrameType.REQUEST,
      sequence: 0,
      code: Command.HELLO,
      payload: Uint8Array.of(1),
    });
    expect(decodeHello(frameOf("hello-response").payload)).toMatchObject({
      protocolVersion: 1,
      abiVersion: 7,
      firmwareBuildId: "0.4.0+2b52ade2f7",
      libraryActive: true,
      libraryVersion: 12,
      keyState: 0,
      alarmMask: 0,
      memoryProfile: 0,
      libraryName: "General Hospital (example)",
      maxPayload: 1012,
      libraryBodyDigest: "3bc42afc38dc2da1d8ad07d2c42cbd3e00e26e6dd818e23ede49c7fd52f7a10b",
    });
    // The documented digest is the SHA-256 of the example library's image body (docs/library-image.md §1).
    const body = exampleLibraryImage().subarray(IMAGE_HEADER_SIZE);
    expect(decodeHello(frameOf("hello-response").payload).libraryBodyDigest).toBe(
      createHash("sha256").update(body).digest("hex"),
    );
    expect(frameOf("check-request")).toMatchObject({ sequence: 1, code: Command.CHECK_PROGRAM });
    expect(frameOf("check-event")).toMatchObject({ type: FrameType.EVENT, sequence: 2, code: 4 });
    const check = decodeCheckProgram(frameOf("check-response").payload);
    expect([check.status, check.verdict, check.bindingParam, check.bindingTier, check.bindingLimitValue]).toEqual([
      0,
      1,
      3,
      3,
      25_000_000n,
    ]);
    const error = frameOf("frame-error-response");
    expect([error.sequence, error.code]).toEqual([UNTRUSTED_SEQUENCE, 0]);
    expect(decodeError(error.payload)).toEqual({ result: Result.FRAME_ERROR, detail: ErrorDetail.CRC });
    expect(checkSegment(block("wire:damaged-request").subarray(0, -1))).toEqual({ ok: false, detail: ErrorDetail.CRC });
    expect(checkDecoded(block("decoded:hello-request")).ok).toBe(true);
  });

  it("the transcript of §8 is what the transcript decoder prints for the examples", () => {
    const toPump = Buffer.concat([
      block("wire:hello-request"),
      block("wire:check-request"),
      block("wire:damaged-request"),
    ]);
    const fromPump = Buffer.concat([
      block("wire:hello-response"),
      block("wire:check-event"),
      block("wire:check-response"),
      block("wire:frame-error-response"),
    ]);
    const lines = [...transcribe(toPump, "→"), ...transcribe(fromPump, "←")];
    const section = DOC.slice(DOC.indexOf("## 8. Transcripts"));
    const documented = /```\n([\s\S]*?)```/.exec(section)![1].trim().split("\n");
    expect([...documented].sort()).toEqual([...lines].sort());
  });
});

/**
 * The documented HELLO response with the module's own build id where the example's is: the id is
 * derived from the binary (release/build-id.ts) and changes with every build; every other byte is
 * as documented.
 */
function helloAsBuilt(buildId: string): Uint8Array {
  const frame = frameOf("hello-response");
  const payload = Uint8Array.from(frame.payload);
  payload.set(Buffer.from(buildId, "latin1"), 4);
  payload[96] = PROFILE; // the example is the standard build's; the suite may run on another profile

  return encodeFrame(frame.type, frame.sequence, frame.code, payload);
}

describe("REQ-PRO-014 docs/protocol.md examples, firmware", () => {
  let link: WasmLink;
  let buildId: string;
  beforeAll(async () => {
    buildId = readBuildId(await protocolModuleBytes());
    link = new WasmLink(await freshPump());
    link.drain(); // the init and libraryLoad events
  });

  it("answers the HELLO, the CHECK_PROGRAM and the damaged request exactly as documented", () => {
    link.feed(block("wire:hello-request"));
    expect(link.drain()).toEqual(Buffer.from(helloAsBuilt(buildId)));
    link.feed(block("wire:check-request"));
    expect(splitStream(link.drain()).map((s) => Buffer.from([...s, 0]))).toEqual([
      Buffer.from(block("wire:check-event")),
      Buffer.from(block("wire:check-response")),
    ]);
    link.feed(block("wire:damaged-request"));
    expect(link.drain()).toEqual(Buffer.from(block("wire:frame-error-response")));
  });
});
