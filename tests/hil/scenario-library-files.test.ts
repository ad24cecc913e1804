// The library files the REQ-SIG scenarios send (hil/scenarios/files, docs/hil-scenarios.md §5):
// hil/scenarios/files/make-files.ts regenerates exactly the committed bytes (so the SHA-256 each
// scenario pins stays valid), the folder holds the PUBLIC test key and no private key, and every
// transferLibrary step names a file of the folder by its true SHA-256.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseKeyFile } from "../../simulator/host/key-files.ts";
import { verifySignedFile } from "../../hil/library/tools/signing/sign.ts";
import { FILES_DIR, scenarioFiles } from "../../hil/scenarios/files/make-files.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { scenarios } from "./helpers.ts";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const made = scenarioFiles();
const committed = (name: string): Uint8Array => new Uint8Array(readFileSync(`${FILES_DIR}/${name}`));

describe("REQ-HIL-001 the library files of the REQ-SIG scenarios", () => {
  it("REQ-HIL-001: regenerating them (make-files.ts) gives the committed bytes, and the folder holds nothing else but the generator", () => {
    for (const file of made) expect(sha256(committed(file.name)), file.name).toBe(sha256(file.bytes));
    expect(readdirSync(FILES_DIR).sort()).toEqual([...made.map((f) => f.name), "make-files.ts"].sort());
  });

  it("REQ-HIL-001: only the public test key is committed; the files are signed as their names say", () => {
    const key = parseKeyFile(readFileSync(`${FILES_DIR}/test-key.pub`, "utf8"), "test-key.pub");
    expect(key.kind).toBe("public");
    expect(key.kind === "public" && hex(key.publicKey)).toBe(hex(HOSPITAL_KEY.publicKey));
    for (const name of readdirSync(FILES_DIR)) {
      const text = readFileSync(`${FILES_DIR}/${name}`).toString("latin1");
      expect(text.includes("PRIVATE"), name).toBe(false);
      expect(text.includes("ed25519-private-seed"), name).toBe(false);
      for (const seed of [HOSPITAL_KEY.seedHex, OTHER_KEY.seedHex]) {
        expect(text.includes(seed), `${name} holds a private seed`).toBe(false);
        expect(
          Buffer.from(text, "latin1").includes(Buffer.from(seed, "hex")),
          `${name} holds a private seed's bytes`,
        ).toBe(false);
      }
    }
    expect(verifySignedFile(committed("example-v13-signed.dersimg"), HOSPITAL_KEY.publicKey)).toBe(true);
    expect(verifySignedFile(committed("example-v12-signed.dersimg"), HOSPITAL_KEY.publicKey)).toBe(true);
    expect(verifySignedFile(committed("example-v13-tampered.dersimg"), HOSPITAL_KEY.publicKey)).toBe(false);
    expect(verifySignedFile(committed("example-v14-other-key.dersimg"), OTHER_KEY.publicKey)).toBe(true);
    expect(verifySignedFile(committed("example-v14-other-key.dersimg"), HOSPITAL_KEY.publicKey)).toBe(false);
    const tampered = committed("example-v13-tampered.dersimg");
    const signed = committed("example-v13-signed.dersimg");
    expect([...signed].filter((b, i) => b !== tampered[i]).length).toBe(1);
  });

  it("REQ-HIL-001: every transferLibrary step pins the SHA-256 of a file in the folder, and every provisionKey step provisions a test key", () => {
    const steps = scenarios("hil/scenarios").flatMap((l) => l.scenario.steps);
    const transfers = steps.flatMap((s) => ("transferLibrary" in s ? [s.transferLibrary] : []));
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) {
      expect(t.file.startsWith(`${FILES_DIR}/`), t.file).toBe(true);
      expect(sha256(new Uint8Array(readFileSync(t.file))), t.file).toBe(t.sha256);
    }
    const keys = steps.flatMap((s) => ("provisionKey" in s ? [s.provisionKey] : []));
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect([hex(HOSPITAL_KEY.publicKey), hex(OTHER_KEY.publicKey)]).toContain(k);
  });
});
