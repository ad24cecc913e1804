// `npm run library -- sign` and `key-id` (REQ-SIG-001, REQ-LC-019): only a released library whose
// approvals match is signed; the output is the compiled image plus the trailer, verifies with
// node:crypto and is admitted by a pump provisioned with the key. Keys as PEM or labelled hex files
// ("ed25519-private-seed:<hex>", "ed25519-public:<hex>"); bare hex is refused as ambiguous.
import { createHash, createPublicKey } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SIGNATURE_TRAILER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { verifySignedFile } from "../../hil/library/tools/signing/sign.ts";
import { keyIdOf, splitSignedFile } from "../../hil/library/tools/signing/trailer.ts";
import { cli, cleanLibrary, tempDir } from "../library-lifecycle/helpers.ts";
import { loadImage } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { pump } from "./pump.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function workspace() {
  const dir = tempDir("ders-sign");
  const library = join(dir, "library.json");
  writeFileSync(library, `${JSON.stringify(cleanLibrary(), null, 2)}\n`);
  const hexKey = join(dir, "key.hex");
  writeFileSync(hexKey, `ed25519-private-seed:${HOSPITAL_KEY.seedHex}\n`);
  const pemKey = join(dir, "key.pem");
  writeFileSync(pemKey, HOSPITAL_KEY.privateKey.export({ format: "pem", type: "pkcs8" }));
  return { dir, library, hexKey, pemKey, out: join(dir, "library.signed.dersimg") };
}

function release(library: string): void {
  expect(
    cli(
      "approve",
      library,
      "--approver",
      "Ana Lima:pharmacist",
      "--approver",
      "Ben Okafor:nurse",
      "--approver",
      "Chen Wu:physician",
      "--date",
      "2025-03-14",
    ).code,
  ).toBe(0);
  expect(cli("release", library).code).toBe(0);
}

describe("REQ-SIG-001 REQ-LC-019 library sign", () => {
  it("refuses a draft and an approved library (exit 1, nothing written), as signingRefusals() does", () => {
    const w = workspace();
    const draft = cli("sign", w.library, "--key", w.hexKey, "-o", w.out);
    expect(draft.code).toBe(1);
    expect(draft.err.join("\n")).toMatch(/only a released library can be signed; this one is draft/);
    expect(existsSync(w.out)).toBe(false);
    expect(
      cli(
        "approve",
        w.library,
        "--approver",
        "Ana Lima:pharmacist",
        "--approver",
        "Ben Okafor:nurse",
        "--approver",
        "Chen Wu:physician",
      ).code,
    ).toBe(0);
    expect(cli("sign", w.library, "--key", w.hexKey, "-o", w.out).code).toBe(1);
    expect(existsSync(w.out)).toBe(false);
  });

  it("signs a released library: image + 80-byte trailer, Ed25519 over every image byte, admitted by a provisioned pump", () => {
    const w = workspace();
    release(w.library);
    const run = cli("sign", w.library, "--key", w.pemKey, "-o", w.out);
    expect(run.code).toBe(0);
    const file = new Uint8Array(readFileSync(w.out));
    const compiled = compileLibrary(JSON.parse(readFileSync(w.library, "utf8")));
    if (!compiled.ok) throw new Error("does not compile");
    const { image, trailer } = splitSignedFile(file);
    expect(hex(image)).toBe(hex(compiled.image));
    expect(file.length).toBe(compiled.image.length + SIGNATURE_TRAILER_SIZE);
    expect(trailer).toMatchObject({ version: 1, size: SIGNATURE_TRAILER_SIZE });
    expect(hex(trailer!.keyId)).toBe(hex(keyIdOf(HOSPITAL_KEY.publicKey)));
    expect(verifySignedFile(file, HOSPITAL_KEY.publicKey)).toBe(true);
    expect(verifySignedFile(file, OTHER_KEY.publicKey)).toBe(false);
    expect(run.out.join("\n")).toContain(`key id ${hex(keyIdOf(HOSPITAL_KEY.publicKey))}`);
    expect(run.out.join("\n")).toContain(`file SHA-256: ${createHash("sha256").update(file).digest("hex")}`);
    // The same bytes from the hex key file: Ed25519 signing is deterministic.
    const again = join(w.dir, "again.dersimg");
    expect(cli("sign", w.library, "--key", w.hexKey, "-o", again).code).toBe(0);
    expect(hex(readFileSync(again))).toBe(hex(file));
    const firmware = pump({ key: HOSPITAL_KEY.publicKey });
    expect(loadImage(firmware, file)).toBe(Status.OK);
    expect(firmware.libraryVersion()).toBe(4);
  });

  it("usage and key errors exit 2 and name the fix", () => {
    const w = workspace();
    release(w.library);
    const notAKey = join(w.dir, "not-a-key.txt");
    writeFileSync(notAKey, "hello\n");
    const rsa = join(w.dir, "short.hex");
    writeFileSync(rsa, "abcd\n");
    expect(cli("sign", w.library, "-o", w.out).err.join("")).toMatch(/needs --key/);
    expect(cli("sign", w.library, "--key", w.hexKey).err.join("")).toMatch(/needs -o/);
    const bad = cli("sign", w.library, "--key", notAKey, "-o", w.out);
    expect(bad.code).toBe(2);
    expect(bad.err.join("")).toMatch(
      /not an Ed25519 key file.*openssl genpkey -algorithm ed25519.*ed25519-private-seed:<64 hex digits>/,
    );
    expect(cli("sign", w.library, "--key", rsa, "-o", w.out).code).toBe(2);
    expect(cli("sign", w.library, "--key", w.hexKey, "-o", w.library).code).toBe(2); // never over an input
    expect(existsSync(w.out)).toBe(false);
  });

  it("REQ-SIG-001: a library file that is not JSON is named in the error (exit 1, nothing written)", () => {
    const w = workspace();
    writeFileSync(w.library, "{ nope");
    const run = cli("sign", w.library, "--key", w.pemKey, "-o", w.out);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/^\/: ".*library\.json" is not valid JSON: .+ \[json-syntax\]$/);
    expect(run.err[0]).toContain(`"${w.library}"`);
    expect(existsSync(w.out)).toBe(false);
  });
});

describe("REQ-SIG-003 library key-id", () => {
  it("prints the raw public key and key id from a private PEM, a public PEM and labelled hex keys", () => {
    const w = workspace();
    const publicPem = join(w.dir, "public.pem");
    writeFileSync(publicPem, createPublicKey(HOSPITAL_KEY.privateKey).export({ format: "pem", type: "spki" }));
    const publicHex = join(w.dir, "public.hex");
    writeFileSync(publicHex, `ed25519-public:${hex(HOSPITAL_KEY.publicKey)}\n`);
    const expected = [`public key: ${hex(HOSPITAL_KEY.publicKey)}`, `key id: ${hex(keyIdOf(HOSPITAL_KEY.publicKey))}`];
    for (const file of [w.pemKey, w.hexKey, publicPem, publicHex])
      expect(cli("key-id", file)).toEqual({ code: 0, out: expected, err: [] });
  });
});

describe("REQ-SIG-001 REQ-SIG-003 key files say whether they hold a private or a public key", () => {
  it("REQ-SIG-003: key-id never prints a private seed as the public key: bare hex is refused as ambiguous (exit 2)", () => {
    const w = workspace();
    const bare = join(w.dir, "bare.hex");
    writeFileSync(bare, `${HOSPITAL_KEY.seedHex}\n`);
    const run = cli("key-id", bare);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err.join("\n")).not.toContain(HOSPITAL_KEY.seedHex);
    expect(run.err).toEqual([
      `error: ${bare} holds 64 bare hex digits, which could be a private seed or a public key; label it: "ed25519-private-seed:<hex>" for the private key (sign), "ed25519-public:<hex>" for the public key (key-id)`,
    ]);
    // The labelled seed gives the public key derived from it, never the seed itself.
    const labelled = cli("key-id", w.hexKey);
    expect(labelled.out[0]).toBe(`public key: ${hex(HOSPITAL_KEY.publicKey)}`);
    expect(labelled.out.join("\n")).not.toContain(HOSPITAL_KEY.seedHex);
  });

  it("REQ-SIG-001: sign refuses a public key (labelled hex or PEM) and bare hex as the signing key (exit 2, nothing written)", () => {
    const w = workspace();
    release(w.library);
    const publicHex = join(w.dir, "public.hex");
    writeFileSync(publicHex, `ed25519-public:${hex(HOSPITAL_KEY.publicKey)}\n`);
    const publicPem = join(w.dir, "public.pem");
    writeFileSync(publicPem, createPublicKey(HOSPITAL_KEY.privateKey).export({ format: "pem", type: "spki" }));
    const barePublic = join(w.dir, "bare-public.hex");
    writeFileSync(barePublic, `${hex(HOSPITAL_KEY.publicKey)}\n`);
    const bareSeed = join(w.dir, "bare-seed.hex");
    writeFileSync(bareSeed, `${HOSPITAL_KEY.seedHex}\n`);
    for (const key of [publicHex, publicPem]) {
      expect(cli("sign", w.library, "--key", key, "-o", w.out)).toEqual({
        code: 2,
        out: [],
        err: [
          `error: ${key} holds a public key; signing needs the private key ("openssl genpkey -algorithm ed25519" PEM or "ed25519-private-seed:<hex>")`,
        ],
      });
    }
    for (const key of [barePublic, bareSeed]) {
      const run = cli("sign", w.library, "--key", key, "-o", w.out);
      expect(run.code).toBe(2);
      expect(run.err.join("")).toMatch(
        /holds 64 bare hex digits, which could be a private seed or a public key; label it/,
      );
    }
    const short = join(w.dir, "short-seed.hex");
    writeFileSync(short, "ed25519-private-seed:abcd\n");
    expect(cli("sign", w.library, "--key", short, "-o", w.out).err).toEqual([
      `error: ${short}: after "ed25519-private-seed:" give exactly 64 hex digits (32 bytes), got 4 characters`,
    ]);
    expect(existsSync(w.out)).toBe(false);
  });
});
