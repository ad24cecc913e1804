// HELLO's build id is derived from the binary (REQ-PORT-012, release/build-id.ts, docs/release.md
// §5): `npm run build:firmware` stamps each module with <version>+<hex of its SHA-256 as compiled>,
// and anyone checks it by writing the placeholder back and hashing.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILD_ID_PLACEHOLDER, FIRMWARE_VERSION } from "../../firmware/abi/codes.ts";
import { buildIdOf, readBuildId, stampBuildId } from "../../release/build-id.ts";
import { Firmware } from "../../simulator/host/firmware.ts";

const RELEASE = readFileSync("build/ders.wasm");

describe("REQ-PORT-012 HELLO's build id is the binary's own", () => {
  it("REQ-PORT-012: the release module carries <version>+<10 hex of the SHA-256 of itself with the placeholder in place>", () => {
    const id = readBuildId(RELEASE);
    expect(id).toMatch(new RegExp(`^${FIRMWARE_VERSION.replace(/\./g, "\\.")}\\+[0-9a-f]{10}$`));
    const at = Buffer.from(RELEASE).indexOf(id, 0, "latin1");
    const compiled = Buffer.from(RELEASE);
    compiled.write(BUILD_ID_PLACEHOLDER, at, "latin1");
    expect(id.slice(FIRMWARE_VERSION.length + 1)).toBe(
      createHash("sha256").update(compiled).digest("hex").slice(0, 10),
    );
  });

  it("REQ-PORT-012: HELLO on the release module reports exactly that id", async () => {
    const firmware = await Firmware.fromFile("build/ders.wasm");
    firmware.init();
    const frame = Uint8Array.of(
      0x03,
      0x01,
      0x01,
      0x01,
      0x02,
      0x01,
      0x02,
      0x01,
      0x06,
      0x01,
      0x62,
      0x73,
      0x7d,
      0x76,
      0x00,
    );
    firmware.receive(frame);
    const answer = Buffer.from(firmware.transmit());
    expect(answer.includes(Buffer.from(readBuildId(RELEASE), "latin1"))).toBe(true);
  });

  it("REQ-PORT-012: one byte more or less in the binary gives another id; a module stamped twice or without the placeholder is refused", () => {
    const compiled = Buffer.from(RELEASE);
    const id = readBuildId(RELEASE);
    compiled.write(BUILD_ID_PLACEHOLDER, compiled.indexOf(id, 0, "latin1"), "latin1");
    const changed = Buffer.from(compiled);
    changed[changed.length - 1] ^= 1;
    expect(buildIdOf(changed)).not.toBe(buildIdOf(compiled));
    expect(readBuildId(stampBuildId(compiled))).toBe(id);
    expect(() => stampBuildId(RELEASE, "build/ders.wasm")).toThrow("occurs 0 times, not once");
    const tampered = Buffer.from(RELEASE);
    tampered[tampered.length - 1] ^= 1;
    expect(() => readBuildId(tampered)).toThrow("is not its own");
  });
});
