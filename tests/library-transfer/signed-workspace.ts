// A temporary folder with what the last mile needs: a released library (the lifecycle test
// library), its file signed with the test HOSPITAL_KEY, an unsigned image of it, and the public
// key as the two files a pump's key is handed out in (labelled hex and PEM).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { publicKeyFileText, publicKeyObject } from "../../simulator/host/key-files.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { cleanLibrary, cli, tempDir, type Json } from "../library-lifecycle/helpers.ts";

export interface SignedWorkspace {
  dir: string;
  library: string;
  signed: string;
  unsigned: string;
  publicKey: string;
  publicPem: string;
  otherPublicKey: string;
  privateKey: string;
}

/** `mutate` edits the library before it is approved, released and signed (e.g. its version). */
export function signedWorkspace(mutate: (library: Json) => void = () => undefined): SignedWorkspace {
  const dir = tempDir("ders-last-mile");
  const library = join(dir, "library.json");
  const json = cleanLibrary();
  mutate(json);
  writeFileSync(library, `${JSON.stringify(json, null, 2)}\n`);
  const privateKey = join(dir, "release.key");
  writeFileSync(privateKey, `ed25519-private-seed:${HOSPITAL_KEY.seedHex}\n`);
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
  const signed = join(dir, "library.signed.dersimg");
  expect(cli("sign", library, "--key", privateKey, "-o", signed).code).toBe(0);
  const unsigned = join(dir, "library.dersimg");
  expect(cli("compile", library, "-o", unsigned).code).toBe(0);
  const publicKey = join(dir, "release.pub");
  writeFileSync(publicKey, publicKeyFileText(HOSPITAL_KEY.publicKey));
  const publicPem = join(dir, "release.pub.pem");
  writeFileSync(publicPem, publicKeyObject(HOSPITAL_KEY.publicKey).export({ format: "pem", type: "spki" }));
  const otherPublicKey = join(dir, "other.pub");
  writeFileSync(otherPublicKey, publicKeyFileText(OTHER_KEY.publicKey));
  return { dir, library, signed, unsigned, publicKey, publicPem, otherPublicKey, privateKey };
}
