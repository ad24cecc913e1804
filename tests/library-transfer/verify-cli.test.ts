// `library verify <file> --key <public-key-file>` (REQ-LC-032, REQ-SIG-005): the release firmware,
// provisioned with the key in a fresh instance, decides; its status is printed by name and exit 0
// means a provisioned pump admits the file. Run as a real process, and in-process for the refusals.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, firmwareCopy, tempDir } from "../library-lifecycle/helpers.ts";
import { signedWorkspace, type SignedWorkspace } from "./signed-workspace.ts";

let w: SignedWorkspace;
let firmware: string;
beforeAll(async () => {
  w = signedWorkspace();
  firmware = await firmwareCopy(tempDir("verify-fw"));
});

describe("REQ-LC-032 library verify: the firmware's own verdict on a signed file", () => {
  it("REQ-LC-032 REQ-SIG-005: a released file signed with the key: firmware status OK, exit 0 (real process, PEM key)", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "hil/library/cli.ts", "verify", w.signed, "--key", w.publicPem, "--firmware", firmware],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("firmware status: OK\n");
    expect(run.stdout).toMatch(/admitted: library version 4, 5 entries, 2 care areas; body SHA-256 [0-9a-f]{64}\n$/);
  });

  it.each([
    ["an unsigned image", (x: SignedWorkspace) => x.unsigned, (x: SignedWorkspace) => x.publicKey, "IMAGE_UNSIGNED"],
    [
      "a file signed with another key",
      (x: SignedWorkspace) => x.signed,
      (x: SignedWorkspace) => x.otherPublicKey,
      "IMAGE_WRONG_KEY",
    ],
  ])("REQ-LC-032 REQ-SIG-005: %s is refused with the firmware's status name, exit 1", (_, file, key, status) => {
    const run = cli("verify", file(w), "--key", key(w), "--firmware", firmware);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`firmware status: ${status}`);
    expect(run.err).toEqual([
      `refused: a pump provisioned with this key does not load ${file(w)} (${status}, docs/abi.md §6)`,
    ]);
  });

  it("REQ-LC-032 REQ-SIG-007: one changed byte in the signed file is refused", () => {
    const bytes = new Uint8Array(readFileSync(w.signed));
    bytes[200] ^= 0x01;
    const tampered = join(w.dir, "tampered.dersimg");
    writeFileSync(tampered, bytes);
    const run = cli("verify", tampered, "--key", w.publicKey, "--firmware", firmware);
    expect(run.code).toBe(1);
    expect(run.out.find((l) => l.startsWith("firmware status: "))).toMatch(
      /^firmware status: IMAGE_(SIGNATURE|DIGEST)$/,
    );
  });

  it("REQ-LC-032: usage and key errors exit 2 and say what to give", () => {
    expect(cli("verify", w.signed).err.join("")).toMatch(/verify needs the pumps' public key: add --key/);
    const privateKey = cli("verify", w.signed, "--key", w.privateKey, "--firmware", firmware);
    expect(privateKey.code).toBe(2);
    expect(privateKey.err.join("")).toMatch(/holds a private key; verify takes the public key the pumps hold/);
    expect(cli("verify", join(w.dir, "missing.dersimg"), "--key", w.publicKey, "--firmware", firmware).code).toBe(2);
    expect(cli("verify", w.signed, "--key", w.publicKey, "--firmware", join(w.dir, "nope.wasm")).code).toBe(2);
  });
});
